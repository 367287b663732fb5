import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, input, signal, type Signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { Job } from '../../core/api.models';
import { ApiService } from '../../core/api.service';
import { AuthService } from '../../core/auth.service';
import { ProblemService } from '../../core/problem.service';
import { connectionFacts, isTerminal } from '../jobs/job-view.logic';
import { JobWatcher } from '../jobs/job-watcher.service';

/** "Test Connection": queues the test job and shows identity, RouterOS version and endpoints. */
@Component({
  selector: 'wom-test-connection',
  imports: [MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="row">
      <button mat-stroked-button type="button" (click)="test()" [disabled]="!auth.canOperate() || running()">Test connection</button>
      @if (job(); as j) {
        <span role="status" data-testid="test-connection-status">
          @if (!done(j)) { Testing… {{ j.progressPercent }}% }
          @else if (j.status === 'completed') { <span class="badge online">Connected</span> }
          @else { <span class="badge failed">{{ j.status }}</span> {{ j.errorMessage }} }
        </span>
      }
    </div>
    @if (job(); as j) {
      @if (j.status === 'completed') {
        <dl class="facts" data-testid="test-connection-result">
          <dt>Identity</dt><dd>{{ facts(j).identity ?? '—' }}</dd>
          <dt>RouterOS</dt><dd>{{ facts(j).version ?? '—' }}</dd>
          <dt>Endpoints</dt><dd class="mono">{{ facts(j).endpoints.join(', ') || '—' }}</dd>
        </dl>
      }
    }
  `,
  styles: `.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; } dt { font-weight: 600; }`,
})
export class TestConnectionComponent {
  readonly peerId = input.required<string>();
  readonly auth = inject(AuthService);
  private readonly api = inject(ApiService);
  private readonly problems = inject(ProblemService);
  private readonly watcher = inject(JobWatcher);
  private readonly destroyRef = inject(DestroyRef);
  private readonly watched = signal<Signal<Job | null> | null>(null);
  readonly job = computed(() => this.watched()?.() ?? null);
  readonly running = signal(false);
  readonly facts = connectionFacts;
  readonly done = isTerminal;

  async test(): Promise<void> {
    if (this.running()) return;
    this.running.set(true);
    try {
      const job = await this.api.post<Job>(`/api/peers/${this.peerId()}/mikrotik/test-connection`, {});
      this.watched.set(this.watcher.watch(job.id, this.destroyRef));
    } catch (error) {
      this.problems.show(error);
    } finally {
      this.running.set(false);
    }
  }
}
