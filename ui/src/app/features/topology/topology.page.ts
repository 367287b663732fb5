import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked, viewChild } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import type { PeerType } from '@wom/domain';
import type { Peer, Topology } from '../../core/api.models';
import { ApiService } from '../../core/api.service';
import { fileSafe } from '../../core/download.util';
import { EventsService } from '../../core/events.service';
import { ProblemService } from '../../core/problem.service';
import { ConnectionService } from '../../core/connection.service';
import { WanContext } from '../../core/wan-context.service';
import { isApiManaged } from '../peers/peer-filter.logic';
import { STATUS_COLOURS, toGraphViewModel } from './graph-view-model.logic';
import { HEALTH_COLOURS } from './link-health.logic';
import { peerDetailLink } from './peer-route';
import { TopologyGraphComponent } from './topology-graph.component';
import { NO_FILTER, searchPeers, tagsOf, visibleNodes, type StatusFilter, type TopologyFilter } from './topology-filter.logic';
import { WanLinkPipe } from '../../core/wan-link.pipe';

/** The WAN's map: every link coloured by health, search, filters, zoom and pan; click a peer to open it; PNG/SVG export. */
@Component({
  selector: 'wom-topology',
  imports: [TopologyGraphComponent, RouterLink, WanLinkPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page">
      <div class="row"><h1 class="grow">Topology @if (topology(); as t) { <span class="muted">({{ t.topologyType }})</span> }</h1>
        <button type="button" (click)="exportSvg()">Export SVG</button><button type="button" (click)="exportPng()">Export PNG</button></div>
      @if (!context.wanId()) { <p class="empty">No WAN yet. <a routerLink="/wans">Create a WAN</a> first.</p> }
      @else if (model().nodes.length === 0 && loaded()) { <p class="empty">No peers to draw. <a [routerLink]="'peers/new' | wanLink">Add a hub</a>, then sites.</p> }
      @else {
        <div class="row tools" role="search">
          <label>Find a peer <input type="search" name="peer-search" [value]="query()" (input)="query.set(value($event))" (keydown.enter)="focusFirst()" placeholder="name or tunnel IP" /></label>
          @if (query().trim()) { <span class="muted" aria-live="polite">{{ matches().length }} {{ matches().length === 1 ? 'match' : 'matches' }}</span> }
          <fieldset class="types"><legend class="sr-only">Peer types</legend>
            @for (l of model().legend; track l.type) {
              <label class="chip"><input type="checkbox" [checked]="filter().types.includes(l.type)" (change)="toggleType(l.type)" /><span class="swatch" [style.background]="l.colour"></span> {{ l.type }} ({{ l.count }})</label>
            }
          </fieldset>
          <label>Status <select name="status" [value]="filter().status" (change)="setStatus(value($event))"><option value="any">any</option><option value="online">online</option><option value="offline">offline</option></select></label>
          @if (tags().length > 0) {
            <label>Tag <select name="tag" [value]="filter().tag" (change)="setTag(value($event))"><option value="">any</option>@for (t of tags(); track t) { <option [value]="t">{{ t }}</option> }</select></label>
          }
        </div>
        <div class="row legend" aria-label="Legend">
          <span><span class="line" [style.background]="health.up"></span> link up ({{ model().health.up }})</span>
          <span><span class="line" [style.background]="health.down"></span> link down ({{ model().health.down }})</span>
          <span><span class="line" [style.background]="health.unknown"></span> no reading ({{ model().health.unknown }})</span>
          <span><span class="dot" [style.borderColor]="online"></span> online</span><span><span class="dot" [style.borderColor]="offline"></span> offline</span>
          @if (hidden() > 0) { <span role="note">{{ hidden() }} peers hidden by the filter</span> }
        </div>
        <wom-topology-graph [model]="model()" [visible]="visible()" [matches]="matches()" [height]="620" (open)="open($event)" />
        @for (i of topology()?.issues ?? []; track $index) { <div class="warn-box">{{ i.message }}</div> }
      }
    </section>
  `,
  styles: `.tools, .legend { margin-bottom: 8px; font-size: 0.9rem; gap: 12px; flex-wrap: wrap; align-items: center; }
           .types { border: 0; padding: 0; margin: 0; display: flex; gap: 8px; flex-wrap: wrap; } .chip { display: inline-flex; align-items: center; gap: 4px; }
           .swatch { display: inline-block; width: 14px; height: 14px; border-radius: 50%; vertical-align: middle; }
           .line { display: inline-block; width: 18px; height: 3px; vertical-align: middle; }
           .dot { display: inline-block; width: 8px; height: 8px; border-radius: 50%; border: 3px solid; vertical-align: middle; }`,
})
export class TopologyPage {
  readonly context = inject(WanContext);
  private readonly api = inject(ApiService);
  private readonly problems = inject(ProblemService);
  private readonly router = inject(Router);
  private readonly graph = viewChild(TopologyGraphComponent);
  readonly online = STATUS_COLOURS.online;
  readonly offline = STATUS_COLOURS.offline;
  readonly health = HEALTH_COLOURS;
  readonly topology = signal<Topology | null>(null);
  readonly peers = signal<Peer[]>([]);
  readonly loaded = signal(false);
  readonly query = signal('');
  readonly filter = signal<TopologyFilter>(NO_FILTER);
  readonly model = computed(() => {
    const peers = this.peers();
    const managed = new Set(peers.filter(isApiManaged).map((p) => p.id));
    const tags = new Map(peers.map((p) => [p.id, p.tags] as const));
    return toGraphViewModel(this.topology() ?? { nodes: [], edges: [] }, { mikrotikManaged: managed, tags });
  });
  readonly visible = computed(() => visibleNodes(this.model().nodes, this.filter()));
  readonly hidden = computed(() => this.visible()?.filter((kept) => !kept).length ?? 0);
  readonly tags = computed(() => tagsOf(this.model().nodes));
  /** Search matches among the peers the filter keeps, best first. */
  readonly matches = computed(() => {
    const visible = this.visible();
    return searchPeers(this.model().nodes, this.query()).filter((i) => !visible || visible[i]);
  });

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
    // The best match is centred as the user types; a refresh of the same WAN leaves the view alone.
    let centred: string | null = null;
    effect(() => {
      const first = this.matches()[0];
      const id = first === undefined ? null : untracked(() => this.model().nodes[first]?.id ?? null);
      if (id !== null && id !== centred) untracked(() => this.graph()?.centreOnPeer(first!));
      centred = id;
    });
    inject(EventsService).on('peer.status', 'config.changed').subscribe(() => {
      const wanId = this.context.wanId();
      if (wanId) void this.load(wanId);
    });
  }

  /** The map is drawn as soon as the topology arrives; the peer list only adds API marks and tags. */
  async load(wanId: string): Promise<void> {
    void this.api.peers(wanId).then((list) => this.peers.set(list), (error: unknown) => this.problems.show(error));
    try {
      this.topology.set(await this.api.topology(wanId));
    } catch (error) {
      this.problems.show(error);
    } finally {
      this.loaded.set(true);
    }
  }

  value(event: Event): string {
    return (event.target as HTMLInputElement | HTMLSelectElement).value;
  }

  focusFirst(): void {
    const first = this.matches()[0];
    if (first !== undefined) this.graph()?.centreOnPeer(first);
  }

  toggleType(type: PeerType): void {
    const types = this.filter().types;
    this.filter.set({ ...this.filter(), types: types.includes(type) ? types.filter((t) => t !== type) : [...types, type] });
  }

  setStatus(status: string): void {
    this.filter.set({ ...this.filter(), status: status as StatusFilter });
  }

  setTag(tag: string): void {
    this.filter.set({ ...this.filter(), tag });
  }

  open(peerId: string): void {
    void this.router.navigate(peerDetailLink(this.context.wanId(), peerId));
  }

  exportSvg(): void {
    this.graph()?.exportSvg(`${fileSafe(this.context.wan()?.name ?? 'wan')}-topology.svg`);
  }

  async exportPng(): Promise<void> {
    try {
      await this.graph()?.exportPng(`${fileSafe(this.context.wan()?.name ?? 'wan')}-topology.png`);
    } catch (error) {
      this.problems.show(error);
    }
  }
}
