import { ChangeDetectionStrategy, Component, effect, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';
import type { Agent, AgentInstallInfo, CreatedEnrollmentToken, EnrollmentToken } from '../../core/api.models';
import { ApiService } from '../../core/api.service';
import { AuthService } from '../../core/auth.service';
import { ProblemService } from '../../core/problem.service';
import { WanContext } from '../../core/wan-context.service';
import { confirmChange } from '../../shared/confirm-dialog.component';
import { LoadState } from '../../shared/load-state';
import { LoadStateComponent } from '../../shared/load-state.component';
import { ago } from '../peers/peer-filter.logic';
import { EnrollmentTokenFormComponent } from './enrollment-token-form.component';
import { InstallCommandComponent } from './install-command.component';
import { tokenCreates } from './token-form.logic';
import { WanLinkPipe } from '../../core/wan-link.pipe';

/** Site agents and their enrollment tokens: create (install command shown once), revoke, approve. */
@Component({
  selector: 'wom-agents',
  imports: [RouterLink, WanLinkPipe, MatButtonModule, LoadStateComponent, EnrollmentTokenFormComponent, InstallCommandComponent],
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
        <wom-load-state [state]="load" what="tokens and agents" (retry)="reload()" />
        <h2>Enrollment tokens</h2>
        @if (load.loaded() && tokens().length === 0) { <p class="empty">No tokens. Create one, then run its install command on the box where the agent should run.</p> }
        @else if (tokens().length > 0) {
          <div class="table-scroll" tabindex="0" role="region" aria-label="Enrollment tokens, scrollable">
            <table class="data" aria-label="Enrollment tokens"><thead><tr><th scope="col">Name</th><th scope="col">Token</th><th scope="col">Type</th><th scope="col">Peer it makes</th><th scope="col">State</th><th scope="col">Uses</th><th scope="col">Expires</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead><tbody>@for (t of tokens(); track t.id) {
              <tr><td>{{ t.name }}</td><td class="mono">{{ t.tokenPrefix }}…</td><td>{{ t.peerType }}</td>
                <td>@if (t.peerId) { <a [routerLink]="['peers', t.peerId] | wanLink">an existing peer</a> } @else { <span class="mono">{{ creates(t) }}</span> }</td>
                <td><span class="badge" [class.online]="t.state === 'active'" [class.neutral]="t.state !== 'active'">{{ t.state }}</span></td>
                <td>{{ t.useCount }} / {{ t.maxUses }}</td><td>{{ t.expiresAt }}</td>
                <td>@if (auth.canOperate() && t.state === 'active') { <button mat-stroked-button type="button" (click)="revokeToken(t)" [disabled]="busy()">Revoke</button> }</td></tr>
            }</tbody></table>
          </div>
        }
        <h2>Agents</h2>
        @if (load.loaded() && agents().length === 0) { <p class="empty">No agents have enrolled yet.</p> }
        @else if (agents().length > 0) {
          <div class="table-scroll">
            <table class="data" aria-label="Agents"><thead><tr><th scope="col">Peer</th><th scope="col">Host</th><th scope="col">Status</th><th scope="col">Version</th><th scope="col">Last report</th><th scope="col">Revision applied / desired</th><th scope="col">Drift</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead><tbody>@for (a of agents(); track a.id) {
              <tr><td><a [routerLink]="['peers', a.peerId] | wanLink">{{ a.peerName ?? a.peerId.slice(0, 8) }}</a></td><td>{{ a.hostname ?? '—' }}</td>
                <td><span class="badge" [class.online]="a.online" [class.pending]="a.status === 'pending'" [class.offline]="!a.online && a.status === 'active'">{{ a.status }}{{ a.status === 'active' ? (a.online ? ', online' : ', offline') : '' }}</span></td>
                <td>{{ a.version ?? '—' }}</td><td>{{ ago(a.lastSeenAt) }}</td><td>{{ a.appliedRevision }} / {{ a.desiredRevision }}</td>
                <td>@if (a.drift) { {{ a.drift.items }} item(s){{ a.drift.reconciled ? ', reconciled' : '' }} } @else { — }</td>
                <td class="nowrap">@if (auth.canOperate() && a.status === 'pending') { <button mat-flat-button type="button" (click)="approve(a)" [disabled]="busy()">Approve</button> }
                  @if (auth.canOperate() && a.status !== 'revoked') { <button mat-stroked-button type="button" (click)="revokeAgent(a)" [disabled]="busy()">Revoke…</button> }</td></tr>
            }</tbody></table>
          </div>
        }
      }
    </section>
  `,
  styles: `.nowrap { white-space: nowrap; }`,
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

  readonly busy = signal(false);
  readonly load = new LoadState((error) => this.problems.describe(error));
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);

  constructor() {
    effect(() => {
      const wanId = this.context.wanId();
      if (wanId) void this.loadAll(wanId);
    });
  }

  loadAll(wanId: string): Promise<void> {
    return this.load.run(async () => {
      const [tokens, agents] = await Promise.all([this.api.enrollmentTokens(wanId), this.api.agents(wanId)]);
      this.tokens.set(tokens);
      this.agents.set(agents);
    });
  }

  reload(): void {
    const wanId = this.context.wanId();
    if (wanId) void this.loadAll(wanId);
  }

  /** One action at a time: its buttons are disabled until it answers. */
  private async run(action: () => Promise<unknown>, done: string): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    try {
      await action();
      this.snackBar.open(done, 'OK', { duration: 4000 });
      await this.loadAll(this.context.wanId()!);
    } catch (error) {
      this.problems.show(error);
    } finally {
      this.busy.set(false);
    }
  }

  async shown(token: CreatedEnrollmentToken): Promise<void> {
    this.secret.set(token);
    await this.loadAll(this.context.wanId()!);
    // Asked each time: PUBLIC_URL or NATS may have been fixed since the page opened.
    try {
      this.installInfo.set(await this.api.agentInstallInfo());
      this.installInfoFailure.set(null);
    } catch (error) {
      this.installInfo.set(null);
      this.installInfoFailure.set(this.problems.describe(error).detail);
    }
  }

  revokeToken = (t: EnrollmentToken) => this.run(() => this.api.revokeEnrollmentToken(t.id), `Token ${t.name} revoked.`);
  approve = (a: Agent) => this.run(() => this.api.approveAgent(a.id), `Agent of ${a.peerName ?? a.peerId.slice(0, 8)} approved.`);

  /** Revoking cuts the agent off at once, so it is confirmed in the console's one confirmation dialog. */
  async revokeAgent(a: Agent): Promise<void> {
    const name = a.peerName ?? a.peerId.slice(0, 8);
    const answer = await confirmChange(this.dialog, {
      title: `Revoke the agent of ${name}`,
      confirmLabel: `Revoke agent of ${name}`,
      destructive: true,
      preview: async () => ({
        summary: `The agent on ${a.hostname ?? 'its host'} loses its NATS credentials at once and stops applying changes; it must enroll again. The tunnel it set up stays as it is.`,
        devices: [{ device: name, lines: [{ kind: 'remove' as const, text: 'agent credentials' }] }],
      }),
      confirm: async () => {
        await this.api.revokeAgent(a.id);
        return true;
      },
    });
    if (!answer) return;
    this.snackBar.open(`Agent of ${name} revoked.`, 'OK', { duration: 4000 });
    await this.loadAll(this.context.wanId()!);
  }
}
