import { ChangeDetectionStrategy, Component, effect, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { Agent, AgentInstallInfo, CreatedEnrollmentToken, EnrollmentToken } from '../../core/api.models';
import { ApiService } from '../../core/api.service';
import { AuthService } from '../../core/auth.service';
import { ProblemService } from '../../core/problem.service';
import { WanContext } from '../../core/wan-context.service';
import { ago } from '../peers/peer-filter.logic';
import { EnrollmentTokenFormComponent } from './enrollment-token-form.component';
import { InstallCommandComponent } from './install-command.component';
import { tokenCreates } from './token-form.logic';

/** Site agents and their enrollment tokens: create (install command shown once), revoke, approve. */
@Component({
  selector: 'wom-agents',
  imports: [RouterLink, EnrollmentTokenFormComponent, InstallCommandComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page">
      <h1>Agents &amp; enrollment</h1>
      @if (!context.wanId()) { <p class="empty">No WAN yet. <a routerLink="/wans">Create a WAN</a> first.</p> }
      @else {
        @if (auth.canOperate()) { <wom-enrollment-token-form [wanId]="context.wanId()!" (created)="shown($event)" /> }
        @if (secret(); as s) {
          <wom-install-command [command]="s.installCommand" [expiresAt]="s.expiresAt" [uses]="s.maxUses" [info]="installInfo()" [infoFailure]="installInfoFailure()" />
        }
        <h2>Enrollment tokens</h2>
        @if (tokens().length === 0) { <p class="empty">No tokens. Create one, then run its install command on the box where the agent should run.</p> }
        @else {
          <table class="data" aria-label="Enrollment tokens"><thead><tr><th>Name</th><th>Token</th><th>Type</th><th>Peer it makes</th><th>State</th><th>Uses</th><th>Expires</th><th></th></tr></thead><tbody>@for (t of tokens(); track t.id) {
            <tr><td>{{ t.name }}</td><td class="mono">{{ t.tokenPrefix }}…</td><td>{{ t.peerType }}</td>
              <td>@if (t.peerId) { <a [routerLink]="['/peers', t.peerId]">an existing peer</a> } @else { <span class="mono">{{ creates(t) }}</span> }</td>
              <td><span class="badge" [class.online]="t.state === 'active'" [class.neutral]="t.state !== 'active'">{{ t.state }}</span></td>
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
  readonly creates = tokenCreates;
  readonly tokens = signal<EnrollmentToken[]>([]);
  readonly agents = signal<Agent[]>([]);
  /** The token just made, with its secret and command: in memory only, gone on reload. */
  readonly secret = signal<CreatedEnrollmentToken | null>(null);
  readonly installInfo = signal<AgentInstallInfo | null>(null);
  readonly installInfoFailure = signal<string | null>(null);

  constructor() {
    effect(() => {
      const wanId = this.context.wanId();
      if (wanId) void this.load(wanId);
    });
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

  async shown(token: CreatedEnrollmentToken): Promise<void> {
    this.secret.set(token);
    await this.load(this.context.wanId()!);
    // Asked each time: PUBLIC_URL or NATS may have been fixed since the page opened.
    try {
      this.installInfo.set(await this.api.agentInstallInfo());
      this.installInfoFailure.set(null);
    } catch (error) {
      this.installInfo.set(null);
      this.installInfoFailure.set(this.problems.describe(error).detail);
    }
  }

  revokeToken = (t: EnrollmentToken) => this.run(() => this.api.revokeEnrollmentToken(t.id));
  approve = (a: Agent) => this.run(() => this.api.approveAgent(a.id));
  revokeAgent = (a: Agent) => {
    if (!confirm(`Revoke the agent of ${a.peerName ?? a.peerId}? It loses access at once and must enroll again.`)) return Promise.resolve();
    return this.run(() => this.api.revokeAgent(a.id));
  };
}
