import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { debounceTime } from 'rxjs/operators';
import type { ProblemView } from '../../core/api-error.logic';
import type { Conflict, Job, Peer, Topology, WanStatus } from '../../core/api.models';
import { ApiService } from '../../core/api.service';
import { EventsService } from '../../core/events.service';
import { ProblemService } from '../../core/problem.service';
import { ConnectionService } from '../../core/connection.service';
import { WanContext } from '../../core/wan-context.service';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSnackBar } from '@angular/material/snack-bar';
import { AuthService } from '../../core/auth.service';
import { deployAllResults, type DeviceResult } from '../../shared/change-preview.logic';
import { DeviceResultsComponent } from '../../shared/device-results.component';
import { confirmDeployAll } from '../mikrotik/router-confirmations';
import { isTerminal } from '../jobs/job-view.logic';
import { toDriftView } from '../mikrotik/diff.logic';
import { ago, isApiManaged } from '../peers/peer-filter.logic';
import { toGraphViewModel } from '../topology/graph-view-model.logic';
import { TopologyGraphComponent } from '../topology/topology-graph.component';
import { WanLinkPipe } from '../../core/wan-link.pipe';

/** The WAN at a glance: map, health, quick stats, deployments, drift and conflict alerts. */
@Component({
  selector: 'wom-dashboard',
  imports: [MatButtonModule, MatProgressBarModule, MatProgressSpinnerModule, RouterLink, WanLinkPipe, TopologyGraphComponent, DeviceResultsComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page">
      <h1>Dashboard @if (context.wan(); as w) { <span class="muted">· {{ w.name }}</span> }</h1>
      @if (context.loaded() && !context.wanId()) {
        <div class="empty"><p>Welcome. Start by creating a WAN: it holds the tunnel address range and the topology.</p><a routerLink="/wans">Create a WAN</a></div>
      } @else {
        @if (!firstLoadDone()) { <mat-progress-bar mode="indeterminate" aria-label="Loading the dashboard" /> }
        @if (loadProblem(); as p) {
          <div class="error-box" role="alert" data-testid="load-error"><strong>Could not load the dashboard.</strong> {{ p.detail }} @if (p.fix) { {{ p.fix }} }
            <div><button mat-stroked-button type="button" (click)="reload()">Try again</button></div></div>
        }
        <div class="cards" role="group" aria-label="Quick stats">
          <div class="card"><div class="muted">Peers</div><div class="stat" data-testid="stat-peers">{{ status()?.peers?.total ?? '…' }}</div></div>
          <div class="card"><div class="muted">Online</div><div class="stat">{{ status()?.peers?.online ?? '…' }}</div></div>
          <div class="card"><div class="muted">Active connections</div><div class="stat">{{ activeLinks() }}</div></div>
          <div class="card"><div class="muted">Published services</div><div class="stat">{{ status()?.services?.total ?? '…' }}</div></div>
          <div class="card"><div class="muted">Open conflicts</div><div class="stat">{{ conflicts().length }}</div></div>
        </div>
        @for (c of conflicts().slice(0, 5); track c.id) { <div class="warn-box" role="alert"><a [routerLink]="'conflicts' | wanLink">{{ c.severity }} conflict</a>: {{ c.message }}</div> }
        @for (p of drifted(); track p.id) { <div class="warn-box" role="alert"><a [routerLink]="['peers', p.id] | wanLink">{{ p.name }}</a> has drifted from its desired configuration. Reconcile it from its page.</div> }
        <wom-topology-graph [model]="model()" [height]="380" (open)="open($event)" />
        <div class="cols">
          <section class="card" aria-labelledby="health-h"><h2 id="health-h">Peer health</h2>
            @if (firstLoadDone() && peers().length === 0) { <p class="muted">No peers yet. <a [routerLink]="'peers/new' | wanLink">Add the hub first</a>.</p> }
            <div class="table-scroll"><table class="data" aria-label="Peer health"><tbody>@for (p of peers(); track p.id) {
              <tr><td><a [routerLink]="['peers', p.id] | wanLink">{{ p.name }}</a></td><td><span class="badge" [class.online]="p.isOnline" [class.offline]="!p.isOnline">{{ p.isOnline ? 'online' : 'offline' }}</span></td><td class="muted">{{ ago(p.lastSeen) }}</td></tr>
            }</tbody></table></div>
          </section>
          <section class="card" aria-labelledby="deploy-h"><h2 id="deploy-h">Deployments</h2>
            @if (jobs().length === 0) { <p class="muted">No deployments yet.</p> }
            <div class="table-scroll"><table class="data" aria-label="Recent deployments"><tbody>@for (j of jobs(); track j.id) {
              <tr><td>{{ j.jobType }}</td><td><a [routerLink]="['peers', j.peerId] | wanLink">{{ nameOf(j.peerId) }}</a></td><td><span class="badge" [class]="j.status">{{ j.status }}</span> @if (!done(j)) { {{ j.progressPercent }}% }</td><td class="muted">{{ ago(j.createdAt) }}</td></tr>
            }</tbody></table></div>
            <a [routerLink]="'jobs' | wanLink">All jobs</a>
            @if (auth.canOperate() && routers().length > 0) {
              <div class="row"><button mat-flat-button type="button" data-testid="deploy-all" (click)="deployAll()" [disabled]="deploying()">
                @if (deploying()) { <mat-spinner diameter="18" class="inline" /> } Deploy to all {{ routers().length }} MikroTik routers…</button></div>
            }
            @if (deployResults(); as results) { <wom-device-results title="Deploy to all routers" [results]="results" [retrying]="retrying()" (retry)="retry($event)" /> }
          </section>
        </div>
      }
    </section>
  `,
  styles: `.inline { display: inline-block; vertical-align: middle; } .cols { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 16px; margin-top: 16px; } @media (max-width: 900px) { .cols { grid-template-columns: 1fr; } }`,
})
export class DashboardPage {
  readonly context = inject(WanContext);
  private readonly api = inject(ApiService);
  private readonly problems = inject(ProblemService);
  private readonly router = inject(Router);
  readonly ago = ago;
  readonly done = isTerminal;
  readonly status = signal<WanStatus | null>(null);
  readonly topology = signal<Topology | null>(null);
  readonly peers = signal<Peer[]>([]);
  readonly jobs = signal<Job[]>([]);
  readonly conflicts = signal<Conflict[]>([]);
  readonly model = computed(() => toGraphViewModel(this.topology() ?? { nodes: [], edges: [] }, { mikrotikManaged: new Set(this.peers().filter(isApiManaged).map((p) => p.id)) }));
  readonly activeLinks = computed(() => this.model().edges.filter((e) => e.active).length);
  readonly drifted = signal<Peer[]>([]);
  readonly auth = inject(AuthService);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  readonly routers = computed(() => this.peers().filter(isApiManaged));
  readonly deploying = signal(false);
  readonly deployResults = signal<DeviceResult[] | null>(null);
  readonly retrying = signal<string[]>([]);
  readonly firstLoadDone = signal(false);
  readonly loadProblem = signal<ProblemView | null>(null);

  constructor() {
    effect(() => {
      const wanId = this.context.wanId();
      if (wanId) void this.load(wanId);
    });
    // Back from an outage: what is shown may be stale.
    inject(ConnectionService).reconnected.pipe(takeUntilDestroyed()).subscribe(() => {
      const wanId = this.context.wanId();
      if (wanId) void this.load(wanId);
    });
    inject(EventsService).onWan(() => this.context.wanId()).pipe(debounceTime(500)).subscribe(() => {
      const wanId = this.context.wanId();
      if (wanId) void this.load(wanId);
    });
  }

  /** Deploy-all after the operator saw each router's preview; the answer waits for the routers, failed ones listed first. */
  async deployAll(): Promise<void> {
    const wanId = this.context.wanId();
    if (!wanId || this.deploying()) return;
    const routers = this.routers().map((p) => ({ id: p.id, name: p.name }));
    this.deploying.set(true);
    try {
      const answer = await confirmDeployAll(this.dialog, this.api, wanId, routers, 120);
      if (!answer) return;
      const results = deployAllResults(answer.summary);
      this.deployResults.set(results);
      const failed = results.filter((r) => r.outcome === 'failed');
      this.snackBar.open(failed.length > 0 ? `${failed.length} of ${results.length} routers failed: ${failed.map((r) => r.device).join(', ')}.` : `Deployed to ${results.length} routers.`, 'OK', { duration: 8000 });
    } catch (error) {
      this.problems.show(error);
    } finally {
      this.deploying.set(false);
    }
  }

  /** Retries one failed router's job; its line shows the new job until it ends. */
  async retry(jobId: string): Promise<void> {
    if (this.retrying().includes(jobId)) return;
    this.retrying.update((ids) => [...ids, jobId]);
    try {
      const job = await this.api.retryJob(jobId);
      this.deployResults.update((results) => (results ?? []).map((r) => (r.jobId === jobId ? { ...r, outcome: 'unfinished', reason: 'retrying', jobId: job.id } : r)));
      this.snackBar.open('Retry queued; follow it under Deployments.', 'OK', { duration: 5000 });
    } catch (error) {
      this.problems.show(error);
    } finally {
      this.retrying.update((ids) => ids.filter((id) => id !== jobId));
    }
  }

  reload(): void {
    const wanId = this.context.wanId();
    if (wanId) void this.load(wanId);
  }

  nameOf(id: string): string {
    return this.peers().find((p) => p.id === id)?.name ?? id.slice(0, 8);
  }

  open(id: string): void {
    void this.router.navigate(this.context.link('peers', id));
  }

  async load(wanId: string): Promise<void> {
    const [status, topology, peers, jobs, conflicts] = await Promise.allSettled([
      this.api.wanStatus(wanId), this.api.topology(wanId), this.api.peers(wanId), this.api.jobs({ limit: 8, wanId }), this.api.conflicts(wanId),
    ]);
    this.firstLoadDone.set(true);
    // The WAN's status is what the page stands on: without it, say why and offer a retry.
    if (status.status === 'fulfilled') {
      this.status.set(status.value);
      this.loadProblem.set(null);
    } else this.loadProblem.set(this.problems.describe(status.reason));
    if (topology.status === 'fulfilled') this.topology.set(topology.value);
    if (peers.status === 'fulfilled') this.peers.set(peers.value);
    if (jobs.status === 'fulfilled') this.jobs.set(jobs.value.items.filter((j) => j.wanId === null || j.wanId === wanId));
    if (conflicts.status === 'fulfilled') this.conflicts.set(conflicts.value);
    if (peers.status === 'fulfilled') void this.loadDrift(peers.value.filter(isApiManaged).slice(0, 50));
  }

  /** The stored drift report of each managed router (the scheduler keeps them fresh). */
  private async loadDrift(routers: readonly Peer[]): Promise<void> {
    const reports = await Promise.allSettled(routers.map((p) => this.api.get<{ report: unknown }>(`/api/peers/${p.id}/mikrotik/drift`)));
    this.drifted.set(routers.filter((_, i) => {
      const r = reports[i];
      return r?.status === 'fulfilled' && r.value.report !== null && toDriftView(r.value.report).inSync === false;
    }));
  }
}
