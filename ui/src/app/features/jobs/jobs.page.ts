import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ActivatedRoute, RouterLink } from '@angular/router';
import type { Job, JobStatus } from '../../core/api.models';
import { ApiService } from '../../core/api.service';
import { EventsService } from '../../core/events.service';
import { ProblemService } from '../../core/problem.service';
import { ago } from '../peers/peer-filter.logic';
import { JobDetailComponent } from './job-detail.component';
import { applyProgress, batchProgress, filterJobs, isTerminal, JOB_STATUSES, statusLabel } from './job-view.logic';

/** The job queue, live over SSE: filter by status, open a job's steps and API calls, cancel, retry. */
@Component({
  selector: 'wom-jobs',
  imports: [FormsModule, RouterLink, JobDetailComponent],
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
      <div class="row"><label>Status <select [ngModel]="status()" (ngModelChange)="status.set($event)"><option value="">all</option>
        @for (s of statuses; track s) { <option [value]="s">{{ s }}</option> }</select></label>
        <span class="muted" aria-live="polite">{{ shown().length }} jobs</span></div>
      @if (shown().length === 0) { <p class="empty">No jobs{{ status() ? ' with status ' + status() : '' }}. Deployments, rollbacks and connection tests appear here live.</p> }
      @else {
        <table class="data" aria-label="Jobs">
          <thead><tr><th>Created</th><th>Type</th><th>Peer</th><th>Status</th><th>Progress</th><th></th></tr></thead>
          <tbody>@for (j of shown(); track j.id) {
            <tr [attr.data-job]="j.id"><td>{{ ago(j.createdAt) }}</td><td>{{ j.jobType }}</td><td><a [routerLink]="['/peers', j.peerId]">{{ j.peerId.slice(0, 8) }}</a></td>
              <td><span class="badge" [class]="j.status">{{ statusLabel(j.status) }}</span></td><td><progress max="100" [value]="j.progressPercent" [attr.aria-label]="'progress of ' + j.jobType">{{ j.progressPercent }}%</progress></td>
              <td><button type="button" (click)="selected.set(j.id)">Details</button></td></tr>
          }</tbody>
        </table>
      }
      @if (selectedJob(); as j) { <wom-job-detail [job]="j" /> }
    </section>
  `,
})
export class JobsPage {
  private readonly api = inject(ApiService);
  private readonly problems = inject(ProblemService);
  readonly ago = ago;
  readonly statuses = JOB_STATUSES;
  readonly statusLabel = statusLabel;
  readonly jobs = signal<Job[]>([]);
  readonly status = signal<JobStatus | ''>('');
  readonly selected = signal<string | null>(null);
  readonly batchIds = signal<string[]>((inject(ActivatedRoute).snapshot.queryParamMap.get('batch') ?? '').split(',').filter(Boolean));
  readonly shown = computed(() => filterJobs(this.jobs(), this.status()));
  readonly selectedJob = computed(() => this.jobs().find((j) => j.id === this.selected()) ?? null);
  readonly batch = computed(() => batchProgress(this.jobs().filter((j) => this.batchIds().includes(j.id))));

  constructor() {
    void this.load();
    inject(EventsService).on('job.progress').subscribe((event) => {
      const { jobs, known } = applyProgress(this.jobs(), event.data);
      this.jobs.set(jobs);
      // A job that ended brings its result and steps: fetch it rather than patch.
      if (!known || isTerminal({ status: event.data['status'] as JobStatus })) void this.load();
    });
  }

  async load(): Promise<void> {
    try {
      this.jobs.set([...(await this.api.jobs()).items]);
    } catch (error) {
      this.problems.show(error);
    }
  }
}
