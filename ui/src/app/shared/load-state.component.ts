import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import type { LoadState } from './load-state';

/**
 * A page's first load as a progress bar, and a failed load as the API's message with a retry,
 * so a page is never blank. Later refreshes keep what is shown and show no bar.
 */
@Component({
  selector: 'wom-load-state',
  imports: [MatButtonModule, MatProgressBarModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (state().loading() && !state().loaded()) {
      <mat-progress-bar mode="indeterminate" [attr.aria-label]="'Loading ' + what()" data-testid="loading" />
    }
    @if (state().problem(); as p) {
      <div class="error-box" role="alert" data-testid="load-error">
        <strong>Could not load the {{ what() }}.</strong> {{ p.detail }} @if (p.fix) { <span>{{ p.fix }}</span> }
        <div><button mat-stroked-button type="button" (click)="retry.emit()" [disabled]="state().loading()">Try again</button></div>
      </div>
    }
  `,
  styles: `.error-box button { margin-top: 8px; }`,
})
export class LoadStateComponent {
  readonly state = input.required<LoadState>();
  /** What is loaded, in words: "peers", "services of this WAN". */
  readonly what = input.required<string>();
  readonly retry = output<void>();
}
