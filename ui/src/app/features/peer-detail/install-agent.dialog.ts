import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import type { ProblemView } from '../../core/api-error.logic';
import type { Agent, AgentInstallInfo, CreatedEnrollmentToken, Peer } from '../../core/api.models';
import { ApiService } from '../../core/api.service';
import { ProblemService } from '../../core/problem.service';
import { ProblemBannerComponent } from '../../shared/problem-banner.component';
import { InstallCommandComponent } from '../agents/install-command.component';
import { DEFAULT_EXPIRY_SECONDS, EXPIRY_CHOICES } from '../agents/install-command.logic';
import { blockingAgentId, switchesToAgentMode } from './peer-agent.logic';

export interface InstallAgentData {
  readonly peer: Peer;
  /** The peer's agent as the page listed it, if any. */
  readonly agent: Agent | null;
}

/** What the dialog shows: the choice of expiry, the one-time command, or the agent in the way. */
type Step = 'choose' | 'created' | 'blocked';

/**
 * "Install an agent" for one peer: makes a single-use token bound to it and shows the exact
 * install line once. A peer that already has an agent gets a 409 from the API; the dialog
 * then offers to revoke that agent first. The page reloads its agent whenever it closes.
 */
@Component({
  selector: 'wom-install-agent-dialog',
  imports: [FormsModule, MatButtonModule, MatDialogModule, MatFormFieldModule, MatSelectModule, InstallCommandComponent, ProblemBannerComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>Install an agent on {{ data.peer.name }}</h2>
    <mat-dialog-content>
      @switch (step()) {
        @case ('choose') {
          <p>This makes a single-use enrollment token bound to {{ data.peer.name }}, and the one line to run on its Linux box. The agent takes over this peer:
            it keeps its tunnel IP {{ data.peer.tunnelIp }} and its subnets, and its own WireGuard key replaces the peer's.</p>
          @if (switchesMode) {
            <p class="warn-box" data-testid="mode-switch">This peer is deployed as “{{ data.peer.deploymentMode }}”. Enrolling the agent switches it to agent mode:
              from then on the agent applies its configuration, and configuration files you installed by hand should be removed.</p>
          }
          @if (revoked()) { <p class="ok-box" role="status">The previous agent was revoked. Create the install command for the new one.</p> }
          <mat-form-field><mat-label>Expires in</mat-label>
            <mat-select name="expiry" [ngModel]="expiresInSeconds()" (ngModelChange)="expiresInSeconds.set($event)">
              @for (c of expiries; track c.seconds) { <mat-option [value]="c.seconds">{{ c.label }}</mat-option> }
            </mat-select>
            <mat-hint>The token works once, until then.</mat-hint>
          </mat-form-field>
        }
        @case ('blocked') {
          <div class="warn-box" data-testid="agent-exists"><strong>{{ data.peer.name }} already has an agent.</strong>
            <div>{{ problem()?.detail }}</div>
            <div>Revoke the current agent first: it loses access at once. Then create the install command for the new box.</div>
          </div>
        }
        @case ('created') {
          @if (created(); as t) {
            <wom-install-command [command]="t.installCommand" [expiresAt]="t.expiresAt" [info]="info()" [infoFailure]="infoFailure()" />
          }
        }
      }
      @if (step() !== 'blocked') { <wom-problem-banner [problem]="problem()" (dismiss)="problem.set(null)" /> }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      @switch (step()) {
        @case ('choose') {
          <button mat-button type="button" mat-dialog-close>Cancel</button>
          <button mat-flat-button type="button" (click)="create()" [disabled]="busy()">Create install command</button>
        }
        @case ('blocked') {
          <button mat-button type="button" mat-dialog-close>Cancel</button>
          <button mat-flat-button type="button" (click)="revokeCurrent()" [disabled]="busy() || !blockingId()">Revoke the current agent</button>
        }
        @case ('created') { <button mat-flat-button type="button" mat-dialog-close>Done</button> }
      }
    </mat-dialog-actions>
  `,
})
export class InstallAgentDialog {
  readonly data = inject<InstallAgentData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<InstallAgentDialog>>(MatDialogRef);
  private readonly api = inject(ApiService);
  private readonly problems = inject(ProblemService);
  readonly expiries = EXPIRY_CHOICES;
  readonly switchesMode = switchesToAgentMode(this.data.peer);
  readonly expiresInSeconds = signal(DEFAULT_EXPIRY_SECONDS);
  readonly step = signal<Step>('choose');
  readonly busy = signal(false);
  readonly problem = signal<ProblemView | null>(null);
  readonly created = signal<CreatedEnrollmentToken | null>(null);
  readonly blockingId = signal<string | null>(null);
  readonly revoked = signal(false);
  readonly info = signal<AgentInstallInfo | null>(null);
  readonly infoFailure = signal<string | null>(null);

  constructor() {
    // Read while the operator chooses, so the warning is there with the command.
    this.api.agentInstallInfo().then(
      (info) => this.info.set(info),
      (error: unknown) => this.infoFailure.set(this.problems.describe(error).detail),
    );
  }

  async create(): Promise<void> {
    await this.busyWith(async () => {
      try {
        this.created.set(await this.api.createEnrollmentToken({ wanId: this.data.peer.wanId, peerId: this.data.peer.id, maxUses: 1, expiresInSeconds: this.expiresInSeconds() }));
        this.step.set('created');
        // The command is shown only now: a stray click outside or Escape must not lose it.
        this.ref.disableClose = true;
      } catch (error) {
        const problem = this.problems.describe(error);
        this.problem.set(problem);
        const agentId = blockingAgentId(problem.code, error instanceof HttpErrorResponse ? error.error : null, this.data.agent);
        if (problem.code === 'AGENT.INVALID_STATE') {
          this.blockingId.set(agentId);
          this.step.set('blocked');
        }
      }
    });
  }

  async revokeCurrent(): Promise<void> {
    const id = this.blockingId();
    if (!id) return;
    await this.busyWith(async () => {
      try {
        await this.api.revokeAgent(id);
        this.revoked.set(true);
        this.problem.set(null);
        this.step.set('choose');
      } catch (error) {
        this.problem.set(this.problems.describe(error));
        this.step.set('choose');
      }
    });
  }

  private async busyWith(work: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    this.problem.set(null);
    try {
      await work();
    } finally {
      this.busy.set(false);
    }
  }
}
