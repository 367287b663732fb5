import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { GraphViewModel } from './graph-view-model.logic';

/**
 * The map as a table: every peer the filter keeps, with its type, status and links by health,
 * each a link to the peer. The text alternative of the canvas for screen-reader and keyboard users.
 */
@Component({
  selector: 'wom-topology-table',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <table class="peer-table" aria-label="Peers on the map">
      <caption>{{ rows().length }} of {{ model().nodes.length }} peers, {{ model().edges.length }} links</caption>
      <thead><tr><th scope="col">Peer</th><th scope="col">Type</th><th scope="col">Status</th><th scope="col">Tunnel IP</th><th scope="col">Links</th><th scope="col">Up</th><th scope="col">Down</th><th scope="col">Unknown</th></tr></thead>
      <tbody>
        @for (row of rows(); track row.id) {
          <tr [attr.data-peer-id]="row.id" [class.match]="row.match">
            <td><a [routerLink]="link()(row.id)">{{ row.label }}</a>@if (row.mikrotikApi) { <span class="api" title="managed over the MikroTik API">API</span> }</td>
            <td>{{ row.type }}</td><td>{{ row.online ? 'online' : 'offline' }}</td><td class="mono">{{ row.tunnelIp }}</td>
            <td>{{ row.links.total }}</td><td>{{ row.links.up }}</td><td>{{ row.links.down }}</td><td>{{ row.links.unknown }}</td>
          </tr>
        }
      </tbody>
    </table>
  `,
  styles: `.peer-table { width: 100%; border-collapse: collapse; font-size: 0.9rem; } caption { text-align: left; padding: 4px 0; color: #4a5361; }
           th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--mat-sys-outline-variant, #e3e7ed); } tr.match { background: var(--mat-sys-tertiary-container, #fff4d6); color: var(--mat-sys-on-tertiary-container, inherit); }
           .api { font-size: 0.7rem; font-weight: 700; color: #0b57d0; border: 1px solid #0b57d0; border-radius: 3px; padding: 0 3px; margin-left: 6px; }`,
})
export class TopologyTableComponent {
  readonly model = input.required<GraphViewModel>();
  readonly visible = input<readonly boolean[] | null>(null);
  readonly matches = input<ReadonlySet<number>>(new Set());
  /** The router link of a peer's page. */
  readonly link = input.required<(peerId: string) => string[]>();

  readonly rows = computed(() => {
    const visible = this.visible();
    const matches = this.matches();
    return this.model()
      .nodes.map((node, index) => ({ ...node, match: matches.has(index), index }))
      .filter((row) => !visible || visible[row.index])
      .sort((a, b) => Number(b.match) - Number(a.match) || a.label.localeCompare(b.label));
  });
}
