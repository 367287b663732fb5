import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import type { Agent, Peer } from '../../core/api.models';
import { ApiService } from '../../core/api.service';
import { AuthService } from '../../core/auth.service';
import { ago } from '../peers/peer-filter.logic';
import { InstallAgentDialog, type InstallAgentData } from './install-agent.dialog';
import { canInstallAgent, peerAgent } from './peer-agent.logic';

/**
 * A peer's site agent on its page: status, version, last report, applied revision, and for
 * operators "Install an agent", which opens the dialog that makes its install command.
 */
@Component({
  selector: 'wom-peer-agent',
  imports: [MatButtonModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (installable() || agent()) {
      <section class="card" aria-labelledby="agent-h" data-testid="peer-agent">
        <div class="row"><h2 id="agent-h" class="grow">Agent</h2>
          @if (auth.canOperate() && installable()) { <button mat-stroked-button type="button" (click)="openInstall()">Install an agent</button> }
        </div>
        @if (agent(); as a) {
          <div class="cards">
            <div class="card"><div class="muted">Status</div><div><span class="badge" data-testid="agent-status" [class.online]="a.online" [class.pending]="a.status === 'pending'"
              [class.offline]="a.status === 'active' && !a.online" [class.neutral]="a.status === 'revoked'">{{ a.status }}{{ a.status === 'active' ? (a.online ? ', online' : ', offline') : '' }}</span></div></div>
            <div class="card"><div class="muted">Host</div><div>{{ a.hostname ?? '—' }}</div></div>
            <div class="card"><div class="muted">Version</div><div>{{ a.version ?? '—' }}</div></div>
            <div class="card"><div class="muted">Last seen</div><div>{{ ago(a.lastSeenAt) }}</div></div>
            <div class="card"><div class="muted">Revision applied / desired</div><div>{{ a.appliedRevision }} / {{ a.desiredRevision }}</div></div>
          </div>
          @if (a.status === 'pending') { <p class="muted">Waiting for an operator to approve it on the Agents page before it gets its configuration.</p> }
          @if (a.status === 'revoked') { <p class="muted">Revoked {{ ago(a.revokedAt) }}. Install an agent again to put a box back in charge of this peer.</p> }
          @if (a.lastError) { <div class="warn-box">Last error from the agent: {{ a.lastError }}</div> }
        } @else if (loaded()) {
          <p class="muted">No agent has enrolled for this peer.
            {{ auth.canOperate() ? 'Install an agent gives you the one line to run on its Linux box.' : 'An operator can make the install command for its Linux box.' }}</p>
        }
      </section>
    }
  `,
})
export class PeerAgentComponent {
  readonly peer = input.required<Peer>();
  readonly auth = inject(AuthService);
  private readonly api = inject(ApiService);
  private readonly dialog = inject(MatDialog);
  readonly ago = ago;
  readonly agent = signal<Agent | null>(null);
  readonly loaded = signal(false);
  readonly installable = computed(() => canInstallAgent(this.peer()));

  constructor() {
    // The page hands in a fresh peer on every status event, so the agent is re-read with it.
    effect(() => void this.load(this.peer()));
  }

  async load(peer: Peer): Promise<void> {
    try {
      this.agent.set(peerAgent(await this.api.agents(peer.wanId), peer.id));
    } catch {
      // The page shows the peer's own problems; a missing agent list only hides this card's facts.
      this.agent.set(null);
    } finally {
      this.loaded.set(true);
    }
  }

  openInstall(): void {
    const data: InstallAgentData = { peer: this.peer(), agent: this.agent() };
    this.dialog.open(InstallAgentDialog, { data, width: '760px', maxWidth: '95vw', autoFocus: 'first-tabbable' })
      .afterClosed().subscribe(() => void this.load(this.peer()));
  }
}
