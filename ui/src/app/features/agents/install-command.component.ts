import { ChangeDetectionStrategy, Component, computed, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { AgentInstallInfo } from '../../core/api.models';
import { copyText } from '../../core/download.util';
import { expiryText, installWarning } from './install-command.logic';

/**
 * The one-time panel after a token is made: the exact install line from the API (with the
 * control plane's PUBLIC_URL), a copy button, the expiry, and why other hosts may not be able
 * to use it. Shared by the agents page and a peer's install dialog.
 */
@Component({
  selector: 'wom-install-command',
  imports: [MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="ok-box" role="status" data-testid="token-secret">
      <strong>Copy this now: the token is shown once.</strong> Run it on the Linux box that should run the agent (it needs root, curl and systemd):
      <pre class="config" data-testid="install-command" tabindex="0" aria-label="Install command">{{ command() }}</pre>
      <div class="row">
        <button mat-flat-button type="button" (click)="copy()">Copy install command</button>
        @if (copied() === true) { <span>Copied.</span> }
        @if (copied() === false) { <span>Copying failed: select the command and copy it by hand.</span> }
        <span class="muted" data-testid="token-expiry">{{ uses() === 1 ? 'Single use' : 'Up to ' + uses() + ' uses' }}, expires {{ expiry() }}</span>
      </div>
    </div>
    @if (warning(); as w) {
      <div class="warn-box" data-testid="install-warning"><strong>{{ w.title }}:</strong>
        <ul>@for (line of w.lines; track $index) { <li>{{ line }}</li> }</ul>
      </div>
    }
  `,
  // Wrapped on screen so the whole line is visible; a copy is still one line.
  styles: `pre.config { white-space: pre-wrap; overflow-wrap: anywhere; }`,
})
export class InstallCommandComponent {
  readonly command = input.required<string>();
  readonly expiresAt = input.required<string>();
  readonly uses = input(1);
  readonly info = input<AgentInstallInfo | null>(null);
  /** Why the install facts could not be read, if they could not. */
  readonly infoFailure = input<string | null>(null);
  readonly copied = signal<boolean | null>(null);
  readonly expiry = computed(() => expiryText(this.expiresAt()));
  readonly warning = computed(() => installWarning(this.info(), this.infoFailure()));

  async copy(): Promise<void> {
    this.copied.set(await copyText(this.command()));
  }
}
