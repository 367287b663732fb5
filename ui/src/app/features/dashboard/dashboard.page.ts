import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { debounceTime } from 'rxjs/operators';
import type { Conflict, Job, Peer, Topology, WanStatus } from '../../core/api.models';
import { ApiService } from '../../core/api.service';
import { EventsService } from '../../core/events.service';
import { ProblemService } from '../../core/problem.service';
import { WanContext } from '../../core/wan-context.service';
import { isTerminal } from '../jobs/job-view.logic';
import { toDriftView } from '../mikrotik/diff.logic';
import { ago, isApiManaged } from '../peers/peer-filter.logic';
import { toGraphViewModel } from '../topology/graph-view-model.logic';
import { TopologyGraphComponent } from '../topology/topology-graph.component';

/** The WAN at a glance: map, health, quick stats, deployments, drift and conflict alerts. */
@Component({
  selector: 'wom-dashboard',
  imports: [RouterLink, TopologyGraphComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page">
      <h1>Dashboard @if (context.wan(); as w) { <span class="muted">· {{ w.name }}</span> }</h1>
      @if (context.loaded() && !context.wanId()) {
        <div class="empty"><p>Welcome. Start by creating a WAN: it holds the tunnel address range and the topology.</p><a routerLink="/wans">Create a WAN</a></div>
      } @else {
        <div class="cards" aria-label="Quick stats">
          <div class="card"><div class="muted">Peers</div><div class="stat" data-testid="stat-peers">{{ status()?.peers?.total ?? '…' }}</div></div>
          <div class="card"><div class="muted">Online</div><div class="stat">{{ status()?.peers?.online ?? '…' }}</div></div>
          <div class="card"><div class="muted">Active connections</div><div class="stat">{{ activeLinks() }}</div></div>
          <div class="card"><div class="muted">Published services</div><div class="stat">{{ status()?.services?.total ?? '…' }}</div></div>
          <div class="card"><div class="muted">Open conflicts</div><div class="stat">{{ conflicts().length }}</div></div>
        </div>
        @for (c of conflicts().slice(0, 5); track c.id) { <div class="warn-box" role="alert"><a routerLink="/conflicts">{{ c.severity }} conflict</a>: {{ c.message }}</div> }
        @for (p of drifted(); track p.id) { <div class="warn-box" role="alert"><a [routerLink]="['/peers', p.id]">{{ p.name }}</a> has drifted from its desired configuration. Reconcile it from its page.</div> }
        <wom-topology-graph [model]="model()" [height]="380" (open)="open($event)" />
        <div class="cols">
          <section class="card" aria-labelledby="health-h"><h2 id="health-h">Peer health</h2>
            <table class="data"><tbody>@for (p of peers(); track p.id) {
              <tr><td><a [routerLink]="['/peers', p.id]">{{ p.name }}</a></td><td><span class="badge" [class.online]="p.isOnline" [class.offline]="!p.isOnline">{{ p.isOnline ? 'online' : 'offline' }}</span></td><td class="muted">{{ ago(p.lastSeen) }}</td></tr>
            }</tbody></table>
          </section>
          <section class="card" aria-labelledby="deploy-h"><h2 id="deploy-h">Deployments</h2>
            @if (jobs().length === 0) { <p class="muted">No deployments yet.</p> }
            <table class="data"><tbody>@for (j of jobs(); track j.id) {
              <tr><td>{{ j.jobType }}</td><td><a [routerLink]="['/peers', j.peerId]">{{ nameOf(j.peerId) }}</a></td><td><span class="badge" [class]="j.status">{{ j.status }}</span> @if (!done(j)) { {{ j.progressPercent }}% }</td><td class="muted">{{ ago(j.createdAt) }}</td></tr>
            }</tbody></table>
            <a routerLink="/jobs">All jobs</a>
          </section>
        </div>
      }
    </section>
  `,
  styles: `.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; margin-top: 16px; } @media (max-width: 900px) { .cols { grid-template-columns: 1fr; } }`,
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

  constructor() {
    effect(() => {
      const wanId = this.context.wanId();
      if (wanId) void this.load(wanId);
    });
    inject(EventsService).on().pipe(debounceTime(500)).subscribe(() => {
      const wanId = this.context.wanId();
      if (wanId) void this.load(wanId);
    });
  }

  nameOf(id: string): string {
    return this.peers().find((p) => p.id === id)?.name ?? id.slice(0, 8);
  }

  open(id: string): void {
    void this.router.navigate(['/peers', id]);
  }

  async load(wanId: string): Promise<void> {
    const [status, topology, peers, jobs, conflicts] = await Promise.allSettled([
      this.api.wanStatus(wanId), this.api.topology(wanId), this.api.peers(wanId), this.api.jobs({ limit: 8 }), this.api.conflicts(wanId),
    ]);
    if (status.status === 'fulfilled') this.status.set(status.value);
    else this.problems.show(status.reason);
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
