export type DeploymentJobType = 'deploy-config' | 'rollback' | 'verify' | 'test-connection' | 'drift-check' | 'reconcile' | 'undeploy';
/** `cancelling`: cancelled while it ran, its worker still rolling back what it applied; not finished yet. */
export type DeploymentJobStatus = 'pending' | 'running' | 'cancelling' | 'completed' | 'failed' | 'cancelled';

/** A job as the API shows it; the pre-deploy backup stays server-side. */
export interface JobResponse {
  readonly id: string;
  readonly wanId: string | null;
  readonly peerId: string;
  readonly jobType: DeploymentJobType;
  readonly status: DeploymentJobStatus;
  readonly progressPercent: number;
  readonly startedAt: string | null;
  readonly completedAt: string | null;
  readonly errorMessage: string | null;
  /** Why it did not complete: JOB.CANCELLED, AGENT.STOPPING, AGENT.SILENT, JOB.LEASE_LOST, ROUTEROS.*, DEPLOY.*, …; null when it did. */
  readonly errorCode: string | null;
  readonly steps: readonly unknown[];
  readonly operationsLog: readonly unknown[];
  readonly result: Record<string, unknown> | null;
  readonly parameters: Record<string, unknown>;
  readonly attempt: number;
  readonly retryOfJobId: string | null;
  /** A backup of the router's managed rows was taken (the backup itself stays server-side). */
  readonly hasBackup: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly createdBy: string | null;
}

/** One logged RouterOS REST call, secrets redacted. */
export interface ApiCallLogResponse {
  readonly id: string;
  readonly deploymentJobId: string | null;
  readonly peerId: string;
  readonly method: string;
  readonly endpoint: string;
  readonly requestBody: unknown;
  readonly responseStatus: number | null;
  readonly responseBody: unknown;
  readonly errorMessage: string | null;
  readonly durationMs: number | null;
  readonly timestamp: string;
}
