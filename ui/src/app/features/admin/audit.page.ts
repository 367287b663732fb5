import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toObservable } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { AuditEntryResponse } from '@wom/contracts';
import { combineLatest, Subject } from 'rxjs';
import { map } from 'rxjs/operators';
import { wanScope } from '../../core/wan-scope';
import { listRoute } from '../../shared/lists/list-route';
import { PAGE_SIZES } from '../../shared/lists/list-url.logic';
import { getPage, serverList } from '../../shared/lists/server-list';
import { WanScopeToggleComponent } from '../../shell/wan-scope-toggle.component';
import { auditListParams, auditListQuery, isoToLocal, localToIso, parseAuditListState, withAuditFilter, type AuditFilterKey, type AuditListState } from './audit-list.logic';
import { AuditTableComponent } from './audit-table.component';

/** The audit log (admin): who changed what, when, from where; searched and paged by the control plane. */
@Component({
  selector: 'wom-audit',
  imports: [MatFormFieldModule, MatInputModule, MatButtonModule, MatPaginatorModule, MatProgressBarModule, AuditTableComponent, WanScopeToggleComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page">
      <h1>Audit log</h1>
      @let s = list.state();
      <div class="filters card" role="search" aria-label="Filter the audit log">
        <mat-form-field subscriptSizing="dynamic" class="wide"><mat-label>Search</mat-label>
          <input matInput type="search" data-testid="audit-search" [value]="s.q" (input)="type('q', $event)" placeholder="action, entity, actor, details" /></mat-form-field>
        <mat-form-field subscriptSizing="dynamic"><mat-label>Actor</mat-label><input matInput [value]="s.actor" (input)="type('actor', $event)" /></mat-form-field>
        <mat-form-field subscriptSizing="dynamic"><mat-label>Action</mat-label><input matInput [value]="s.action" (input)="type('action', $event)" placeholder="peer.update" /></mat-form-field>
        <mat-form-field subscriptSizing="dynamic"><mat-label>Entity type</mat-label><input matInput [value]="s.entityType" (input)="type('entityType', $event)" /></mat-form-field>
        <mat-form-field subscriptSizing="dynamic"><mat-label>Entity id</mat-label><input matInput [value]="s.entityId" (input)="type('entityId', $event)" /></mat-form-field>
        <mat-form-field subscriptSizing="dynamic" class="time"><mat-label>From</mat-label>
          <input matInput type="datetime-local" data-testid="audit-from" [value]="local(s.from)" (change)="time('from', $event)" /></mat-form-field>
        <mat-form-field subscriptSizing="dynamic" class="time"><mat-label>To</mat-label>
          <input matInput type="datetime-local" data-testid="audit-to" [value]="local(s.to)" (change)="time('to', $event)" /></mat-form-field>
        <wom-wan-scope-toggle [scope]="scope" />
      </div>
      <span class="muted" aria-live="polite" data-testid="audit-count">{{ countText() }}</span>
      <mat-progress-bar [mode]="view().loading ? 'indeterminate' : 'determinate'" [value]="100" [class.idle]="!view().loading" aria-label="Loading the audit log" />
      @if (view().error; as error) { <div class="error-box" role="alert">Could not load the audit log. {{ error }} <button mat-button type="button" (click)="refresh.next()">Try again</button></div> }
      @if (view().settled && view().total === 0 && !view().error) {
        <p class="empty">No entries match. Every change made through the API or the console is recorded here.</p>
      } @else {
        <wom-audit-table [rows]="view().items" />
        <mat-paginator [length]="view().total" [pageIndex]="s.paging.page" [pageSize]="s.paging.size" [pageSizeOptions]="pageSizes" [showFirstLastButtons]="true" (page)="paged($event)" aria-label="Audit pages" />
      }
    </section>
  `,
  styles: `
    .filters { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: center; }
    .filters mat-form-field { flex: 1 1 150px; min-width: 0; }
    .filters mat-form-field.wide { flex: 2 1 220px; }
    .filters mat-form-field.time { flex: 1 1 230px; }
    mat-progress-bar.idle { visibility: hidden; }
  `,
})
export class AuditPage {
  private readonly http = inject(HttpClient);
  readonly pageSizes = PAGE_SIZES;
  readonly local = isoToLocal;
  /** This WAN's entries, or every WAN's (and those of no WAN: users, keys) with `?scope=all`. */
  readonly scope = wanScope();
  readonly list = listRoute(parseAuditListState, auditListParams);
  readonly refresh = new Subject<void>();
  readonly view = serverList<{ wanId: string | undefined; state: AuditListState }, AuditEntryResponse>(
    combineLatest([toObservable(this.scope.wanId), this.list.states]).pipe(map(([wanId, state]) => ({ wanId, state }))),
    ({ wanId, state }) => getPage<AuditEntryResponse>(this.http, '/api/audit', auditListQuery(state, wanId)),
    this.refresh,
  );
  readonly countText = computed(() => (this.view().settled ? `${this.view().total.toLocaleString('en')} ${this.view().total === 1 ? 'entry' : 'entries'}` : 'Loading the audit log…'));

  type(key: AuditFilterKey, event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    this.list.typed((current) => withAuditFilter(current, key, value));
  }

  /** A datetime-local value is whole once `change` fires; the URL keeps it as an instant. */
  time(key: 'from' | 'to', event: Event): void {
    this.list.go(withAuditFilter(this.list.state(), key, localToIso((event.target as HTMLInputElement).value)));
  }

  paged(event: PageEvent): void {
    const state = this.list.state();
    this.list.go({ ...state, paging: { size: event.pageSize, page: event.pageSize === state.paging.size ? event.pageIndex : 0 } });
  }
}
