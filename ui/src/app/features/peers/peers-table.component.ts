import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatSortModule, type Sort } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import type { PeerListItemResponse, PeerSortField } from '@wom/contracts';
import { WanLinkPipe } from '../../core/wan-link.pipe';
import { type ListSort } from '../../shared/lists/list-url.logic';
import { formatBytes } from '../peer-detail/format.logic';
import { ago, apiStatusView, isApiManaged, removalView } from './peer-filter.logic';

/** One page of a WAN's peers; sorting is the server's, so a header click only asks for it. */
@Component({
  selector: 'wom-peers-table',
  imports: [MatTableModule, MatSortModule, RouterLink, WanLinkPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="table-scroll">
      <table mat-table [dataSource]="rows()" [trackBy]="byId" matSort [matSortActive]="sort().active" [matSortDirection]="sort().direction" matSortDisableClear (matSortChange)="sortChange.emit($event)" aria-label="Peers" class="peers">
        <ng-container matColumnDef="name">
          <th mat-header-cell *matHeaderCellDef mat-sort-header>Name</th>
          <td mat-cell *matCellDef="let peer"><a [routerLink]="['peers', peer.id] | wanLink">{{ peer.name }}</a></td>
        </ng-container>
        <ng-container matColumnDef="type">
          <th mat-header-cell *matHeaderCellDef mat-sort-header>Type</th>
          <td mat-cell *matCellDef="let peer">{{ peer.type }}
            @if (peer.type === 'mikrotik' && isApiManaged(peer)) { @let api = apiStatusView(peer.mikrotik); <span class="badge" [class]="api.tone">API {{ api.text }}</span> }
          </td>
        </ng-container>
        <ng-container matColumnDef="status">
          <th mat-header-cell *matHeaderCellDef mat-sort-header>Status</th>
          <td mat-cell *matCellDef="let peer">
            <span class="badge" [class]="peer.isOnline ? 'online' : 'offline'">{{ peer.isOnline ? 'online' : 'offline' }}</span>
            @if (removalView(peer.removal); as removal) { <span class="badge neutral" [attr.title]="removal.detail">{{ removal.text }}</span> }
          </td>
        </ng-container>
        <ng-container matColumnDef="tunnelAddress">
          <th mat-header-cell *matHeaderCellDef mat-sort-header>Tunnel address</th>
          <td mat-cell *matCellDef="let peer" class="mono">{{ peer.tunnelIp }}</td>
        </ng-container>
        <ng-container matColumnDef="lastHandshake">
          <th mat-header-cell *matHeaderCellDef mat-sort-header>Last handshake</th>
          <td mat-cell *matCellDef="let peer" [attr.title]="peer.lastSeen ?? ''">{{ ago(peer.lastSeen) }}</td>
        </ng-container>
        <ng-container matColumnDef="rx">
          <th mat-header-cell *matHeaderCellDef>Received</th>
          <td mat-cell *matCellDef="let peer" class="num">{{ bytes(peer.rxBytes) }}</td>
        </ng-container>
        <ng-container matColumnDef="tx">
          <th mat-header-cell *matHeaderCellDef>Sent</th>
          <td mat-cell *matCellDef="let peer" class="num">{{ bytes(peer.txBytes) }}</td>
        </ng-container>
        <tr mat-header-row *matHeaderRowDef="columns; sticky: true"></tr>
        <tr mat-row *matRowDef="let peer; columns: columns" [attr.data-peer]="peer.name"></tr>
      </table>
    </div>
  `,
  styles: `
    .table-scroll { overflow-x: auto; max-width: 100%; border: 1px solid #d6dbe3; border-radius: 8px; }
    table.peers { width: 100%; min-width: 760px; }
    table.peers td, table.peers th { white-space: nowrap; }
    .num { text-align: right; font-variant-numeric: tabular-nums; }
    .badge + .badge { margin-left: 4px; }
  `,
})
export class PeersTableComponent {
  readonly rows = input.required<readonly PeerListItemResponse[]>();
  readonly sort = input.required<ListSort<PeerSortField>>();
  readonly sortChange = output<Sort>();
  readonly columns = ['name', 'type', 'status', 'tunnelAddress', 'lastHandshake', 'rx', 'tx'];
  readonly ago = ago;
  readonly bytes = formatBytes;
  readonly isApiManaged = isApiManaged;
  readonly apiStatusView = apiStatusView;
  readonly removalView = removalView;
  /** A refreshed page keeps the rows of the same objects: only what changed is redrawn. */
  readonly byId = (_index: number, row: { readonly id: string }) => row.id;
}
