import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toObservable } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import type { Sort } from '@angular/material/sort';
import { Router, RouterLink } from '@angular/router';
import { PEER_LIST_STATUSES, type PeerListItemResponse, type PeerSortField } from '@wom/contracts';
import { PEER_TYPES } from '@wom/domain';
import { combineLatest, merge } from 'rxjs';
import { distinctUntilChanged, map } from 'rxjs/operators';
import { ApiService } from '../../core/api.service';
import { AuthService } from '../../core/auth.service';
import { ConnectionService } from '../../core/connection.service';
import { fileSafe, saveBlob } from '../../core/download.util';
import { EventsService } from '../../core/events.service';
import { ProblemService } from '../../core/problem.service';
import { WanContext } from '../../core/wan-context.service';
import { WanLinkPipe } from '../../core/wan-link.pipe';
import { listRoute } from '../../shared/lists/list-route';
import { PAGE_SIZES } from '../../shared/lists/list-url.logic';
import { getPage, serverList } from '../../shared/lists/server-list';
import { isSubnetFilter, parsePeerListState, peerListParams, peerListQuery, withFilter, type PeerFilterKey, type PeerListState } from './peer-list.logic';
import { confirmDeployAll } from '../mikrotik/router-confirmations';
import { isApiManaged } from './peer-filter.logic';
import { PeersTableComponent } from './peers-table.component';

/**
 * The peers of a WAN, paged, sorted and filtered by the control plane (a WAN may hold thousands),
 * with the state in the URL so a reload or a shared link shows the same rows. Bulk operations
 * act on the whole WAN.
 */
@Component({
  selector: 'wom-peers',
  imports: [RouterLink, WanLinkPipe, MatFormFieldModule, MatInputModule, MatSelectModule, MatButtonModule, MatPaginatorModule, MatProgressBarModule, PeersTableComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page">
      <div class="row"><h1 class="grow">Peers</h1>
        @if (auth.canOperate() && context.wanId()) { <a mat-flat-button [routerLink]="'peers/new' | wanLink">Add peer</a> }
      </div>
      @if (!context.wanId()) { <p class="empty">No WAN yet. <a routerLink="/wans">Create a WAN</a> first.</p> }
      @else {
        @let s = list.state();
        <div class="filters card" role="search" aria-label="Filter peers">
          <mat-form-field subscriptSizing="dynamic" class="wide"><mat-label>Search</mat-label>
            <input matInput type="search" data-testid="peer-search" [value]="s.q" (input)="type('q', $event)" placeholder="name, address, endpoint, subnet" /></mat-form-field>
          <mat-form-field subscriptSizing="dynamic"><mat-label>Type</mat-label>
            <mat-select data-testid="peer-type" [value]="s.type" (valueChange)="pick('type', $event)"><mat-option value="">any</mat-option>
              @for (t of types; track t) { <mat-option [value]="t">{{ t }}</mat-option> }</mat-select></mat-form-field>
          <mat-form-field subscriptSizing="dynamic"><mat-label>Status</mat-label>
            <mat-select data-testid="peer-status" [value]="s.status" (valueChange)="pick('status', $event)"><mat-option value="">any</mat-option>
              @for (st of statuses; track st) { <mat-option [value]="st">{{ st }}</mat-option> }</mat-select></mat-form-field>
          <mat-form-field subscriptSizing="dynamic"><mat-label>Tag</mat-label><input matInput [value]="s.tag" (input)="type('tag', $event)" /></mat-form-field>
          <mat-form-field subscriptSizing="dynamic"><mat-label>Subnet overlaps</mat-label>
            <input matInput [value]="s.subnet" (input)="type('subnet', $event)" placeholder="192.168.0.0/16" /></mat-form-field>
        </div>
        <div class="row">
          <span class="muted grow" aria-live="polite" data-testid="peer-count">{{ countText() }}</span>
          <button mat-stroked-button type="button" (click)="exportAll()" [disabled]="busy()">Export all configs</button>
          @if (auth.canOperate()) {
            <button mat-stroked-button type="button" (click)="regenerateAll()" [disabled]="busy()">Regenerate configs</button>
            <button mat-stroked-button type="button" (click)="deployAll()" [disabled]="busy()">Deploy to all MikroTik…</button>
          }
        </div>
        @if (notice()) { <div class="ok-box" role="status" data-testid="notice">{{ notice() }}</div> }
        <mat-progress-bar [mode]="view().loading ? 'indeterminate' : 'determinate'" [value]="100" [class.idle]="!view().loading" aria-label="Loading peers" />
        @if (view().error; as error) { <div class="error-box" role="alert">Could not load the peers. {{ error }} <button mat-button type="button" (click)="retry()">Try again</button></div> }
        @if (view().settled && view().total === 0 && !view().error) {
          @if (filtered()) { <p class="empty">No peer matches these filters. <button mat-button type="button" (click)="clearFilters()">Clear filters</button></p> }
          @else { <p class="empty">This WAN has no peers yet. Add a hub first, then sites and devices.</p> }
        } @else {
          <wom-peers-table [rows]="view().items" [sort]="s.sort" (sortChange)="sorted($event)" />
          <mat-paginator [length]="view().total" [pageIndex]="s.paging.page" [pageSize]="s.paging.size" [pageSizeOptions]="pageSizes" [showFirstLastButtons]="true" (page)="paged($event)" aria-label="Peer pages" />
        }
      }
    </section>
  `,
  styles: `
    .filters { display: flex; flex-wrap: wrap; gap: 8px 12px; }
    .filters mat-form-field { flex: 1 1 150px; min-width: 0; }
    .filters mat-form-field.wide { flex: 2 1 220px; }
    mat-progress-bar.idle { visibility: hidden; }
  `,
})
export class PeersPage {
  readonly context = inject(WanContext);
  readonly auth = inject(AuthService);
  private readonly api = inject(ApiService);
  private readonly problems = inject(ProblemService);
  private readonly router = inject(Router);
  private readonly http = inject(HttpClient);
  private readonly dialog = inject(MatDialog);
  readonly types = PEER_TYPES;
  readonly statuses = PEER_LIST_STATUSES;
  readonly pageSizes = PAGE_SIZES;
  readonly busy = signal(false);
  readonly notice = signal<string | null>(null);
  readonly list = listRoute(parsePeerListState, peerListParams);
  private readonly retries = signal(0);

  /** One request per (WAN, state); a newer one cancels the older in flight. */
  readonly view = serverList<{ wanId: string; state: PeerListState }, PeerListItemResponse>(
    combineLatest([toObservable(this.context.wanId).pipe(distinctUntilChanged()), this.list.states, toObservable(this.retries)]).pipe(
      map(([wanId, state]) => (wanId ? { wanId, state } : null)),
    ),
    ({ wanId, state }) => getPage<PeerListItemResponse>(this.http, `/api/wan/${wanId}/peers`, peerListQuery(state)),
    // Live status changes and a reconnect re-read the page shown (coalesced by serverList).
    merge(inject(EventsService).onWan(() => this.context.wanId(), 'peer.status', 'config.changed'), inject(ConnectionService).reconnected),
  );
  readonly filtered = computed(() => {
    const s = this.list.state();
    return s.q !== '' || s.type !== '' || s.status !== '' || s.tag !== '' || s.subnet !== '';
  });
  readonly countText = computed(() => {
    const { total, settled } = this.view();
    if (!settled) return 'Loading peers…';
    return `${total.toLocaleString('en')} ${total === 1 ? 'peer' : 'peers'}${this.filtered() ? ' match' : ''}`;
  });

  /** Typing waits for a pause; a subnet that is not yet a whole CIDR is not sent (the API would refuse it). */
  type(key: PeerFilterKey, event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    if (key === 'subnet' && value.trim() !== '' && !isSubnetFilter(value)) return;
    this.list.typed((current) => withFilter(current, key, value));
  }

  pick(key: PeerFilterKey, value: string): void {
    this.list.go(withFilter(this.list.state(), key, value));
  }

  sorted(sort: Sort): void {
    const state = this.list.state();
    this.list.go({ ...state, sort: { active: sort.active as PeerSortField, direction: sort.direction === 'desc' ? 'desc' : 'asc' }, paging: { ...state.paging, page: 0 } });
  }

  paged(event: PageEvent): void {
    // A new page size starts over at the first page: the old index points elsewhere now.
    const state = this.list.state();
    this.list.go({ ...state, paging: { size: event.pageSize, page: event.pageSize === state.paging.size ? event.pageIndex : 0 } });
  }

  clearFilters(): void {
    this.list.go({ ...this.list.state(), q: '', type: '', status: '', tag: '', subnet: '', paging: { ...this.list.state().paging, page: 0 } });
  }

  retry(): void {
    this.retries.update((n) => n + 1);
  }

  private async run(action: () => Promise<string | null>): Promise<void> {
    this.busy.set(true);
    this.notice.set(null);
    try {
      this.notice.set(await action());
    } catch (error) {
      this.problems.show(error);
    } finally {
      this.busy.set(false);
    }
  }

  exportAll(): Promise<void> {
    return this.run(async () => {
      const wan = this.context.wan()!;
      saveBlob(await this.api.blob(`/api/wan/${wan.id}/export`), `${fileSafe(wan.name)}-configs.zip`);
      return 'The ZIP of every peer’s configuration is downloading.';
    });
  }

  regenerateAll(): Promise<void> {
    return this.run(async () => {
      const result = await this.api.post<{ generated: number; unchanged: number; pendingManualApplication: unknown[] }>(`/api/wan/${this.context.wanId()}/regenerate-all`);
      return `Regenerated ${result.generated} configurations (${result.unchanged} unchanged); ${result.pendingManualApplication.length} must be applied by hand.`;
    });
  }

  /** The dashboard's deploy-all confirmation (each router's preview first); then the batch's progress on Jobs. */
  deployAll(): Promise<void> {
    return this.run(async () => {
      const wanId = this.context.wanId()!;
      const routers = (await this.api.peers(wanId)).filter(isApiManaged).map((p) => ({ id: p.id, name: p.name }));
      if (routers.length === 0) return 'This WAN has no MikroTik router managed over its API.';
      const answer = await confirmDeployAll(this.dialog, this.api, wanId, routers, 0);
      if (!answer) return null;
      await this.router.navigate(this.context.link('jobs'), { queryParams: { batch: answer.jobs.map((j) => j.id).join(',') } });
      return `Queued ${answer.jobs.length} deployments.`;
    });
  }
}
