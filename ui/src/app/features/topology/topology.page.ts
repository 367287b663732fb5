import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, viewChild } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import type { Peer, Topology } from '../../core/api.models';
import { ApiService } from '../../core/api.service';
import { fileSafe } from '../../core/download.util';
import { EventsService } from '../../core/events.service';
import { ProblemService } from '../../core/problem.service';
import { WanContext } from '../../core/wan-context.service';
import { isApiManaged } from '../peers/peer-filter.logic';
import { STATUS_COLOURS, toGraphViewModel } from './graph-view-model.logic';
import { TopologyGraphComponent } from './topology-graph.component';

/** The WAN's graph: colour by type, status ring, API mark; click a peer to open it; PNG/SVG export. */
@Component({
  selector: 'wom-topology',
  imports: [TopologyGraphComponent, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page">
      <div class="row"><h1 class="grow">Topology @if (topology(); as t) { <span class="muted">({{ t.topologyType }})</span> }</h1>
        <button type="button" (click)="exportSvg()">Export SVG</button><button type="button" (click)="exportPng()">Export PNG</button></div>
      @if (!context.wanId()) { <p class="empty">No WAN yet. <a routerLink="/wans">Create a WAN</a> first.</p> }
      @else if (model().nodes.length === 0 && loaded()) { <p class="empty">No peers to draw. <a routerLink="/peers/new">Add a hub</a>, then sites.</p> }
      @else {
        <div class="row legend" aria-label="Legend">
          @for (l of model().legend; track l.type) { <span><span class="swatch" [style.background]="l.colour"></span> {{ l.type }} ({{ l.count }})</span> }
          <span><span class="dot" [style.background]="online"></span> online</span><span><span class="dot" [style.background]="offline"></span> offline</span>
          <span><span class="api">API</span> managed over the MikroTik API</span>
          @if (model().hiddenEdges > 0) { <span class="warn-box" role="note">{{ model().hiddenEdges }} links hidden to keep the mesh legible: showing hub links, explicit connections and links between online peers.</span> }
        </div>
        <wom-topology-graph [model]="model()" [height]="620" (open)="open($event)" />
        @for (i of topology()?.issues ?? []; track $index) { <div class="warn-box">{{ i.message }}</div> }
      }
    </section>
  `,
  styles: `.legend { margin-bottom: 8px; font-size: 0.9rem; } .swatch { display: inline-block; width: 14px; height: 14px; border-radius: 3px; vertical-align: middle; }
           .dot { display: inline-block; width: 10px; height: 10px; border-radius: 50%; vertical-align: middle; } .api { font-size: 0.7rem; font-weight: 700; color: #0b57d0; border: 1px solid #0b57d0; border-radius: 3px; padding: 0 3px; }`,
})
export class TopologyPage {
  readonly context = inject(WanContext);
  private readonly api = inject(ApiService);
  private readonly problems = inject(ProblemService);
  private readonly router = inject(Router);
  private readonly graph = viewChild(TopologyGraphComponent);
  readonly online = STATUS_COLOURS.online;
  readonly offline = STATUS_COLOURS.offline;
  readonly topology = signal<Topology | null>(null);
  readonly peers = signal<Peer[]>([]);
  readonly loaded = signal(false);
  readonly model = computed(() => {
    const managed = new Set(this.peers().filter(isApiManaged).map((p) => p.id));
    return toGraphViewModel(this.topology() ?? { nodes: [], edges: [] }, { mikrotikManaged: managed });
  });

  constructor() {
    effect(() => {
      const wanId = this.context.wanId();
      if (wanId) void this.load(wanId);
    });
    inject(EventsService).on('peer.status', 'config.changed').subscribe(() => {
      const wanId = this.context.wanId();
      if (wanId) void this.load(wanId);
    });
  }

  /** The map is drawn as soon as the topology arrives; the peer list only adds the API marks. */
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

  open(peerId: string): void {
    void this.router.navigate(['/peers', peerId]);
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
