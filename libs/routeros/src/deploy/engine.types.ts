/**
 * The deployment engine's data shapes: what its functions take and return. Kept apart from
 * the facade (engine.api.ts) so every step can import them without importing the facade,
 * which imports every step: imports in this folder point one way only (import-graph.spec.ts).
 */
import type { DesiredState } from '@wom/domain';
import type { RouterOsMenu, RouterOsRow } from '@wom/renderers';

// ─── shared ──────────────────────────────────────────────────────────────────────────────

/** A failure as data: a stable code (`ROUTEROS.*` or `DEPLOY.*`), a message and what to do. */
export interface EngineError {
  readonly code: string;
  readonly message: string;
  readonly suggestion?: string;
  /** RouterOS's own wording, when it gave one. */
  readonly detail?: string;
}

/**
 * What the router should hold for one peer. A {@link DesiredState} deploys it; a
 * {@link RemovedConfig} removes every row that peer's config wrote (undeploy).
 */
export type DesiredConfig = DesiredState | RemovedConfig;

export interface RemovedConfig {
  readonly peerId: string;
  readonly removed: true;
}

export interface DesiredConfigOptions {
  /**
   * Only when an operator insists on a key. Normally omitted: the router generates its own
   * when the engine creates the interface, and the key never leaves it.
   */
  readonly privateKey?: string;
}

/**
 * One planned REST call, as a preview or the job log shows it; secrets redacted. A removal is
 * one DELETE per row here, also where the rows of one menu are sent together as one
 * `POST <menu>/remove` (the router's call log shows that call).
 */
export interface PlannedCall {
  readonly method: 'PUT' | 'PATCH' | 'DELETE' | 'POST';
  readonly path: string;
  readonly body?: Readonly<Record<string, string>>;
  readonly kind: 'create' | 'update' | 'delete' | 'move';
  readonly menu: RouterOsMenu;
  readonly comment: string;
  readonly label?: string;
  /** Set on a removal that found its row already gone (removed meanwhile by someone else): nothing was removed. */
  readonly alreadyGone?: true;
}

// ─── 1. connection test ──────────────────────────────────────────────────────────────────

export type ConnectionStatus = 'connected' | 'auth-failed' | 'unreachable' | 'incompatible';

export interface ConnectionTestResult {
  readonly status: ConnectionStatus;
  readonly identity: string | null;
  /** `/system/resource` version text, e.g. `7.19.4 (stable)`. */
  readonly version: string | null;
  readonly board: string | null;
  readonly uptime: string | null;
  readonly cpuLoadPercent: number | null;
  readonly freeMemoryBytes: number | null;
  readonly totalMemoryBytes: number | null;
  readonly restAvailable: boolean;
  /** `/interface/wireguard` answered (the menu exists in this RouterOS build). */
  readonly wireguardAvailable: boolean;
  /** Set unless status is `connected`. */
  readonly error: EngineError | null;
}

// ─── 2. preview ──────────────────────────────────────────────────────────────────────────

export type RowChangeKind = 'create' | 'update' | 'delete' | 'move' | 'unchanged';

export interface FieldDiff {
  readonly field: string;
  /** null: absent. Secrets show as `(secret)`. */
  readonly current: string | null;
  readonly desired: string | null;
}

export interface RowDiff {
  readonly kind: RowChangeKind;
  readonly menu: RouterOsMenu;
  /** The row's role (`peer:<id>`); null for a stale row, whose role can't be recovered. */
  readonly key: string | null;
  readonly comment: string;
  readonly label?: string;
  /** Router row id when the row exists. */
  readonly id?: string;
  readonly fields: readonly FieldDiff[];
}

export interface MenuDiff {
  readonly menu: RouterOsMenu;
  readonly rows: readonly RowDiff[];
}

/** A row we must create whose unique key (e.g. interface name) a foreign row already holds. */
export interface DeploymentConflict {
  readonly menu: RouterOsMenu;
  readonly key: string;
  /** The foreign row's id. */
  readonly id: string;
  readonly fields: readonly string[];
  readonly message: string;
}

export interface DeploymentPreview {
  readonly peerId: string;
  readonly menus: readonly MenuDiff[];
  /** The calls `runDeployment` would make now, in order, one per row (rows removed from one menu go together as one batched remove). */
  readonly calls: readonly PlannedCall[];
  readonly conflicts: readonly DeploymentConflict[];
  readonly summary: Readonly<Record<RowChangeKind, number>>;
}

// ─── 3/4. run, backup, rollback ─────────────────────────────────────────────────────────

export type DeploymentStepName = 'preflight' | 'read' | 'plan' | 'backup' | 'apply' | 'verify' | 'rollback';
export type StepStatus = 'running' | 'succeeded' | 'failed' | 'skipped' | 'cancelled';

export interface DeploymentStep {
  readonly name: DeploymentStepName;
  readonly status: StepStatus;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly detail: string;
}

/** Reported on every step change and during apply; `progressPercent` only grows. */
export interface DeploymentStepEvent extends DeploymentStep {
  readonly progressPercent: number;
}

export interface DeploymentHooks {
  /** Awaited: a slow hook slows the job rather than reordering events. Errors in it are ignored. */
  readonly onStep?: (event: DeploymentStepEvent) => void | Promise<void>;
  /**
   * Receives the backup before the first write, so the caller can store it durably: a job cut
   * off mid-apply by a crash can then still be rolled back. Unlike `onStep`, an error here
   * stops the deployment before anything is written.
   */
  readonly onBackup?: (backup: DeploymentBackup) => void | Promise<void>;
}

export interface VerifyOptions {
  /** Ping tunnel addresses from the router; omitted: no ping. */
  readonly ping?: {
    readonly count?: number;
    /** Default: every remote peer's tunnel address (its first allowed /32). */
    readonly addresses?: readonly string[];
  };
  /** Also require every remote peer to have completed a handshake (non-critical). */
  readonly requireHandshake?: boolean;
}

export interface RunDeploymentOptions extends DesiredConfigOptions {
  readonly signal?: AbortSignal;
  readonly hooks?: DeploymentHooks;
  readonly verify?: VerifyOptions;
  /** Injected for tests; default `() => new Date()`. */
  readonly now?: () => Date;
}

/**
 * The managed rows of one peer's config as they were before a job, per menu in list order,
 * with secrets removed. Plain JSON: store it with the job and hand it to `rollbackToBackup`.
 */
export interface DeploymentBackup {
  readonly format: 'wom.routeros-backup/1';
  readonly peerId: string;
  readonly takenAt: string;
  readonly routerIdentity: string | null;
  readonly tables: Readonly<Partial<Record<RouterOsMenu, readonly BackupRow[]>>>;
}

export interface BackupRow {
  /** The row without read-only state and without secrets. */
  readonly row: RouterOsRow;
  /** Id of the row that followed it in the table (foreign or ours), to put it back in place. */
  readonly before: string | null;
}

export interface VerificationCheck {
  readonly name: 'interface-running' | 'peers-present' | 'routes-present' | 'ping' | 'handshake';
  readonly passed: boolean;
  /** Critical checks failing roll the deployment back; the others make it a partial success. */
  readonly critical: boolean;
  readonly detail: string;
}

export interface VerificationReport {
  readonly passed: boolean;
  readonly checks: readonly VerificationCheck[];
}

export interface RollbackReport {
  readonly outcome: 'restored' | 'failed';
  readonly reason: string;
  readonly calls: readonly PlannedCall[];
  readonly error: EngineError | null;
  /** Each restore action on one of our rows and how it went, in the order sent. */
  readonly rows: readonly RestoredRow[];
  /** How many of `rows` went back and how many the router refused or never answered. */
  readonly summary: { readonly restored: number; readonly failed: number };
}

/**
 * One restore action on one row (a row may need a PATCH and a move). A failed row stays as
 * it was; restoring the same backup again retries exactly the rows still different.
 */
export interface RestoredRow {
  readonly menu: RouterOsMenu;
  readonly comment: string;
  readonly action: PlannedCall['kind'];
  readonly outcome: 'restored' | 'failed';
  /** The router's refusal (its own wording when it gave one); null when restored. */
  readonly error: string | null;
}

export type DeploymentOutcome = 'success' | 'partial-success' | 'failed' | 'cancelled';

export interface DeploymentResult {
  readonly outcome: DeploymentOutcome;
  /** Why it is not a plain success; null on success. */
  readonly reason: string | null;
  readonly steps: readonly DeploymentStep[];
  readonly backup: DeploymentBackup | null;
  /** Calls sent during apply, in order (secrets redacted); a batched removal lists each of its rows. */
  readonly appliedCalls: readonly PlannedCall[];
  /** Write calls (PUT/PATCH/DELETE/POST) sent to the router, rollback included; a batched removal is one. */
  readonly writeCount: number;
  /** The WireGuard interface's public key read back after apply (the router made the private key). */
  readonly interfacePublicKey: string | null;
  readonly verification: VerificationReport | null;
  readonly rollback: RollbackReport | null;
  readonly error: EngineError | null;
  readonly startedAt: string;
  readonly finishedAt: string;
}

// ─── 7. drift ────────────────────────────────────────────────────────────────────────────

export type DriftKind = 'missing' | 'mismatched' | 'unknown' | 'misplaced';

export interface DriftEntry {
  readonly kind: DriftKind;
  readonly menu: RouterOsMenu;
  readonly key: string | null;
  readonly comment: string;
  readonly label?: string;
  readonly id?: string;
  /** For `mismatched`: the differing fields; for `missing`/`unknown`: every field (expected or actual null). */
  readonly fields: readonly { readonly field: string; readonly expected: string | null; readonly actual: string | null }[];
}

export interface DriftReport {
  readonly peerId: string;
  readonly checkedAt: string;
  readonly inSync: boolean;
  readonly entries: readonly DriftEntry[];
  readonly conflicts: readonly DeploymentConflict[];
  readonly summary: Readonly<Record<DriftKind, number>>;
}

export interface ReconcileOptions extends DesiredConfigOptions {
  /** Create rows that are missing. Default true. */
  readonly reconcileMissing?: boolean;
  /** Write back fields that differ, and move misplaced filter rules. Default true. */
  readonly reconcileMismatched?: boolean;
  /** Remove rows carrying our comment that the desired state does not have. Default false. */
  readonly removeUnknown?: boolean;
  readonly signal?: AbortSignal;
  readonly hooks?: DeploymentHooks;
  readonly now?: () => Date;
}

export interface ReconcileResult {
  readonly before: DriftReport;
  /** The deployment that applied the selected corrections (with backup and rollback). */
  readonly deployment: DeploymentResult;
}

// ─── 8. monitoring ───────────────────────────────────────────────────────────────────────

export interface RouterHealth {
  readonly identity: string;
  readonly version: string;
  readonly board: string | null;
  readonly cpuLoadPercent: number | null;
  readonly freeMemoryBytes: number | null;
  readonly totalMemoryBytes: number | null;
  readonly uptime: string;
  readonly uptimeSeconds: number | null;
}

export interface WireguardPeerStats {
  readonly publicKey: string;
  readonly comment: string | null;
  readonly disabled: boolean;
  /** Seconds since the last handshake; null if there never was one. */
  readonly lastHandshakeSeconds: number | null;
  readonly rxBytes: number;
  readonly txBytes: number;
  readonly currentEndpoint: { readonly address: string; readonly port: number } | null;
}
