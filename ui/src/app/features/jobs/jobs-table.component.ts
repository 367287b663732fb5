import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatSortModule, type Sort } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import type { JobListItemResponse, JobSortField } from '@wom/contracts';
import { wanPath } from '../../core/wan-path.logic';
import type { ListSort } from '../../shared/lists/list-url.logic';
import { ago } from '../peers/peer-filter.logic';
import { jobDuration } from './job-list.logic';
import { isTerminal, statusLabel } from './job-view.logic';

/** One page of jobs with their router's and WAN's names; sorting is the server's. */
@Component({
  selector: 'wom-jobs-table',
  imports: [MatTableModule, MatSortModule, MatButtonModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="table-scroll">
      <table mat-table [dataSource]="rows()" [trackBy]="byId" matSort [matSortActive]="sort().active" [matSortDirection]="sort().direction" matSortDisableClear (matSortChange)="sortChange.emit($event)" aria-label="Jobs" class="jobs">
        <ng-container matColumnDef="createdAt">
          <th mat-header-cell *matHeaderCellDef mat-sort-header>Created</th>
          <td mat-cell *matCellDef="let j" [attr.title]="j.createdAt">{{ ago(j.createdAt) }}</td>
        </ng-container>
        <ng-container matColumnDef="router">
          <th mat-header-cell *matHeaderCellDef>Router</th>
          <td mat-cell *matCellDef="let j"><a [routerLink]="peerLink(j)" data-testid="job-router">{{ j.peerName }}</a></td>
        </ng-container>
        <ng-container matColumnDef="wan">
          <th mat-header-cell *matHeaderCellDef>WAN</th>
          <td mat-cell *matCellDef="let j" data-testid="job-wan">{{ j.wanName ?? '—' }}</td>
        </ng-container>
        <ng-container matColumnDef="kind">
          <th mat-header-cell *matHeaderCellDef>Kind</th>
          <td mat-cell *matCellDef="let j">{{ j.jobType }}</td>
        </ng-container>
        <ng-container matColumnDef="status">
          <th mat-header-cell *matHeaderCellDef>Status</th>
          <td mat-cell *matCellDef="let j">
            <span class="badge" [class]="j.status">{{ statusLabel(j.status) }}</span>
            @if (!terminal(j)) { <progress max="100" [value]="j.progressPercent" [attr.aria-label]="'progress of ' + j.jobType">{{ j.progressPercent }}%</progress> }
          </td>
        </ng-container>
        <ng-container matColumnDef="updatedAt">
          <th mat-header-cell *matHeaderCellDef mat-sort-header>Updated</th>
          <td mat-cell *matCellDef="let j" [attr.title]="j.updatedAt">{{ ago(j.updatedAt) }}</td>
        </ng-container>
        <ng-container matColumnDef="duration">
          <th mat-header-cell *matHeaderCellDef>Ran for</th>
          <td mat-cell *matCellDef="let j">{{ duration(j) }}</td>
        </ng-container>
        <ng-container matColumnDef="actions">
          <th mat-header-cell *matHeaderCellDef><span class="sr-only">Actions</span></th>
          <td mat-cell *matCellDef="let j"><button mat-button type="button" (click)="open.emit(j.id)">Details</button></td>
        </ng-container>
        <tr mat-header-row *matHeaderRowDef="columns; sticky: true"></tr>
        <tr mat-row *matRowDef="let j; columns: columns" [attr.data-job]="j.id" [class.selected]="j.id === selected()"></tr>
      </table>
    </div>
  `,
  styles: `
    .table-scroll { overflow-x: auto; max-width: 100%; border: 1px solid #d6dbe3; border-radius: 8px; }
    table.jobs { width: 100%; min-width: 820px; }
    table.jobs td, table.jobs th { white-space: nowrap; }
    tr.selected td { background: #eef4ff; }
    progress { width: 80px; margin-left: 6px; vertical-align: middle; }
  `,
})
export class JobsTableComponent {
  readonly rows = input.required<readonly JobListItemResponse[]>();
  readonly sort = input.required<ListSort<JobSortField>>();
  readonly selected = input<string | null>(null);
  readonly sortChange = output<Sort>();
  readonly open = output<string>();
  readonly columns = ['createdAt', 'router', 'wan', 'kind', 'status', 'updatedAt', 'duration', 'actions'];
  readonly ago = ago;
  readonly statusLabel = statusLabel;
  readonly duration = (job: JobListItemResponse) => jobDuration(job);
  readonly terminal = isTerminal;
  /** The router's page in the job's own WAN (a job of every-WANs view may be of another WAN). */
  readonly peerLink = (job: JobListItemResponse) => wanPath(job.wanId, 'peers', job.peerId);
  /** A refreshed page keeps the rows of the same objects: only what changed is redrawn. */
  readonly byId = (_index: number, row: { readonly id: string }) => row.id;
}
