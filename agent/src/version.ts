import { AGENT_PROTOCOL } from '@wom/contracts';

/** Reported at enrollment and in every status report. */
export const AGENT_VERSION = '0.1.0';

/** `wom-agent 0.1.0 (protocol wom.agent.v1)`: what `--version` prints. */
export const versionLine = (): string => `wom-agent ${AGENT_VERSION} (protocol ${AGENT_PROTOCOL})`;
