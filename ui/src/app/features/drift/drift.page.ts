import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatChipsModule } from '@angular/material/chips';
import { MatDialog } from '@angular/material/dialog';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { debounceTime, filter } from 'rxjs';
import { ApiService } from '../../core/api.service';
import { AuthService } from '../../core/auth.service';
import { ConnectionService } from '../../core/connection.service';
import { EventsService } from '../../core/events.service';
import { ProblemService } from '../../core/problem.service';
import { WanContext } from '../../core/wan-context.service';
import { WanLinkPipe } from '../../core/wan-link.pipe';
import { LoadState } from '../../shared/load-state';
import { LoadStateComponent } from '../../shared/load-state.component';
import { diffSummary, type DiffRow } from '../mikrotik/diff.logic';
import { confirmReconcile } from '../mikrotik/router-confirmations';
import { ago } from '../peers/peer-filter.logic';
import { canCheck, driftChips, driftDiff, refreshesDrift, STATE_LABEL, type FleetDriftItem, type FleetDriftPage } from './drift-fleet.logic';

const PAGE_SIZE = 50;

/**
 * Drift across the WAN: every router and agent box with the kinds of drift its latest check found
 * and when, drifted first. A router's findings open as a side-by-side diff, and can be checked
 * again or reconciled (after a preview) from here. Drift reports and finished jobs refresh it live.
 */
@Component({
  selector: 'wom-drift',
  imports: [MatTableModule, MatChipsModule, MatButtonModule, MatPaginatorModule, RouterLink, WanLinkPipe, LoadStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page">
      <div class="row heading"><h1>Drift</h1>
        @if (auth.canOperate()) { <button mat-stroked-button type="button" data-testid="check-all" (click)="checkAll()" [disabled]="busy()">Check every router now</button> }
      </div>
      <p class="muted">Rows on a device that differ from what this product deployed: <strong>missing</strong> (deleted by hand), <strong>mismatched</strong> (values changed),
        <strong>unknown</strong> (carry our mark but are not desired) and <strong>misplaced</strong> (firewall rules moved). Agents check and correct their own box.</p>
      <wom-load-state [state]="load" what="drift of this WAN" (retry)="reload()" />
      @if (page(); as p) {
        @if (p.total === 0) { <p class="empty" data-testid="drift-empty">No device of this WAN can drift: add a router with a management address or enroll an agent.</p> }
        @else {
          <p data-testid="drift-summary">{{ p.drifted }} of {{ p.total }} device(s) drifted.</p>
          <div class="table-scroll">
            <table mat-table [dataSource]="p.items" aria-label="Drift of each device">
              <ng-container matColumnDef="name"><th mat-header-cell *matHeaderCellDef>Device</th>
                <td mat-cell *matCellDef="let d"><a [routerLink]="['peers', d.peerId] | wanLink">{{ d.name }}</a> <span class="muted source">{{ d.source === 'agent' ? 'agent' : 'router' }}</span></td></ng-container>
              <ng-container matColumnDef="state"><th mat-header-cell *matHeaderCellDef>State</th>
                <td mat-cell *matCellDef="let d"><span class="badge" [class.online]="d.state === 'in-sync'" [class.offline]="d.state === 'drifted'" [class.neutral]="d.state === 'unchecked'" data-testid="drift-state">{{ label(d) }}</span></td></ng-container>
              <ng-container matColumnDef="kinds"><th mat-header-cell *matHeaderCellDef>Drift</th>
                <td mat-cell *matCellDef="let d"><mat-chip-set [attr.aria-label]="'drift kinds of ' + d.name">@for (c of chips(d); track c.kind) { <mat-chip [disableRipple]="true" [attr.data-kind]="c.kind">{{ c.count }} {{ c.kind }}</mat-chip> }</mat-chip-set></td></ng-container>
              <ng-container matColumnDef="checked"><th mat-header-cell *matHeaderCellDef>Last check</th>
                <td mat-cell *matCellDef="let d" [attr.title]="d.checkedAt">{{ d.checkedAt ? ago(d.checkedAt) : '—' }}</td></ng-container>
              <ng-container matColumnDef="actions"><th mat-header-cell *matHeaderCellDef><span class="sr-only">Actions</span></th>
                <td mat-cell *matCellDef="let d" class="nowrap">@if (canCheck(d)) {
                  @if (d.state === 'drifted') { <button mat-button type="button" data-testid="open-diff" (click)="toggleDiff(d)">{{ open()?.peerId === d.peerId ? 'Hide diff' : 'Diff' }}</button> }
                  @if (auth.canOperate()) {
                    <button mat-button type="button" data-testid="check-now" (click)="checkNow(d)" [disabled]="busy()">Check now</button>
                    @if (d.state === 'drifted') { <button mat-stroked-button type="button" data-testid="reconcile" (click)="reconcile(d)" [disabled]="busy()">Reconcile…</button> }
                  }
                }</td></ng-container>
              <tr mat-header-row *matHeaderRowDef="columns"></tr>
              <tr mat-row *matRowDef="let d; columns: columns" [attr.data-device]="d.name"></tr>
            </table>
          </div>
          @if (p.total > p.limit) { <mat-paginator [length]="p.total" [pageSize]="p.limit" [pageIndex]="p.offset / p.limit" [hidePageSize]="true" (page)="turn($event)" aria-label="Drift pages" /> }
        }
      }
      @if (open(); as o) {
        <section class="card" aria-labelledby="diff-h" data-testid="drift-diff">
          <h2 id="diff-h">{{ o.name }}: router vs. desired</h2>
          @if (o.rows === null) { <p class="muted">Loading the last report…</p> }
          @else if (o.rows.length === 0) { <p class="ok-box">The last report found no differing rows.</p> }
          @else {
            <p>{{ summary(o.rows).changed }} changed, {{ summary(o.rows).added }} missing, {{ summary(o.rows).removed }} unknown</p>
            <div class="diff" role="table" aria-label="Router and desired configuration">
              <div role="row" class="diff-row"><div class="cell" role="columnheader"><strong>On the router</strong></div><div class="cell" role="columnheader"><strong>Desired</strong></div></div>
              @for (row of o.rows; track $index) {
                <div role="row" class="diff-row">
                  <div class="cell" role="cell" [class.removed]="row.kind === 'removed'" [class.changed]="row.kind === 'changed'">{{ row.left ?? '' }}</div>
                  <div class="cell" role="cell" [class.added]="row.kind === 'added'" [class.changed]="row.kind === 'changed'">{{ row.right ?? '' }}</div>
                </div>
              }
            </div>
          }
        </section>
      }
    </section>
  `,
  styles: `.heading { justify-content: space-between; align-items: center; } .diff-row { display: contents; } .nowrap { white-space: nowrap; } table { width: 100%; } .source { margin-left: 6px; }`,
})
export class DriftPage {
  readonly auth = inject(AuthService);
  private readonly context = inject(WanContext);
  private readonly api = inject(ApiService);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly problems = inject(ProblemService);
  readonly load = new LoadState((error) => this.problems.describe(error));
  readonly page = signal<FleetDriftPage | null>(null);
  readonly offset = signal(0);
  readonly busy = signal(false);
  readonly open = signal<{ peerId: string; name: string; rows: DiffRow[] | null } | null>(null);
  readonly columns = ['name', 'state', 'kinds', 'checked', 'actions'];
  readonly label = (device: FleetDriftItem): string => STATE_LABEL[device.state];
  readonly chips = driftChips;
  readonly canCheck = canCheck;
  readonly summary = diffSummary;
  readonly ago = ago;
  private readonly wanId = computed(() => this.context.wanId());

  constructor() {
    effect(() => {
      const wanId = this.wanId();
      this.open.set(null);
      if (wanId) void this.fetch(wanId, this.offset());
    });
    // A drift report stored or a job ended: the page and an open diff may be stale.
    inject(EventsService)
      .onWan(() => this.wanId())
      .pipe(filter(refreshesDrift), debounceTime(200), takeUntilDestroyed())
      .subscribe(() => this.refresh());
    inject(ConnectionService).reconnected.pipe(takeUntilDestroyed()).subscribe(() => this.refresh());
  }

  reload(): void {
    const wanId = this.wanId();
    if (wanId) void this.fetch(wanId, this.offset());
  }

  turn(event: PageEvent): void {
    this.offset.set(event.pageIndex * event.pageSize);
  }

  async toggleDiff(device: FleetDriftItem): Promise<void> {
    if (this.open()?.peerId === device.peerId) {
      this.open.set(null);
      return;
    }
    this.open.set({ peerId: device.peerId, name: device.name, rows: null });
    await this.loadDiff(device.peerId, device.name);
  }

  async checkNow(device: FleetDriftItem): Promise<void> {
    await this.act(async () => {
      await this.api.post(`/api/peers/${device.peerId}/mikrotik/drift`, {});
      this.refresh();
    });
  }

  async checkAll(): Promise<void> {
    await this.act(async () => {
      const answer = await this.api.post<{ jobs: unknown[] }>(`/api/wan/${this.wanId()}/mikrotik/drift`, {});
      this.snackBar.open(`${answer.jobs.length} drift check(s) queued; the list follows as they finish.`, 'OK', { duration: 5000 });
    });
  }

  /** The reconcile dialog of the router page: options off by default, a fresh check as the preview. */
  async reconcile(device: FleetDriftItem): Promise<void> {
    await this.act(async () => {
      const job = await confirmReconcile(this.dialog, this.api, { id: device.peerId, name: device.name });
      if (job) this.snackBar.open(`Reconciling ${device.name}; the list follows when it is done.`, 'OK', { duration: 5000 });
    });
  }

  private async act(work: () => Promise<void>): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    try {
      await work();
    } catch (error) {
      this.problems.show(error);
    } finally {
      this.busy.set(false);
    }
  }

  private refresh(): void {
    this.reload();
    const shown = this.open();
    if (shown) void this.loadDiff(shown.peerId, shown.name);
  }

  private fetch(wanId: string, offset: number): Promise<void> {
    return this.load.run(async () => {
      const page = await this.api.get<FleetDriftPage>(`/api/wan/${wanId}/drift`, { limit: PAGE_SIZE, offset });
      if (wanId === this.wanId()) this.page.set(page);
    });
  }

  private async loadDiff(peerId: string, name: string): Promise<void> {
    try {
      const stored = await this.api.get<{ report: unknown }>(`/api/peers/${peerId}/mikrotik/drift`);
      if (this.open()?.peerId === peerId) this.open.set({ peerId, name, rows: driftDiff(stored.report) });
    } catch (error) {
      this.problems.show(error);
    }
  }
}
