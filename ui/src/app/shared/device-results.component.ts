import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { failedFirst, type DeviceResult } from './change-preview.logic';

/** What an action did on each device: the failed ones first with their reason and a retry button. */
@Component({
  selector: 'wom-device-results',
  imports: [MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="results" [attr.aria-label]="title()" data-testid="device-results">
      <h3>{{ title() }}</h3>
      @if (sorted().length === 0) { <p class="empty">No device was involved.</p> }
      <table class="data"><tbody>
        @for (r of sorted(); track r.device) {
          <tr [attr.data-outcome]="r.outcome" data-testid="device-result">
            <td><strong>{{ r.device }}</strong></td>
            <td><span class="badge" [class.failed]="r.outcome === 'failed'" [class.completed]="r.outcome === 'succeeded'">{{ r.outcome }}</span></td>
            <td>{{ r.reason ?? '' }}</td>
            <td>@if (r.outcome === 'failed' && r.jobId) { <button mat-stroked-button type="button" [disabled]="retrying().includes(r.jobId)" (click)="retry.emit(r.jobId)">Retry {{ r.device }}</button> }</td>
          </tr>
        }
      </tbody></table>
    </section>
  `,
})
export class DeviceResultsComponent {
  readonly title = input('Results');
  readonly results = input.required<readonly DeviceResult[]>();
  /** Jobs whose retry is in flight, so their button cannot be pressed twice. */
  readonly retrying = input<readonly string[]>([]);
  readonly retry = output<string>();
  readonly sorted = computed(() => failedFirst(this.results()));
}
