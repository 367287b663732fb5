import { Inject, Injectable } from '@nestjs/common';
import { Database } from '../../database/database';
import { DeploymentJobEntity, MikrotikApiCallLogEntity } from '../../database/entities';
import { redactSecrets } from '../../secrets';
import type { JobOutcome, JobStep, RouterCallRecord } from './job-executor';

/** A job is "busy" for its router while running or cancelling (rolling back), or while any worker still holds it. */
const ROUTER_BUSY = `(b.status IN ('running', 'cancelling') OR b.locked_by IS NOT NULL)`;
const ENDPOINT_MAX = 255;

/**
 * The runner's SQL: claiming with `FOR UPDATE SKIP LOCKED` and a lease, renewing, recording and
 * finishing. Every statement is a single round trip (no open transaction while a router call
 * runs), which suits PostgreSQL replicas and the embedded PGlite that serialises transactions.
 */
@Injectable()
export class JobQueueRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  /**
   * Claims the oldest pending job whose router has nothing running, or null; a restore of a
   * router a site agent left partly configured (`recoveryOf`) goes before anything else for
   * it. Two replicas
   * racing for one router's jobs are stopped by the unique index on running jobs per peer.
   */
  async claimPending(workerId: string, leaseSeconds: number, busyPeerIds: readonly string[]): Promise<DeploymentJobEntity | null> {
    try {
      const rows: { id: string }[] = await this.database.manager.query(
        `WITH claimed AS (
           UPDATE deployment_job SET status = 'running', locked_by = $1, locked_until = now() + $2 * interval '1 second',
                  started_at = now(), progress_percent = 0, updated_at = now()
           WHERE id = (
             SELECT j.id FROM deployment_job j
             WHERE j.status = 'pending' AND j.peer_id <> ALL($3::uuid[])
               AND NOT EXISTS (SELECT 1 FROM deployment_job b WHERE b.peer_id = j.peer_id AND b.id <> j.id AND ${ROUTER_BUSY})
             ORDER BY (j.parameters ? 'recoveryOf') DESC, j.created_at, j.id LIMIT 1 FOR UPDATE SKIP LOCKED)
           RETURNING id)
         SELECT id FROM claimed`,
        [workerId, leaseSeconds, busyPeerIds],
      );
      return rows[0] ? this.database.manager.findOneBy(DeploymentJobEntity, { id: rows[0].id }) : null;
    } catch (error) {
      if ((error as { driverError?: { code?: string } }).driverError?.code === '23505') return null; // another replica won this router
      throw error;
    }
  }

  /**
   * Takes over a job whose worker stopped renewing its lease (or never had one): running, or
   * cancelling (its rollback never finished). The new owner rolls it back and fails it, or
   * ends it cancelled. `cancelled` and still held is how a replica from before `cancelling`
   * marks the same state, so a mixed-version upgrade loses nothing.
   */
  async claimAbandoned(workerId: string, leaseSeconds: number, busyPeerIds: readonly string[]): Promise<DeploymentJobEntity | null> {
    const rows: { id: string }[] = await this.database.manager.query(
      `WITH taken AS (
         UPDATE deployment_job SET locked_by = $1, locked_until = now() + $2 * interval '1 second', updated_at = now()
         WHERE id = (
           SELECT j.id FROM deployment_job j
           WHERE j.peer_id <> ALL($3::uuid[])
             AND ((j.status IN ('running', 'cancelling') AND (j.locked_until IS NULL OR j.locked_until < now()))
               OR (j.status = 'cancelled' AND j.locked_by IS NOT NULL AND j.locked_until < now()))
           ORDER BY j.created_at, j.id LIMIT 1 FOR UPDATE SKIP LOCKED)
         RETURNING id)
       SELECT id FROM taken`,
      [workerId, leaseSeconds, busyPeerIds],
    );
    return rows[0] ? this.database.manager.findOneBy(DeploymentJobEntity, { id: rows[0].id }) : null;
  }

  /** Extends this worker's leases; returns each still-held job's status (a cancel shows up here). */
  async renewLeases(workerId: string, leaseSeconds: number, jobIds: readonly string[]): Promise<Map<string, string>> {
    if (jobIds.length === 0) return new Map();
    const rows: { id: string; status: string }[] = await this.database.manager.query(
      `WITH renewed AS (
         UPDATE deployment_job SET locked_until = now() + $2 * interval '1 second'
         WHERE locked_by = $1 AND id = ANY($3::uuid[])
         RETURNING id, status)
       SELECT id, status FROM renewed`,
      [workerId, leaseSeconds, jobIds],
    );
    return new Map(rows.map((row) => [row.id, row.status]));
  }

  async saveProgress(jobId: string, percent: number, steps: readonly JobStep[]): Promise<void> {
    await this.database.manager.query(
      `UPDATE deployment_job SET progress_percent = GREATEST(progress_percent, $2), steps = $3::jsonb, updated_at = now() WHERE id = $1`,
      [jobId, Math.max(0, Math.min(100, Math.round(percent))), JSON.stringify(steps)],
    );
  }

  async saveBackup(jobId: string, backup: Record<string, unknown>): Promise<void> {
    await this.database.manager.query(`UPDATE deployment_job SET backup = $2::jsonb, updated_at = now() WHERE id = $1`, [jobId, JSON.stringify(backup)]);
  }

  async insertCalls(jobId: string | null, peerId: string, calls: readonly RouterCallRecord[]): Promise<void> {
    if (calls.length === 0) return;
    await this.database.manager.insert(
      MikrotikApiCallLogEntity,
      calls.map((call) => ({
        deploymentJobId: jobId,
        peerId,
        method: call.method.slice(0, 8),
        endpoint: call.path.slice(0, ENDPOINT_MAX),
        // The client already redacted router secrets; this catches anything named like one.
        ...(call.requestBody ? { requestBody: redactSecrets(call.requestBody) as object } : {}),
        responseStatus: call.status,
        errorMessage: call.error ? `${call.error.code}: ${call.error.message}` : null,
        durationMs: Math.round(call.durationMs),
      })),
    );
  }

  /**
   * Records the end; only the worker holding the lease may. The outcome says how it ended, also
   * for a job cancelled while it ran (`cancelling`): `cancelled` once its rollback has ended,
   * with what the rollback did in its result; `completed` if it had done its work before it
   * could stop; `failed` if it failed on its own first, or its site agent was cut off with the
   * restore still pending, so the status never claims a router is back when it is not.
   */
  async finish(jobId: string, workerId: string, outcome: JobOutcome): Promise<{ status: string; progressPercent: number } | null> {
    const rows: { status: string; progress_percent: number }[] = await this.database.manager.query(
      `WITH finished AS (
         UPDATE deployment_job SET
           status = $3::varchar,
           progress_percent = CASE WHEN $3::varchar = 'completed' THEN 100 ELSE progress_percent END,
           completed_at = now(), error_message = $4, result = $5::jsonb, error_code = $7,
           operations_log = COALESCE($6::jsonb, operations_log),
           locked_by = NULL, locked_until = NULL, updated_at = now()
         WHERE id = $1 AND locked_by = $2
         RETURNING status, progress_percent)
       SELECT status, progress_percent FROM finished`,
      [
        jobId,
        workerId,
        outcome.status,
        outcome.errorMessage,
        outcome.result === null ? null : JSON.stringify(outcome.result),
        outcome.operations ? JSON.stringify(outcome.operations) : null,
        outcome.errorCode ?? (outcome.status === 'completed' ? null : 'JOB.FAILED'),
      ],
    );
    return rows[0] ? { status: rows[0].status, progressPercent: rows[0].progress_percent } : null;
  }
}
