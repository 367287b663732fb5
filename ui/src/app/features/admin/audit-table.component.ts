import { JsonPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatTableModule } from '@angular/material/table';
import type { AuditEntryResponse } from '@wom/contracts';
import { changedFields } from './audit-list.logic';

/** One page of the audit trail, newest first; a row opens to show the entity before and after. */
@Component({
  selector: 'wom-audit-table',
  imports: [MatTableModule, MatButtonModule, JsonPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="table-scroll">
      <table mat-table [dataSource]="rows()" multiTemplateDataRows aria-label="Audit log" class="audit">
        <ng-container matColumnDef="at">
          <th mat-header-cell *matHeaderCellDef>Time</th>
          <td mat-cell *matCellDef="let e" class="mono" [attr.title]="e.at">{{ localTime(e.at) }}</td>
        </ng-container>
        <ng-container matColumnDef="actor">
          <th mat-header-cell *matHeaderCellDef>Actor</th>
          <td mat-cell *matCellDef="let e">{{ e.actor.name ?? e.actor.type }}</td>
        </ng-container>
        <ng-container matColumnDef="action">
          <th mat-header-cell *matHeaderCellDef>Action</th>
          <td mat-cell *matCellDef="let e" class="mono">{{ e.action }}</td>
        </ng-container>
        <ng-container matColumnDef="entity">
          <th mat-header-cell *matHeaderCellDef>Entity</th>
          <td mat-cell *matCellDef="let e">{{ e.entityType }} <span class="mono muted" [attr.title]="e.entityId">{{ e.entityId?.slice(0, 8) }}</span></td>
        </ng-container>
        <ng-container matColumnDef="from">
          <th mat-header-cell *matHeaderCellDef>From</th>
          <td mat-cell *matCellDef="let e" class="mono">{{ e.ip ?? '' }}</td>
        </ng-container>
        <ng-container matColumnDef="details">
          <th mat-header-cell *matHeaderCellDef><span class="sr-only">Details</span></th>
          <td mat-cell *matCellDef="let e">
            <button mat-button type="button" [attr.aria-expanded]="expanded() === e.id" [attr.aria-controls]="'audit-detail-' + e.id" (click)="toggle(e.id)">{{ expanded() === e.id ? 'Hide' : 'Details' }}</button>
          </td>
        </ng-container>
        <ng-container matColumnDef="detail">
          <td mat-cell *matCellDef="let e" [attr.colspan]="columns.length" class="detail-cell">
            @if (expanded() === e.id) {
              <div class="detail" [id]="'audit-detail-' + e.id" data-testid="audit-detail">
                @if (changed(e).length > 0) { <p class="muted">Changed: {{ changed(e).join(', ') }}</p> }
                <div class="sides">
                  <div><strong>Before</strong><pre>{{ e.before === null ? '—' : (e.before | json) }}</pre></div>
                  <div><strong>After</strong><pre>{{ e.after === null ? '—' : (e.after | json) }}</pre></div>
                </div>
                <p class="muted mono">request {{ e.requestId ?? '—' }} · actor {{ e.actor.type }} {{ e.actor.id ?? '' }}</p>
              </div>
            }
          </td>
        </ng-container>
        <tr mat-header-row *matHeaderRowDef="columns; sticky: true"></tr>
        <tr mat-row *matRowDef="let e; columns: columns" [attr.data-audit]="e.action"></tr>
        <tr mat-row *matRowDef="let e; columns: ['detail']" class="detail-row" [class.open]="expanded() === e.id"></tr>
      </table>
    </div>
  `,
  styles: `
    .table-scroll { overflow-x: auto; max-width: 100%; border: 1px solid #d6dbe3; border-radius: 8px; }
    table.audit { width: 100%; min-width: 720px; }
    tr.detail-row { height: 0; }
    tr.detail-row:not(.open) td { border-bottom-width: 0; padding: 0; }
    .detail { padding: 8px 0 12px; }
    .sides { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
    pre { background: #f6f8fb; border: 1px solid #e3e7ee; padding: 8px; margin: 4px 0 0; max-height: 320px; overflow: auto; font-size: 0.8rem; white-space: pre-wrap; word-break: break-word; }
  `,
})
export class AuditTableComponent {
  readonly rows = input.required<readonly AuditEntryResponse[]>();
  readonly columns = ['at', 'actor', 'action', 'entity', 'from', 'details'];
  readonly expanded = signal<string | null>(null);
  readonly changed = (entry: AuditEntryResponse) => changedFields(entry.before, entry.after);
  /** Local wall time to the second, as a NOC correlates it with other logs. */
  readonly localTime = (iso: string) => new Date(iso).toLocaleString('sv-SE');

  toggle(id: string): void {
    this.expanded.update((current) => (current === id ? null : id));
  }
}
