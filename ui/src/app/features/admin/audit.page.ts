import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { AuditEntry } from '../../core/api.models';
import { ApiService } from '../../core/api.service';
import { ProblemService } from '../../core/problem.service';

/** The audit log (admin): who changed what, when, from where. */
@Component({
  selector: 'wom-audit',
  imports: [FormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page">
      <h1>Audit log</h1>
      <form class="row card" (ngSubmit)="load()" role="search">
        <label>Actor <input name="actor" [(ngModel)]="actor" /></label><label>Action <input name="action" [(ngModel)]="action" /></label>
        <label>Entity type <input name="entityType" [(ngModel)]="entityType" /></label><button type="submit">Filter</button>
      </form>
      <p class="muted">{{ total() }} entries</p>
      <table class="data" aria-label="Audit log"><thead><tr><th>When</th><th>Actor</th><th>Action</th><th>Entity</th><th>From</th></tr></thead>
        <tbody>@for (e of entries(); track e.id) { <tr><td>{{ e.at }}</td><td>{{ e.actor.name ?? e.actor.type }}</td><td>{{ e.action }}</td><td>{{ e.entityType }} <span class="mono muted">{{ e.entityId?.slice(0, 8) }}</span></td><td class="mono">{{ e.ip ?? '' }}</td></tr> }</tbody></table>
    </section>
  `,
})
export class AuditPage {
  private readonly api = inject(ApiService);
  private readonly problems = inject(ProblemService);
  readonly entries = signal<AuditEntry[]>([]);
  readonly total = signal(0);
  actor = '';
  action = '';
  entityType = '';

  constructor() {
    void this.load();
  }

  async load(): Promise<void> {
    try {
      const page = await this.api.audit({ actor: this.actor.trim(), action: this.action.trim(), entityType: this.entityType.trim(), limit: 200 });
      this.entries.set([...page.items]);
      this.total.set(page.total);
    } catch (error) {
      this.problems.show(error);
    }
  }
}
