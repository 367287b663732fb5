import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatChipsModule } from '@angular/material/chips';
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
  imports: [MatTableModule, MatSortModule, MatChipsModule, RouterLink, WanLinkPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="table-scroll">
      <table mat-table [dataSource]="rows()" matSort [matSortActive]="sort().active" [matSortDirection]="sort().direction" matSortDisableClear (matSortChange)="sortChange.emit($event)" aria-label="Peers" class="peers">
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
            <mat-chip-set [attr.aria-label]="'status of ' + peer.name">
              <mat-chip [class]="peer.isOnline ? 'chip-online' : 'chip-offline'" [disableRipple]="true">{{ peer.isOnline ? 'online' : 'offline' }}</mat-chip>
              @if (removalView(peer.removal); as removal) { <mat-chip class="chip-neutral" [disableRipple]="true" [attr.title]="removal.detail">{{ removal.text }}</mat-chip> }
            </mat-chip-set>
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
    mat-chip { --mat-chip-container-height: 22px; font-size: 0.78rem; }
    .chip-online { --mat-chip-elevated-container-color: #e6f4ea; --mat-chip-label-text-color: #0d5323; }
    .chip-offline { --mat-chip-elevated-container-color: #fdecea; --mat-chip-label-text-color: #8c1d18; }
    .chip-neutral { --mat-chip-elevated-container-color: #eef1f5; --mat-chip-label-text-color: #333b46; }
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
}
