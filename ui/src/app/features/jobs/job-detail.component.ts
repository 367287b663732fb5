import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { ApiCallLog, Job } from '../../core/api.models';
import { ApiService } from '../../core/api.service';
import { AuthService } from '../../core/auth.service';
import { ProblemService } from '../../core/problem.service';
import { canCancel, canRetry, isTerminal, statusLabel, stepsOf } from './job-view.logic';

/** One job: live progress, each step, and the RouterOS API calls it made; cancel and retry. */
@Component({
  selector: 'wom-job-detail',
  imports: [MatButtonModule, MatProgressBarModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let j = job();
    <section class="card job" aria-label="Job details" data-testid="job-detail" [attr.data-status]="j.status">
      <div class="row"><strong>{{ j.jobType }}</strong> <span class="badge" [class]="j.status" data-testid="job-status" [attr.title]="j.status === 'cancelling' ? 'Cancelled: restoring what it applied; it ends cancelled once the router is restored.' : null">{{ statusLabel(j.status) }}</span>
        <span class="grow"></span>
        @if (auth.canOperate() && canCancel(j)) { <button mat-stroked-button type="button" (click)="cancel()">Cancel</button> }
        @if (auth.canOperate() && canRetry(j)) { <button mat-flat-button type="button" (click)="retry()">Retry</button> }
      </div>
      <mat-progress-bar class="progress" mode="determinate" [value]="j.progressPercent" [attr.aria-label]="j.jobType + ' progress'" /> <span>{{ j.progressPercent }}%</span>
      @if (j.errorMessage) { <div class="error-box" data-testid="job-error">@if (j.errorCode) { <code>{{ j.errorCode }}</code> } {{ j.errorMessage }}@if (j.result?.['rollbackPending'] === true) { <strong> The router may be partly configured until the agent returns.</strong> }</div> }
      @if (steps().length > 0) {
        <ol class="steps">@for (s of steps(); track $index) { <li><span class="badge" [class]="s.status || 'neutral'">{{ s.status || '·' }}</span> {{ s.name }} <span class="muted">{{ s.message }}</span></li> }</ol>
      }
      <details (toggle)="loadLogs()"><summary>API call log ({{ logs().length }})</summary>
        <table class="data mono"><thead><tr><th>Method</th><th>Endpoint</th><th>Status</th><th>ms</th><th>Error</th></tr></thead>
          <tbody>@for (l of logs(); track l.id) { <tr><td>{{ l.method }}</td><td>{{ l.endpoint }}</td><td>{{ l.responseStatus ?? '—' }}</td><td>{{ l.durationMs ?? '' }}</td><td>{{ l.errorMessage ?? '' }}</td></tr> }</tbody></table>
      </details>
    </section>
  `,
  styles: `.progress { display: inline-block; width: 60%; vertical-align: middle; } .steps li { margin: 2px 0; }`,
})
export class JobDetailComponent {
  readonly job = input.required<Job>();
  readonly auth = inject(AuthService);
  readonly canCancel = canCancel;
  readonly canRetry = canRetry;
  readonly statusLabel = statusLabel;
  private readonly api = inject(ApiService);
  private readonly problems = inject(ProblemService);
  readonly steps = computed(() => stepsOf(this.job()));
  readonly done = computed(() => isTerminal(this.job()));
  readonly logs = signal<ApiCallLog[]>([]);

  constructor() {
    effect(() => {
      if (this.done()) void this.loadLogs();
    });
  }

  async loadLogs(): Promise<void> {
    try {
      this.logs.set(await this.api.jobLogs(this.job().id));
    } catch {
      // The log is supplementary; its absence is shown as an empty list.
    }
  }

  async cancel(): Promise<void> {
    try {
      await this.api.cancelJob(this.job().id);
    } catch (error) {
      this.problems.show(error);
    }
  }

  async retry(): Promise<void> {
    try {
      await this.api.retryJob(this.job().id);
    } catch (error) {
      this.problems.show(error);
    }
  }
}
