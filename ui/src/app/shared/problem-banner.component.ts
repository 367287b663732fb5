import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import type { ProblemView } from '../core/api-error.logic';

/** An API problem in NOC words: what happened, the detail, the next step, the fields. */
@Component({
  selector: 'wom-problem-banner',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (problem(); as p) {
      <div class="error-box" role="alert" data-testid="problem">
        <div class="row"><strong>{{ p.title }}</strong><span class="muted mono">{{ p.code }}</span><span class="grow"></span>
          <button type="button" class="link" (click)="dismiss.emit()" aria-label="Dismiss">✕</button></div>
        <div>{{ p.detail }}</div>
        @if (p.fields.length > 0) {
          <ul>@for (f of p.fields; track f.field) { <li><span class="mono">{{ f.field }}</span>: {{ f.reason }}</li> }</ul>
        }
        @if (p.fix) { <div class="fix"><strong>What to do:</strong> {{ p.fix }}</div> }
      </div>
    }
  `,
  styles: `.link { background: none; border: none; cursor: pointer; font-size: 1rem; }`,
})
export class ProblemBannerComponent {
  readonly problem = input<ProblemView | null>(null);
  readonly dismiss = output<void>();
}
