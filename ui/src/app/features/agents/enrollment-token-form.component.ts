import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { PEER_TYPES } from '@wom/domain';
import { fieldReasons, type ProblemView } from '../../core/api-error.logic';
import type { CreatedEnrollmentToken, Template } from '../../core/api.models';
import { ApiService } from '../../core/api.service';
import { ProblemService } from '../../core/problem.service';
import { ProblemBannerComponent } from '../../shared/problem-banner.component';
import { EXPIRY_CHOICES } from './install-command.logic';
import { emptyTokenDraft, toTokenRequest, validateTokenDraft, type TokenDraft } from './token-form.logic';

/**
 * Makes an enrollment token that creates a peer: its type, name, tags, subnets and template,
 * how many boxes may use it, for how long, and whether each waits for approval.
 */
@Component({
  selector: 'wom-enrollment-token-form',
  imports: [FormsModule, MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatInputModule, MatSelectModule, ProblemBannerComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="card" (ngSubmit)="submit()" novalidate aria-labelledby="token-h">
      <h2 id="token-h">Create an enrollment token</h2>
      <p class="muted">Each box that installs the agent with it becomes a new peer described here. To install an agent for a peer that exists, use Install an agent on that peer's page.</p>
      <div class="fields">
        <mat-form-field subscriptSizing="dynamic"><mat-label>Token name</mat-label>
          <input matInput name="tokenName" [ngModel]="draft().name" (ngModelChange)="patch({ name: $event })" placeholder="paris-servers" />
          <mat-hint [class.invalid]="!!problemOf('name')">{{ hint('name', 'A label for people; the secret is separate') }}</mat-hint></mat-form-field>
        <mat-form-field subscriptSizing="dynamic"><mat-label>Peer type</mat-label>
          <mat-select name="peerType" [ngModel]="draft().peerType" (ngModelChange)="patch({ peerType: $event })">
            <mat-option value="">{{ draft().templateId ? 'From the template' : 'server (default)' }}</mat-option>
            @for (t of types; track t) { <mat-option [value]="t">{{ t }}</mat-option> }
          </mat-select></mat-form-field>
        <mat-form-field subscriptSizing="dynamic"><mat-label>Peer name template</mat-label>
          <input matInput name="nameTemplate" [ngModel]="draft().nameTemplate" (ngModelChange)="patch({ nameTemplate: $event })" placeholder="br-{hostname}" />
          <mat-hint [class.invalid]="!!problemOf('nameTemplate')">{{ hint('nameTemplate', '{hostname}: the box’s host name; {n}: the use number') }}</mat-hint></mat-form-field>
        <mat-form-field subscriptSizing="dynamic"><mat-label>Tags</mat-label>
          <input matInput name="tags" [ngModel]="draft().tags" (ngModelChange)="patch({ tags: $event })" placeholder="branch, eu" />
          <mat-hint [class.invalid]="!!problemOf('tags')">{{ hint('tags', 'Comma-separated') }}</mat-hint></mat-form-field>
        <mat-form-field subscriptSizing="dynamic"><mat-label>Configuration template</mat-label>
          <mat-select name="templateId" [ngModel]="draft().templateId" (ngModelChange)="patch({ templateId: $event })">
            <mat-option value="">None</mat-option>
            @for (t of templates(); track t.id) { <mat-option [value]="t.id">{{ t.name }} ({{ t.peerType }})</mat-option> }
          </mat-select>
          <mat-hint [class.invalid]="!!problemOf('templateId')">{{ hint('templateId', 'Keepalive, subnet routing, MTU and DNS of the new peer') }}</mat-hint></mat-form-field>
        <mat-form-field subscriptSizing="dynamic"><mat-label>Local subnets</mat-label>
          <textarea matInput name="subnets" rows="2" [ngModel]="draft().subnets" (ngModelChange)="patch({ subnets: $event })" placeholder="192.168.10.0/24"></textarea>
          <mat-hint [class.invalid]="!!problemOf('subnets')">{{ hint('subnets', 'One CIDR per line; single-use tokens only') }}</mat-hint></mat-form-field>
        <mat-form-field subscriptSizing="dynamic"><mat-label>Uses</mat-label>
          <input matInput name="maxUses" inputmode="numeric" [ngModel]="draft().maxUses" (ngModelChange)="patch({ maxUses: $event })" />
          <mat-hint [class.invalid]="!!problemOf('maxUses')">{{ hint('maxUses', 'How many boxes may enroll with it') }}</mat-hint></mat-form-field>
        <mat-form-field subscriptSizing="dynamic"><mat-label>Expires in</mat-label>
          <mat-select name="expiresInSeconds" [ngModel]="draft().expiresInSeconds" (ngModelChange)="patch({ expiresInSeconds: $event })">
            @for (c of expiries; track c.seconds) { <mat-option [value]="c.seconds">{{ c.label }}</mat-option> }
          </mat-select></mat-form-field>
      </div>
      <div class="row">
        <mat-checkbox name="requiresApproval" [ngModel]="draft().requiresApproval" (ngModelChange)="patch({ requiresApproval: $event })">Approve each agent</mat-checkbox>
        <span class="grow"></span>
        <button mat-flat-button type="submit" [disabled]="busy()">Create enrollment token</button>
      </div>
      <wom-problem-banner [problem]="problem()" (dismiss)="problem.set(null)" />
    </form>
  `,
  styles: `
    .fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); align-items: start; gap: 8px 16px; margin-bottom: 8px; }
    mat-hint.invalid { color: var(--mat-sys-error); }
  `,
})
export class EnrollmentTokenFormComponent {
  readonly wanId = input.required<string>();
  readonly created = output<CreatedEnrollmentToken>();
  private readonly api = inject(ApiService);
  private readonly problems = inject(ProblemService);
  readonly types = PEER_TYPES.filter((t) => t !== 'mikrotik');
  readonly expiries = EXPIRY_CHOICES;
  readonly draft = signal<TokenDraft>(emptyTokenDraft());
  readonly templates = signal<Template[]>([]);
  readonly busy = signal(false);
  readonly problem = signal<ProblemView | null>(null);
  /** Problems found before sending, then the API's own field reasons. */
  readonly errors = signal<Record<string, string>>({});

  /** The problem of a field or of any of its items (`subnets[0].cidr` belongs to `subnets`). */
  problemOf(field: string): string | null {
    const entry = Object.entries(this.errors()).find(([name]) => name === field || name.startsWith(`${field}[`) || name.startsWith(`${field}.`));
    return entry?.[1] ?? null;
  }

  /** What shows under a field: its problem, else its help. */
  hint(field: string, help: string): string {
    return this.problemOf(field) ?? help;
  }

  constructor() {
    // Templates are a convenience: without them the form still makes plain tokens.
    this.api.templates().then((list) => this.templates.set(list), () => this.templates.set([]));
  }

  patch(change: Partial<TokenDraft>): void {
    this.draft.update((draft) => ({ ...draft, ...change }));
    if (Object.keys(this.errors()).length > 0) this.errors.set(validateTokenDraft(this.draft()));
  }

  async submit(): Promise<void> {
    const errors = validateTokenDraft(this.draft());
    this.errors.set(errors);
    if (Object.keys(errors).length > 0) return;
    this.busy.set(true);
    this.problem.set(null);
    try {
      const token = await this.api.createEnrollmentToken(toTokenRequest(this.draft(), this.wanId()));
      this.draft.set(emptyTokenDraft());
      this.created.emit(token);
    } catch (error) {
      const problem = this.problems.describe(error);
      this.problem.set(problem);
      this.errors.set(fieldReasons(problem));
    } finally {
      this.busy.set(false);
    }
  }
}
