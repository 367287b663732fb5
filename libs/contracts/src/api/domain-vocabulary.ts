// Type-only: the API answers with the domain's own vocabularies (peer types, topologies,
// resolutions, compile issues); nothing of the domain runs here, so contracts stay a leaf at runtime.
// eslint-disable-next-line @nx/enforce-module-boundaries
export type { CompileIssue, ConflictResolution, ConflictSeverity, PeerType, ServiceProtocol, TopologyType } from '@wom/domain';
