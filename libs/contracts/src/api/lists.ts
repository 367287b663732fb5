import type { JobResponse } from './jobs';
import type { PeerResponse } from './peers';

/**
 * The vocabulary of the fleet-scale lists (peers of a WAN, jobs, audit): which columns a list
 * sorts by and which values its filters take, shared so the console offers exactly what the API
 * accepts. A sort is a field name, or the name with a `-` prefix for descending order.
 */
export const PEER_SORT_FIELDS = ['name', 'type', 'status', 'tunnelAddress', 'lastHandshake', 'createdAt'] as const;
export type PeerSortField = (typeof PEER_SORT_FIELDS)[number];
/** `removing`: deleted, waiting for its undeploy job to clean its router. */
export const PEER_LIST_STATUSES = ['online', 'offline', 'removing'] as const;
export type PeerListStatus = (typeof PEER_LIST_STATUSES)[number];

export const JOB_SORT_FIELDS = ['createdAt', 'updatedAt'] as const;
export type JobSortField = (typeof JOB_SORT_FIELDS)[number];

/** Every sort a list accepts: each field ascending and, with `-`, descending. */
export const sortValues = <F extends string>(fields: readonly F[]): (F | `-${F}`)[] => fields.flatMap((field) => [field, `-${field}` as const]);

/** A peer as the WAN's peer list shows it: the peer plus the traffic its links carried. */
export interface PeerListItemResponse extends PeerResponse {
  /** Bytes the peer received over all its links, as routers last reported them; null before any report. */
  readonly rxBytes: number | null;
  /** Bytes the peer sent over all its links; null before any report. */
  readonly txBytes: number | null;
}

/** A job as the job list shows it: with the names of its router and WAN, so no row needs another call. */
export interface JobListItemResponse extends JobResponse {
  readonly peerName: string;
  /** Null for a job that belongs to no WAN. */
  readonly wanName: string | null;
}
