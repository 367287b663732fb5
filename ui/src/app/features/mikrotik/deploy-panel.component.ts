import { ChangeDetectionStrategy, Component, computed, DestroyRef, effect, inject, input, signal, type Signal } from '@angular/core';
import type { Job, Peer } from '../../core/api.models';
import { ApiService } from '../../core/api.service';
import { AuthService } from '../../core/auth.service';
import { ProblemService } from '../../core/problem.service';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { JobDetailComponent } from '../jobs/job-detail.component';
import { isTerminal, statusLabel } from '../jobs/job-view.logic';
import { JobWatcher } from '../jobs/job-watcher.service';
import { ago, apiStatusView } from '../peers/peer-filter.logic';
import { confirmDeploy, confirmReconcile, confirmRollback } from './router-confirmations';
import { diffSummary, driftText, plannedCalls, previewDiff, toDriftView, type DiffRow, type DriftView, type PlannedCall } from './diff.logic';

/** MikroTik deployment for one peer: preview → approve → deploy, live progress, history, rollback, drift. */
@Component({
  selector: 'wom-deploy-panel',
  imports: [JobDetailComponent, MatButtonModule],
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
          <button mat-stroked-button type="button" (click)="preview()" [disabled]="busy() || behindAgent()" [attr.title]="behindAgent() ? 'Only its site agent reaches this router: use Check drift, which runs there.' : null">Preview changes</button>
          <button mat-flat-button type="button" (click)="deploy()" [disabled]="busy()" data-testid="deploy">Deploy now…</button>
          <button mat-stroked-button type="button" (click)="rollback()" [disabled]="busy() || !lastDeploy()" data-testid="rollback">Roll back…</button>
          <button mat-stroked-button type="button" (click)="checkDrift()" [disabled]="busy()">Check drift</button>
          <button mat-stroked-button type="button" (click)="reconcile()" [disabled]="busy()" data-testid="reconcile">Reconcile…</button>
        </div>
      }
      @if (previewRows(); as rows) {
        <section aria-labelledby="preview-h" data-testid="preview">
          <h3 id="preview-h">Preview: current router state vs. desired</h3>
          <p>{{ summary().changed }} changed, {{ summary().added }} added, {{ summary().removed }} removed · {{ calls().length }} API calls</p>
          @if (rows.length === 0) { <p class="ok-box">The router already matches; deploying changes nothing.</p> }
          <div class="diff" role="table" aria-label="Current and desired configuration">
            <div role="row" class="diff-row"><div class="cell" role="columnheader"><strong>Current (router)</strong></div><div class="cell" role="columnheader"><strong>Desired</strong></div></div>
            @for (row of rows; track $index) {
              <div role="row" class="diff-row">
                <div class="cell" role="cell" [class.removed]="row.kind === 'removed'" [class.changed]="row.kind === 'changed'">{{ row.left ?? '' }}</div>
                <div class="cell" role="cell" [class.added]="row.kind === 'added'" [class.changed]="row.kind === 'changed'">{{ row.right ?? '' }}</div>
              </div>
            }
          </div>
          <h4>API calls that will be made</h4>
          @if (calls().length === 0) { <p class="muted">None.</p> }
          <ol class="mono calls">@for (c of calls(); track $index) { <li><strong>{{ c.method }}</strong> {{ c.path }} <span class="muted">{{ c.summary }}</span></li> }</ol>
          <div class="row"><button mat-flat-button type="button" (click)="deploy()" [disabled]="busy()">Approve and deploy…</button><button mat-button type="button" (click)="previewRows.set(null)">Close preview</button></div>
        </section>
      }
      @if (active(); as job) { <wom-job-detail [job]="job" /> }
      <h3>Deployment history</h3>
      @if (history().length === 0) { <p class="empty">No deployments yet. Preview the changes, then deploy.</p> }
      @else {
        <div class="table-scroll"><table class="data" aria-label="Deployment history">
          <thead><tr><th scope="col">When</th><th scope="col">Job</th><th scope="col">Status</th><th scope="col">Error</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>@for (j of history(); track j.id) {
            <tr><td>{{ ago(j.createdAt) }}</td><td>{{ j.jobType }}</td><td><span class="badge" [class]="j.status">{{ statusLabel(j.status) }}</span></td><td>{{ j.errorMessage ?? '' }}</td>
              <td><button mat-button type="button" (click)="show(j.id)" [attr.aria-label]="'Details of ' + j.jobType + ' ' + ago(j.createdAt)">Details</button>
                @if (auth.canOperate() && j.jobType === 'deploy-config' && j.hasBackup && isTerminal(j)) { <button mat-stroked-button type="button" (click)="rollback(j.id)" [disabled]="busy()">Restore before this…</button> }</td></tr>
          }</tbody>
        </table></div>
      }
    </section>
  `,
  // Rows only group cells for assistive technology; the two columns stay one grid.
  styles: `.diff-row { display: contents; } .facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; } dt { font-weight: 600; } .calls li { margin: 2px 0; }`,
})
export class DeployPanelComponent {
  readonly peer = input.required<Peer>();
  readonly auth = inject(AuthService);
  private readonly api = inject(ApiService);
  private readonly problems = inject(ProblemService);
  private readonly watcher = inject(JobWatcher);
  private readonly destroyRef = inject(DestroyRef);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
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
    return this.confirmed(() => confirmDeploy(this.dialog, this.api, this.peer()), 'Deployment');
  }

  rollback(jobId?: string): Promise<void> {
    return this.confirmed(() => confirmRollback(this.dialog, this.api, this.peer(), jobId), 'Rollback');
  }

  /** Runs a confirmation dialog; a confirmed job is followed here and announced in a snack bar. */
  private confirmed(open: () => Promise<Job | undefined>, what: string): Promise<void> {
    return this.act(async () => {
      const job = await open();
      if (!job) return;
      this.previewRows.set(null);
      this.show(job.id);
      this.snackBar.open(`${what} of ${this.peer().name} queued; its progress shows below.`, 'OK', { duration: 5000 });
      await this.loadHistory(this.peer().id);
    });
  }

  checkDrift(): Promise<void> {
    return this.act(async () => this.drift.set(toDriftView(await this.api.post<unknown>(`/api/peers/${this.peer().id}/mikrotik/drift`, {}))));
  }

  reconcile(): Promise<void> {
    return this.confirmed(() => confirmReconcile(this.dialog, this.api, this.peer()), 'Reconcile');
  }
}
