import { ChangeDetectionStrategy, Component, effect, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { PEER_TYPES } from '@wom/domain';
import type { Agent, EnrollmentToken } from '../../core/api.models';
import { ApiService } from '../../core/api.service';
import { AuthService } from '../../core/auth.service';
import { copyText } from '../../core/download.util';
import { ProblemService } from '../../core/problem.service';
import { WanContext } from '../../core/wan-context.service';
import { ago } from '../peers/peer-filter.logic';
import { enrollCommand } from './enroll-command.logic';

/** Site agents and their enrollment tokens: create (secret shown once), revoke, approve, install command. */
@Component({
  selector: 'wom-agents',
  imports: [FormsModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page">
      <h1>Agents &amp; enrollment</h1>
      @if (!context.wanId()) { <p class="empty">No WAN yet. <a routerLink="/wans">Create a WAN</a> first.</p> }
      @else {
        @if (auth.canOperate()) {
          <form class="card row" (ngSubmit)="createToken()" aria-labelledby="token-h">
            <h2 id="token-h" class="sr-only">Create an enrollment token</h2>
            <label>Token name <input name="tokenName" [(ngModel)]="draft.name" placeholder="paris-servers" /></label>
            <label>Peer type <select name="peerType" [(ngModel)]="draft.peerType">@for (t of types; track t) { <option [value]="t">{{ t }}</option> }</select></label>
            <label>Uses <input name="maxUses" inputmode="numeric" size="5" [(ngModel)]="draft.maxUses" /></label>
            <label><input type="checkbox" name="requiresApproval" [(ngModel)]="draft.requiresApproval" /> Approve each agent</label>
            <button type="submit">Create enrollment token</button>
          </form>
        }
        @if (secret(); as s) {
          <div class="ok-box" role="status" data-testid="token-secret"><strong>Copy this now: the token is shown once.</strong> From the agent folder (agent/install.sh) on the site's Linux box, run:
            <pre class="config">{{ command(s) }}</pre><button type="button" (click)="copy(command(s))">Copy install command</button> @if (copied()) { <span>Copied.</span> }</div>
        }
        <h2>Enrollment tokens</h2>
        @if (tokens().length === 0) { <p class="empty">No tokens. Create one, then run the install command where the agent should run.</p> }
        @else {
          <table class="data" aria-label="Enrollment tokens"><thead><tr><th>Name</th><th>Token</th><th>Type</th><th>State</th><th>Uses</th><th>Expires</th><th></th></tr></thead><tbody>@for (t of tokens(); track t.id) {
            <tr><td>{{ t.name }}</td><td class="mono">{{ t.tokenPrefix }}…</td><td>{{ t.peerType }}</td><td><span class="badge" [class.online]="t.state === 'active'" [class.neutral]="t.state !== 'active'">{{ t.state }}</span></td>
              <td>{{ t.useCount }} / {{ t.maxUses }}</td><td>{{ t.expiresAt }}</td>
              <td>@if (auth.canOperate() && t.state === 'active') { <button type="button" (click)="revokeToken(t)">Revoke</button> }</td></tr>
          }</tbody></table>
        }
        <h2>Agents</h2>
        @if (agents().length === 0) { <p class="empty">No agents have enrolled yet.</p> }
        @else {
          <table class="data" aria-label="Agents"><thead><tr><th>Peer</th><th>Host</th><th>Status</th><th>Version</th><th>Last report</th><th>Revision applied / desired</th><th>Drift</th><th></th></tr></thead><tbody>@for (a of agents(); track a.id) {
            <tr><td><a [routerLink]="['/peers', a.peerId]">{{ a.peerName ?? a.peerId.slice(0, 8) }}</a></td><td>{{ a.hostname ?? '—' }}</td>
              <td><span class="badge" [class.online]="a.online" [class.pending]="a.status === 'pending'" [class.offline]="!a.online && a.status === 'active'">{{ a.status }}{{ a.status === 'active' ? (a.online ? ', online' : ', offline') : '' }}</span></td>
              <td>{{ a.version ?? '—' }}</td><td>{{ ago(a.lastSeenAt) }}</td><td>{{ a.appliedRevision }} / {{ a.desiredRevision }}</td>
              <td>@if (a.drift) { {{ a.drift.items }} item(s){{ a.drift.reconciled ? ', reconciled' : '' }} } @else { — }</td>
              <td>@if (auth.canOperate() && a.status === 'pending') { <button type="button" (click)="approve(a)">Approve</button> }
                @if (auth.canOperate() && a.status !== 'revoked') { <button type="button" (click)="revokeAgent(a)">Revoke</button> }</td></tr>
          }</tbody></table>
        }
      }
    </section>
  `,
})
export class AgentsPage {
  readonly auth = inject(AuthService);
  readonly context = inject(WanContext);
  private readonly api = inject(ApiService);
  private readonly problems = inject(ProblemService);
  readonly ago = ago;
  readonly types = PEER_TYPES.filter((t) => t !== 'mikrotik');
  readonly tokens = signal<EnrollmentToken[]>([]);
  readonly agents = signal<Agent[]>([]);
  readonly secret = signal<string | null>(null);
  readonly copied = signal(false);
  draft = { name: '', peerType: 'server', maxUses: '1', requiresApproval: false };

  constructor() {
    effect(() => {
      const wanId = this.context.wanId();
      if (wanId) void this.load(wanId);
    });
  }

  command(secret: string): string {
    return enrollCommand(location.origin, secret);
  }

  async load(wanId: string): Promise<void> {
    try {
      const [tokens, agents] = await Promise.all([this.api.enrollmentTokens(wanId), this.api.agents(wanId)]);
      this.tokens.set(tokens);
      this.agents.set(agents);
    } catch (error) {
      this.problems.show(error);
    }
  }

  private async run(action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
      await this.load(this.context.wanId()!);
    } catch (error) {
      this.problems.show(error);
    }
  }

  createToken(): Promise<void> {
    return this.run(async () => {
      const uses = Number(this.draft.maxUses);
      const token = await this.api.post<EnrollmentToken>('/api/enrollment-tokens', {
        wanId: this.context.wanId(), peerType: this.draft.peerType, requiresApproval: this.draft.requiresApproval,
        ...(this.draft.name.trim() ? { name: this.draft.name.trim() } : {}), ...(Number.isInteger(uses) && uses > 0 ? { maxUses: uses } : {}),
      });
      this.secret.set(token.token ?? null);
      this.copied.set(false);
    });
  }

  revokeToken = (t: EnrollmentToken) => this.run(() => this.api.delete(`/api/enrollment-tokens/${t.id}`));
  approve = (a: Agent) => this.run(() => this.api.post(`/api/agents/${a.id}/approve`));
  revokeAgent = (a: Agent) => {
    if (!confirm(`Revoke the agent of ${a.peerName ?? a.peerId}? It loses access at once and must enroll again.`)) return Promise.resolve();
    return this.run(() => this.api.post(`/api/agents/${a.id}/revoke`));
  };

  async copy(text: string): Promise<void> {
    this.copied.set(await copyText(text));
  }
}
