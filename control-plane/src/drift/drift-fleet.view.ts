/** The kinds of drift a device can show; routers report all four, agents the first three. */
export const DRIFT_KINDS = ['missing', 'mismatched', 'unknown', 'misplaced'] as const;
export type FleetDriftKind = (typeof DRIFT_KINDS)[number];

/** Where a device's drift comes from: a router's REST rows, or a site agent's own report. */
export type DriftSource = 'router' | 'agent';

/** `unchecked`: nothing has read the device yet, so nobody knows. */
export type DriftState = 'in-sync' | 'drifted' | 'unchecked';

/** One device's latest drift, as the fleet view lists it. */
export interface FleetDriftItem {
  readonly peerId: string;
  readonly name: string;
  readonly type: string;
  readonly deploymentMode: string;
  readonly source: DriftSource;
  readonly isOnline: boolean;
  readonly state: DriftState;
  /** When the device was last checked; for an agent, when it last reported drift (it checks continuously). */
  readonly checkedAt: string | null;
  /** Findings per kind; all zero when in sync or unchecked. */
  readonly kinds: Readonly<Record<FleetDriftKind, number>>;
  readonly entries: number;
}

/** The columns one fleet row reads, as the statement returns them. */
export interface FleetDriftRow {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly deployment_mode: string;
  readonly is_online: boolean;
  readonly router_report: Record<string, unknown> | null;
  readonly router_checked_at: Date | null;
  readonly agent_report: Record<string, unknown> | null;
  readonly agent_drift_at: Date | null;
  readonly agent_applied_revision: string | null;
}

const noKinds = (): Record<FleetDriftKind, number> => ({ missing: 0, mismatched: 0, unknown: 0, misplaced: 0 });

/**
 * One device's drift from what the router check or the agent stored. A router's report carries
 * a per-kind `summary`; an agent's carries `items` with a `kind` each, and no report at all
 * once it applied a revision means it found nothing.
 *
 * Example: a router whose report says `{ inSync: false, summary: { missing: 1, unknown: 2 } }`
 * → `{ source: 'router', state: 'drifted', kinds: { missing: 1, unknown: 2, … }, entries: 3 }`.
 */
export function toFleetDriftItem(row: FleetDriftRow): FleetDriftItem {
  const base = { peerId: row.id, name: row.name, type: row.type, deploymentMode: row.deployment_mode, isOnline: row.is_online };
  const kinds = noKinds();
  if (row.deployment_mode === 'agent') {
    const items = Array.isArray(row.agent_report?.['items']) ? (row.agent_report['items'] as { kind?: unknown }[]) : [];
    for (const item of items) if (isKind(item.kind)) kinds[item.kind]++;
    const applied = row.agent_applied_revision !== null && Number(row.agent_applied_revision) > 0;
    const state: DriftState = items.length > 0 ? 'drifted' : applied ? 'in-sync' : 'unchecked';
    return { ...base, source: 'agent', state, checkedAt: row.agent_drift_at?.toISOString() ?? null, kinds, entries: items.length };
  }
  const report = row.router_report;
  const summary = (report?.['summary'] ?? {}) as Record<string, unknown>;
  for (const kind of DRIFT_KINDS) kinds[kind] = typeof summary[kind] === 'number' ? summary[kind] : 0;
  const entries = Array.isArray(report?.['entries']) ? (report['entries'] as unknown[]).length : Object.values(kinds).reduce((a, b) => a + b, 0);
  const state: DriftState = report === null ? 'unchecked' : report['inSync'] === false ? 'drifted' : 'in-sync';
  return { ...base, source: 'router', state, checkedAt: row.router_checked_at?.toISOString() ?? null, kinds, entries };
}

const isKind = (kind: unknown): kind is FleetDriftKind => typeof kind === 'string' && (DRIFT_KINDS as readonly string[]).includes(kind);
