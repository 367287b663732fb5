import { HttpClient } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, linkedSignal, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatPaginatorModule, type PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import type { Sort } from '@angular/material/sort';
import { ActivatedRoute } from '@angular/router';
import type { JobListItemResponse, JobSortField } from '@wom/contracts';
import { combineLatest, merge, Subject } from 'rxjs';
import { map } from 'rxjs/operators';
import type { JobStatus } from '../../core/api.models';
import { ApiService } from '../../core/api.service';
import { ConnectionService } from '../../core/connection.service';
import { EventsService } from '../../core/events.service';
import { ProblemService } from '../../core/problem.service';
import { wanScope } from '../../core/wan-scope';
import { listRoute } from '../../shared/lists/list-route';
import { PAGE_SIZES } from '../../shared/lists/list-url.logic';
import { getPage, serverList } from '../../shared/lists/server-list';
import { WanScopeToggleComponent } from '../../shell/wan-scope-toggle.component';
import { JobDetailComponent } from './job-detail.component';
import { jobListParams, jobListQuery, JOB_TYPES, parseJobListState, type JobListState } from './job-list.logic';
import { applyProgress, batchProgress, isTerminal, JOB_STATUSES } from './job-view.logic';
import { JobsTableComponent } from './jobs-table.component';

/**
 * The job queue, paged, sorted and filtered by the control plane, live over SSE: each row names
 * its router and WAN; open a job's steps and API calls, cancel, retry. The state is in the URL.
 */
@Component({
  selector: 'wom-jobs',
  imports: [MatFormFieldModule, MatSelectModule, MatButtonModule, MatPaginatorModule, MatProgressBarModule, JobDetailComponent, JobsTableComponent, WanScopeToggleComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page">
      <h1>Jobs</h1>
      @if (batch().total > 0) {
        <div class="card" aria-label="Deploy to all">
          <strong>Deploy to all:</strong> {{ batch().done }} of {{ batch().total }} routers done · {{ batch().succeeded }} succeeded · {{ batch().failed }} failed
          <progress max="100" [value]="batch().percent" aria-label="Deploy to all progress" style="width:100%">{{ batch().percent }}%</progress>
        </div>
      }
      @let s = list.state();
      <div class="filters card" role="search" aria-label="Filter jobs">
        <mat-form-field subscriptSizing="dynamic"><mat-label>Status</mat-label>
          <mat-select data-testid="job-status-filter" [value]="s.status" (valueChange)="go({ status: $event })"><mat-option value="">any</mat-option>
            @for (st of statuses; track st) { <mat-option [value]="st">{{ st }}</mat-option> }</mat-select></mat-form-field>
        <mat-form-field subscriptSizing="dynamic"><mat-label>Kind</mat-label>
          <mat-select data-testid="job-kind-filter" [value]="s.type" (valueChange)="go({ type: $event })"><mat-option value="">any</mat-option>
            @for (k of kinds; track k) { <mat-option [value]="k">{{ k }}</mat-option> }</mat-select></mat-form-field>
        <wom-wan-scope-toggle [scope]="scope" />
        @if (s.peerId) { <button mat-stroked-button type="button" (click)="go({ peerId: '' })">One router only ✕</button> }
      </div>
      <span class="muted" aria-live="polite" data-testid="job-count">{{ countText() }}</span>
      <mat-progress-bar [mode]="view().loading ? 'indeterminate' : 'determinate'" [value]="100" [class.idle]="!view().loading" aria-label="Loading jobs" />
      @if (view().error; as error) { <div class="error-box" role="alert">Could not load the jobs. {{ error }} <button mat-button type="button" (click)="refresh.next()">Try again</button></div> }
      @if (view().settled && view().total === 0 && !view().error) {
        <p class="empty">No jobs{{ s.status ? ' with status ' + s.status : '' }}{{ s.type ? ' of kind ' + s.type : '' }}. Deployments, rollbacks and connection tests appear here live.</p>
      } @else {
        <wom-jobs-table [rows]="rows()" [sort]="s.sort" [selected]="selected()" (sortChange)="sorted($event)" (open)="selected.set($event)" />
        <mat-paginator [length]="view().total" [pageIndex]="s.paging.page" [pageSize]="s.paging.size" [pageSizeOptions]="pageSizes" [showFirstLastButtons]="true" (page)="paged($event)" aria-label="Job pages" />
      }
      @if (selectedJob(); as j) { <wom-job-detail [job]="j" /> }
    </section>
  `,
  styles: `
    .filters { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: center; }
    .filters mat-form-field { flex: 0 1 200px; min-width: 0; }
    mat-progress-bar.idle { visibility: hidden; }
  `,
})
export class JobsPage {
  private readonly api = inject(ApiService);
  private readonly problems = inject(ProblemService);
  private readonly http = inject(HttpClient);
  readonly statuses = JOB_STATUSES;
  readonly kinds = JOB_TYPES;
  readonly pageSizes = PAGE_SIZES;
  readonly selected = signal<string | null>(null);
  /** This WAN's jobs, or every WAN's with `?scope=all`. */
  readonly scope = wanScope();
  readonly list = listRoute(parseJobListState, jobListParams);
  readonly refresh = new Subject<void>();

  readonly view = serverList<{ wanId: string | undefined; state: JobListState }, JobListItemResponse>(
    combineLatest([toObservable(this.scope.wanId), this.list.states]).pipe(map(([wanId, state]) => ({ wanId, state }))),
    ({ wanId, state }) => getPage<JobListItemResponse>(this.http, '/api/jobs', jobListQuery(state, wanId)),
    merge(this.refresh, inject(ConnectionService).reconnected),
  );
  /** The page's rows with live progress applied; a new answer from the server replaces them. */
  readonly rows = linkedSignal<readonly JobListItemResponse[]>(() => this.view().items);
  readonly batchIds = (inject(ActivatedRoute).snapshot.queryParamMap.get('batch') ?? '').split(',').filter(Boolean);
  /** The jobs of a "deploy to all", followed whatever page the table shows. */
  readonly batchJobs = signal<JobListItemResponse[]>([]);
  readonly batch = computed(() => batchProgress(this.batchJobs()));
  readonly selectedJob = computed(() => this.rows().find((j) => j.id === this.selected()) ?? this.batchJobs().find((j) => j.id === this.selected()) ?? null);
  readonly countText = computed(() => (this.view().settled ? `${this.view().total.toLocaleString('en')} ${this.view().total === 1 ? 'job' : 'jobs'}` : 'Loading jobs…'));

  constructor() {
    void this.loadBatch();
    inject(EventsService)
      .on('job.progress')
      .pipe(takeUntilDestroyed())
      .subscribe((event) => {
        const { jobs, known } = applyProgress(this.rows(), event.data);
        this.rows.set(jobs);
        const inBatch = applyProgress(this.batchJobs(), event.data);
        this.batchJobs.set(inBatch.jobs);
        // A job that ended brings its result and steps, and a new job belongs on the page: fetch rather than patch.
        const ended = isTerminal({ status: event.data['status'] as JobStatus });
        if (!known || ended) this.refresh.next();
        if (inBatch.known && ended) void this.loadBatch();
      });
  }

  go(change: Partial<Pick<JobListState, 'status' | 'type' | 'peerId'>>): void {
    const state = this.list.state();
    this.list.go({ ...state, ...change, paging: { ...state.paging, page: 0 } });
  }

  sorted(sort: Sort): void {
    const state = this.list.state();
    this.list.go({ ...state, sort: { active: sort.active as JobSortField, direction: sort.direction === 'desc' ? 'desc' : 'asc' }, paging: { ...state.paging, page: 0 } });
  }

  paged(event: PageEvent): void {
    const state = this.list.state();
    this.list.go({ ...state, paging: { size: event.pageSize, page: event.pageSize === state.paging.size ? event.pageIndex : 0 } });
  }

  private async loadBatch(): Promise<void> {
    if (this.batchIds.length === 0) return;
    try {
      // A batch is queued at once, so it is among the newest jobs of every WAN.
      const page = await this.api.get<{ items: JobListItemResponse[] }>('/api/jobs', { limit: 500 });
      this.batchJobs.set(page.items.filter((job) => this.batchIds.includes(job.id)));
    } catch (error) {
      this.problems.show(error);
    }
  }
}
