import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { ConnectionService } from '../core/connection.service';

/** Says, until it is no longer true, that the control plane or its live updates cannot be reached. */
@Component({
  selector: 'wom-connection-banner',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (connection.message(); as message) {
      <div class="connection" role="alert" data-testid="connection-banner" [attr.data-status]="connection.status()">
        {{ message }}
      </div>
    }
  `,
  styles: `
    .connection { font-weight: 500; margin: 8px 16px; padding: 10px 14px; border-radius: 4px; border-left: 4px solid var(--wom-warn-border); background: var(--wom-warn-bg); color: var(--wom-warn-text); }
  `,
})
export class ConnectionBannerComponent {
  readonly connection = inject(ConnectionService);
}
