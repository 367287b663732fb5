export { detectConflicts } from './conflict.detector';
export {
  CONFLICT_RESOLUTIONS,
  CONFLICT_SEVERITIES,
  ROUTING_CONFLICT_KINDS,
  WAN_RANGE_KINDS,
  type ConflictInput,
  type ConflictOptions,
  type ConflictResolution,
  type ConflictSeverity,
  type CriticalConflict,
  type RoutingConflict,
  type RoutingConflictKind,
  type ShadowedLan,
  type SubnetConflict,
  type SubnetParty,
  type WanRangeKind,
  type WanRangeParty,
} from './conflict.model';
