import { ChangeDetectionStrategy, Component, computed, DestroyRef, effect, inject, input, signal, type Signal } from '@angular/core';
import type { Job, Peer } from '../../core/api.models';
import { ApiService } from '../../core/api.service';
import { AuthService } from '../../core/auth.service';
import { ProblemService } from '../../core/problem.service';
import { JobDetailComponent } from '../jobs/job-detail.component';
import { isTerminal, statusLabel } from '../jobs/job-view.logic';
import { JobWatcher } from '../jobs/job-watcher.service';
import { ago, apiStatusView } from '../peers/peer-filter.logic';
import { diffSummary, driftText, plannedCalls, previewDiff, toDriftView, type DiffRow, type DriftView, type PlannedCall } from './diff.logic';

/** MikroTik deployment for one peer: preview → approve → deploy, live progress, history, rollback, drift. */
@Component({
  selector: 'wom-deploy-panel',
  imports: [JobDetailComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card" aria-labelledby="deploy-h">
      <h2 id="deploy-h">MikroTik deployment</h2>
      <dl class="facts">
        <dt>API status</dt><dd data-testid="api-status">{{ apiStatus().text }} @if (peer().mikrotik?.lastApiCheck) { <span class="muted">({{ ago(peer().mikrotik!.lastApiCheck) }})</span> }</dd>
        <dt>Router</dt><dd>{{ peer().mikrotik?.routerIdentity ?? '—' }} {{ peer().mikrotik?.routerosVersion ?? '' }}</dd>
        <dt>Last deployment</dt><dd>@if (lastDeploy(); as d) { <span class="badge" [class]="d.status">{{ d.status }}</span> {{ ago(d.completedAt ?? d.createdAt) }} } @else { never }</dd>
        <dt>Drift</dt><dd data-testid="drift">@if (drift(); as d) { {{ driftText(d) }} <span class="muted">(checked {{ ago(d.checkedAt) }})</span> } @else { not checked }</dd>
      </dl>
      @if (auth.canOperate()) {
        <div class="row">
          <button type="button" (click)="preview()" [disabled]="busy() || behindAgent()" [attr.title]="behindAgent() ? 'Only its site agent reaches this router: use Check drift, which runs there.' : null">Preview changes</button>
          <button type="button" (click)="deploy()" [disabled]="busy()">Deploy now</button>
          <button type="button" (click)="rollback()" [disabled]="busy() || !lastDeploy()">Roll back</button>
          <button type="button" (click)="checkDrift()" [disabled]="busy()">Check drift</button>
          <button type="button" (click)="reconcile()" [disabled]="busy()">Reconcile</button>
        </div>
      }
      @if (previewRows(); as rows) {
        <section aria-labelledby="preview-h" data-testid="preview">
          <h3 id="preview-h">Preview: current router state vs. desired</h3>
          <p>{{ summary().changed }} changed, {{ summary().added }} added, {{ summary().removed }} removed · {{ calls().length }} API calls</p>
          @if (rows.length === 0) { <p class="ok-box">The router already matches; deploying changes nothing.</p> }
          <div class="diff" role="table" aria-label="Current and desired configuration">
            <div class="cell" role="columnheader"><strong>Current (router)</strong></div><div class="cell" role="columnheader"><strong>Desired</strong></div>
            @for (row of rows; track $index) {
              <div class="cell" role="cell" [class.removed]="row.kind === 'removed'" [class.changed]="row.kind === 'changed'">{{ row.left ?? '' }}</div>
              <div class="cell" role="cell" [class.added]="row.kind === 'added'" [class.changed]="row.kind === 'changed'">{{ row.right ?? '' }}</div>
            }
          </div>
          <h4>API calls that will be made</h4>
          @if (calls().length === 0) { <p class="muted">None.</p> }
          <ol class="mono calls">@for (c of calls(); track $index) { <li><strong>{{ c.method }}</strong> {{ c.path }} <span class="muted">{{ c.summary }}</span></li> }</ol>
          <div class="row"><button type="button" (click)="deploy()" [disabled]="busy()">Approve and deploy</button><button type="button" (click)="previewRows.set(null)">Close preview</button></div>
        </section>
      }
      @if (active(); as job) { <wom-job-detail [job]="job" /> }
      <h3>Deployment history</h3>
      @if (history().length === 0) { <p class="empty">No deployments yet. Preview the changes, then deploy.</p> }
      @else {
        <table class="data" aria-label="Deployment history">
          <thead><tr><th>When</th><th>Job</th><th>Status</th><th>Error</th><th></th></tr></thead>
          <tbody>@for (j of history(); track j.id) {
            <tr><td>{{ ago(j.createdAt) }}</td><td>{{ j.jobType }}</td><td><span class="badge" [class]="j.status">{{ statusLabel(j.status) }}</span></td><td>{{ j.errorMessage ?? '' }}</td>
              <td><button type="button" (click)="show(j.id)">Details</button>
                @if (auth.canOperate() && j.jobType === 'deploy-config' && j.hasBackup && isTerminal(j)) { <button type="button" (click)="rollback(j.id)">Restore before this</button> }</td></tr>
          }</tbody>
        </table>
      }
    </section>
  `,
  styles: `.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; } dt { font-weight: 600; } .calls li { margin: 2px 0; }`,
})
export class DeployPanelComponent {
  readonly peer = input.required<Peer>();
  readonly auth = inject(AuthService);
  private readonly api = inject(ApiService);
  private readonly problems = inject(ProblemService);
  private readonly watcher = inject(JobWatcher);
  private readonly destroyRef = inject(DestroyRef);
  readonly ago = ago;
  readonly isTerminal = isTerminal;
  readonly statusLabel = statusLabel;
  readonly apiStatus = computed(() => apiStatusView(this.peer().mikrotik));
  /** Only its site agent reaches the router, so the control plane cannot preview it (a drift check runs there). */
  readonly behindAgent = computed(() => Boolean(this.peer().mikrotik?.executorAgentId));
  readonly busy = signal(false);
  readonly history = signal<Job[]>([]);
  readonly previewRows = signal<DiffRow[] | null>(null);
  readonly calls = signal<PlannedCall[]>([]);
  readonly summary = computed(() => diffSummary(this.previewRows() ?? []));
  private readonly watched = signal<Signal<Job | null> | null>(null);
  readonly active = computed(() => this.watched()?.() ?? null);
  readonly lastDeploy = computed(() => this.history().find((j) => j.jobType === 'deploy-config' && isTerminal(j)) ?? null);
  readonly drift = signal<DriftView | null>(null);
  readonly driftText = driftText;

  constructor() {
    effect(() => {
      void this.loadHistory(this.peer().id);
      void this.api.get<{ checkedAt: string | null; report: unknown }>(`/api/peers/${this.peer().id}/mikrotik/drift`).then((stored) => this.drift.set(stored.report ? toDriftView(stored.report) : null), () => undefined);
    });
    effect(() => {
      const job = this.active();
      if (job && isTerminal(job)) void this.loadHistory(this.peer().id);
    });
  }

  async loadHistory(peerId: string): Promise<void> {
    try {
      this.history.set([...(await this.api.peerJobs(peerId)).items]);
    } catch (error) {
      this.problems.show(error);
    }
  }

  private async act(action: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    try {
      await action();
    } catch (error) {
      this.problems.show(error);
    } finally {
      this.busy.set(false);
    }
  }

  show(jobId: string): void {
    this.watched.set(this.watcher.watch(jobId, this.destroyRef));
  }

  preview(): Promise<void> {
    return this.act(async () => {
      const result = await this.api.post<unknown>(`/api/peers/${this.peer().id}/mikrotik/preview`, {});
      this.previewRows.set(previewDiff(result));
      this.calls.set(plannedCalls(result));
    });
  }

  deploy(): Promise<void> {
    return this.act(async () => {
      const job = await this.api.post<Job>(`/api/peers/${this.peer().id}/mikrotik/deploy`, {});
      this.previewRows.set(null);
      this.show(job.id);
      await this.loadHistory(this.peer().id);
    });
  }

  rollback(jobId?: string): Promise<void> {
    return this.act(async () => {
      const job = await this.api.post<Job>(`/api/peers/${this.peer().id}/mikrotik/rollback`, jobId ? { jobId } : {});
      this.show(job.id);
      await this.loadHistory(this.peer().id);
    });
  }

  checkDrift(): Promise<void> {
    return this.act(async () => this.drift.set(toDriftView(await this.api.post<unknown>(`/api/peers/${this.peer().id}/mikrotik/drift`, {}))));
  }

  reconcile(): Promise<void> {
    return this.act(async () => {
      const job = await this.api.post<Job>(`/api/peers/${this.peer().id}/mikrotik/reconcile`, {});
      this.show(job.id);
    });
  }
}
