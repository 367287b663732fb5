import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import type { WanScope } from '../core/wan-scope';

/** "All WANs" for a list that can show every WAN; its state is the URL's `?scope=all`. */
@Component({
  selector: 'wom-wan-scope-toggle',
  imports: [MatSlideToggleModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<mat-slide-toggle data-testid="all-wans" [checked]="scope().all()" (change)="scope().setAll($event.checked)">All WANs</mat-slide-toggle>`,
})
export class WanScopeToggleComponent {
  readonly scope = input.required<WanScope>();
}
