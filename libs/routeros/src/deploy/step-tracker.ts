import type { DeploymentHooks, DeploymentStep, DeploymentStepName, StepStatus } from './engine.types';

/**
 * Keeps the step list of one job and reports every change through `onStep`. Progress only
 * grows, so a UI bar never jumps back (a rollback keeps the figure it started at). A hook that
 * throws is ignored: reporting must never change what happens on the router.
 */
export class StepTracker {
  readonly steps: DeploymentStep[] = [];
  private progress = 0;

  constructor(
    private readonly now: () => Date,
    private readonly hooks: DeploymentHooks = {},
  ) {}

  async start(name: DeploymentStepName, detail: string, progress?: number): Promise<void> {
    this.steps.push({ name, status: 'running', startedAt: this.now().toISOString(), finishedAt: null, detail });
    await this.emit(progress);
  }

  /** A new detail (and progress) for the running step, e.g. "3 of 12 calls". */
  async update(detail: string, progress?: number): Promise<void> {
    this.replaceCurrent({ detail });
    await this.emit(progress);
  }

  async finish(status: Exclude<StepStatus, 'running'>, detail: string, progress?: number): Promise<void> {
    this.replaceCurrent({ status, detail, finishedAt: this.now().toISOString() });
    await this.emit(progress);
  }

  private replaceCurrent(change: Partial<DeploymentStep>): void {
    const index = this.steps.length - 1;
    const current = this.steps[index];
    if (current) this.steps[index] = { ...current, ...change };
  }

  private async emit(progress?: number): Promise<void> {
    if (progress !== undefined) this.progress = Math.max(this.progress, Math.min(100, Math.round(progress)));
    const step = this.steps.at(-1);
    if (!step || !this.hooks.onStep) return;
    try {
      await this.hooks.onStep({ ...step, progressPercent: this.progress });
    } catch {
      // See the class comment.
    }
  }
}
