import type { AppConfig } from '../../config/app-config';
import type { DeploymentJobEntity } from '../../database/entities';
import { EventBus } from '../../events/event-bus';
import { JobExecutorRegistry, type JobExecutionContext, type JobOutcome } from './job-executor';
import type { JobQueueRepository } from './job-queue.repository';
import { CANCELLED_TOO_LATE, JobRunner } from './job-runner';

const JOB_ID = 'd290f1ee-6c54-4b01-90e6-d701748f0851';
const CONFIG = { jobs: { runnerEnabled: true, concurrency: 1, pollIntervalMs: 60_000, leaseSeconds: 60 } } as unknown as AppConfig;
const CANCELLED: JobOutcome = { status: 'cancelled', errorMessage: 'The job was cancelled.', errorCode: 'JOB.CANCELLED', result: { outcome: 'cancelled' } };

const job = (status: DeploymentJobEntity['status']): DeploymentJobEntity => ({ id: JOB_ID, peerId: 'peer-1', jobType: 'deploy-config', status, progressPercent: 0, steps: [], parameters: {} }) as unknown as DeploymentJobEntity;

function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  return { promise: new Promise<T>((r) => (resolve = r)), resolve };
}
const aborted = (signal: AbortSignal): Promise<void> => (signal.aborted ? Promise.resolve() : new Promise((resolve) => signal.addEventListener('abort', () => resolve())));
const states = (statuses: readonly string[]): string[] => statuses.filter((status, i) => status !== statuses[i - 1]);

/**
 * The runner against a queue of stubs (only the calls a run makes are there; any other fails)
 * and one executor: what its events say, and what it records, when a job is cancelled.
 */
function rig(claimed: DeploymentJobEntity, run: (context: JobExecutionContext) => Promise<JobOutcome>, held: () => string = () => claimed.status) {
  let offered = false;
  const take = async () => (offered ? null : ((offered = true), claimed));
  const queue = {
    renewLeases: jest.fn(async (_worker: string, _lease: number, ids: readonly string[]) => new Map(ids.map((id) => [id, held()]))),
    claimAbandoned: jest.fn(async () => (claimed.status === 'pending' ? null : take())),
    claimPending: jest.fn(async () => (claimed.status === 'pending' ? take() : null)),
    saveProgress: jest.fn(async () => undefined),
    insertCalls: jest.fn(async () => undefined),
    finish: jest.fn(async (_id: string, _worker: string, outcome: JobOutcome) => ({ status: outcome.status, progressPercent: 60 })),
  };
  const registry = new JobExecutorRegistry();
  const contexts: JobExecutionContext[] = [];
  const executed = jest.fn((_job: DeploymentJobEntity, context: JobExecutionContext) => (contexts.push(context), run(context)));
  registry.register({ jobTypes: ['deploy-config'], execute: executed, recoverAbandoned: executed });
  const events = new EventBus();
  const seen: string[] = [];
  events.events.subscribe((event) => seen.push((event.data as { status: string }).status));
  const runner = new JobRunner(CONFIG, queue as unknown as JobQueueRepository, registry, events);
  return { runner, queue, events, seen, contexts, executed };
}

describe('JobRunner and a cancel', () => {
  it('announces running, then cancelling from the moment it learns of the cancel, then what finish recorded', async () => {
    const started = deferred();
    const { runner, events, seen, queue } = rig(job('pending'), async (context) => {
      await context.progress({ percent: 30 });
      started.resolve();
      await aborted(context.signal);
      // The rollback's own progress comes after the cancel.
      await context.progress({ percent: 60 });
      return CANCELLED;
    });
    runner.poke();
    await started.promise;
    // What JobService.cancel does once `cancelling` committed.
    runner.noticeCancelled(JOB_ID);
    events.publish('job.progress', { jobId: JOB_ID, peerId: 'peer-1', status: 'cancelling', progressPercent: 30 });
    await runner.beforeApplicationShutdown();
    expect(states(seen)).toEqual(['running', 'cancelling', 'cancelled']);
    expect(queue.finish).toHaveBeenCalledWith(JOB_ID, runner.workerId, CANCELLED);
  });

  it('says so when the cancel came after the job had done its work', async () => {
    const started = deferred();
    const release = deferred();
    const done: JobOutcome = { status: 'completed', errorMessage: null, result: { outcome: 'success' } };
    const { runner, queue, seen } = rig(job('pending'), async () => {
      started.resolve();
      await release.promise;
      return done;
    });
    runner.poke();
    await started.promise;
    runner.noticeCancelled(JOB_ID);
    release.resolve();
    await runner.beforeApplicationShutdown();
    expect(queue.finish).toHaveBeenCalledWith(JOB_ID, runner.workerId, { ...done, errorMessage: CANCELLED_TOO_LATE });
    expect(states(seen)).toEqual(['running', 'completed']);
  });

  it('learns of a cancel made through another replica at its next poll, and announces it', async () => {
    let status = 'running';
    const started = deferred<JobExecutionContext>();
    const { runner, seen } = rig(job('pending'), async (context) => {
      started.resolve(context);
      await aborted(context.signal);
      return CANCELLED;
    }, () => status);
    runner.poke();
    const context = await started.promise;
    status = 'cancelling';
    // Polls until one runs after the claim's (a poll under way ignores the poke); no timer involved.
    while (!context.signal.aborted) {
      runner.poke();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await runner.beforeApplicationShutdown();
    expect(states(seen)).toEqual(['running', 'cancelling', 'cancelled']);
  });

  it('takes over a job a dead worker left cancelling without aborting it: its recovery is the rollback the cancel asked for', async () => {
    const { runner, seen, contexts, executed } = rig(job('cancelling'), async (context) => {
      await context.progress({ percent: 50 });
      return CANCELLED;
    });
    runner.poke();
    await new Promise<void>((resolve) => {
      const waitForRun = (): void => void (executed.mock.calls.length > 0 ? resolve() : setImmediate(waitForRun));
      waitForRun();
    });
    await runner.beforeApplicationShutdown();
    expect(contexts[0]!.signal.aborted).toBe(false);
    expect(states(seen)).toEqual(['cancelling', 'cancelled']);
  });
});
