import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatRadioModule } from '@angular/material/radio';
import type { ResolutionPreviewResponse } from '@wom/contracts';
import type { ConflictResolution } from '@wom/domain';
import { fieldReasons, type ProblemView } from '../../core/api-error.logic';
import type { Conflict, ResolveConflictResponse } from '../../core/api.models';
import { ApiService } from '../../core/api.service';
import { ProblemService } from '../../core/problem.service';
import { confirmChange } from '../../shared/confirm-dialog.component';
import { ProblemBannerComponent } from '../../shared/problem-banner.component';
import { choiceComplete, partyLabel, RESOLUTION_TEXT, resolutionBody, resolutionChanges, wizardField, type ResolutionChoice } from './conflict-view.logic';

const ALL: readonly ConflictResolution[] = ['nat-translate', 'isolate', 'change-network', 'selective-routing'];

/**
 * Resolves one conflict: the operator picks a resolution and the side to change (nothing is
 * picked for them), reviews the API's preview of exactly what will be written in the confirm
 * dialog, and confirms. Field errors from the API show next to their field.
 */
@Component({
  selector: 'wom-resolution-wizard',
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatProgressSpinnerModule, MatRadioModule, ProblemBannerComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="wizard" (ngSubmit)="review()" aria-label="Resolution wizard">
      <fieldset><legend>1. Choose a resolution</legend>
        <mat-radio-group name="resolution" aria-label="Resolution" [ngModel]="choice().resolution" (ngModelChange)="set({ resolution: $event })" class="stack">
          @for (r of all; track r) {
            <mat-radio-button [value]="r" [disabled]="!conflict().resolutions.includes(r) || busy()" [attr.data-resolution]="r">
              <strong>{{ text[r].title }}</strong> — {{ text[r].effect }} @if (!conflict().resolutions.includes(r)) { <em>(does not remove this conflict)</em> }
            </mat-radio-button>
          }
        </mat-radio-group>
        @if (errors()['resolution']; as e) { <mat-error>{{ e }}</mat-error> }
      </fieldset>
      <fieldset><legend>2. Which side changes</legend>
        <mat-radio-group name="side" aria-label="Side to change" [ngModel]="choice().subnetId" (ngModelChange)="set({ subnetId: $event })" class="stack">
          @for (p of sides(); track p.subnetId) { <mat-radio-button [value]="p.subnetId" [disabled]="busy()" [attr.data-side]="p.peerName">{{ label(p) }}</mat-radio-button> }
        </mat-radio-group>
        @if (errors()['subnetId']; as e) { <mat-error>{{ e }}</mat-error> }
      </fieldset>
      @if (choice().resolution === 'change-network') {
        <mat-form-field appearance="outline" class="full"><mat-label>New LAN range</mat-label>
          <input matInput name="newCidr" [ngModel]="choice().newCidr" (ngModelChange)="set({ newCidr: $event })" placeholder="192.168.50.0/24" required [disabled]="busy()" />
          @if (errors()['newCidr']; as e) { <mat-hint class="field-error" data-testid="error-newCidr">{{ e }}</mat-hint> }
        </mat-form-field>
      }
      @if (choice().resolution === 'selective-routing') {
        <mat-form-field appearance="outline" class="full"><mat-label>Ranges to keep routing (comma-separated)</mat-label>
          <input matInput name="allowed" [ngModel]="choice().allowed" (ngModelChange)="set({ allowed: $event })" placeholder="192.168.1.128/25" required [disabled]="busy()" />
          @if (errors()['allowed']; as e) { <mat-hint class="field-error" data-testid="error-allowed">{{ e }}</mat-hint> }
        </mat-form-field>
      }
      @if (problem(); as p) { <wom-problem-banner [problem]="p" (dismiss)="problem.set(null)" /> }
      <div class="row">
        <button mat-flat-button type="submit" data-testid="review-resolution" [disabled]="!complete() || busy()">
          @if (busy()) { <mat-spinner diameter="18" class="inline" /> } 3. Review and apply…
        </button>
        <button mat-button type="button" (click)="cancelled.emit()" [disabled]="busy()">Cancel</button>
      </div>
    </form>
  `,
  styles: `.stack { display: flex; flex-direction: column; gap: 4px; } .wizard fieldset { border: 1px solid #d6dbe3; margin: 8px 0; } .full { width: 100%; }
           .field-error { color: #b3261e; } .inline { display: inline-block; vertical-align: middle; }`,
})
export class ResolutionWizardComponent {
  readonly conflict = input.required<Conflict>();
  readonly resolved = output<ResolveConflictResponse>();
  readonly cancelled = output<void>();
  private readonly api = inject(ApiService);
  private readonly problems = inject(ProblemService);
  private readonly dialog = inject(MatDialog);
  readonly all = ALL;
  readonly text = RESOLUTION_TEXT;
  readonly label = partyLabel;
  readonly choice = signal<ResolutionChoice>({ resolution: null, subnetId: null, newCidr: '', allowed: '' });
  readonly complete = computed(() => choiceComplete(this.choice()));
  readonly sides = computed(() => this.conflict().parties.filter((p) => p.kind === 'subnet' && p.subnetId));
  readonly busy = signal(false);
  readonly problem = signal<ProblemView | null>(null);
  readonly errors = signal<Record<string, string>>({});

  set(change: Partial<ResolutionChoice>): void {
    this.choice.update((current) => ({ ...current, ...change }));
    this.errors.set({});
  }

  /** Fetches the API's preview (errors land on their fields), then confirms it in the dialog. */
  async review(): Promise<void> {
    if (!this.complete() || this.busy()) return;
    const conflict = this.conflict();
    const body = resolutionBody(this.choice());
    this.busy.set(true);
    this.problem.set(null);
    let preview: ResolutionPreviewResponse;
    try {
      preview = await this.api.post<ResolutionPreviewResponse>(`/api/conflicts/${conflict.id}/preview`, body);
    } catch (error) {
      this.showProblem(error);
      return;
    } finally {
      this.busy.set(false);
    }
    const owner = this.sides().find((p) => p.subnetId === preview.before.id)?.peerName ?? 'the peer';
    const result = await confirmChange(this.dialog, {
      title: `Resolve the ${conflict.overlap} conflict: ${this.text[preview.resolution].title}`,
      confirmLabel: `Apply ${this.text[preview.resolution].title.toLowerCase()}`,
      preview: async () => resolutionChanges(preview, owner),
      confirm: () => this.api.resolveConflict(conflict.id, body),
    });
    if (result) this.resolved.emit(result);
  }

  private showProblem(error: unknown): void {
    const problem = this.problems.describe(error);
    const byField: Record<string, string> = {};
    for (const [field, reason] of Object.entries(fieldReasons(problem))) {
      const target = wizardField(field);
      if (target) byField[target] ??= reason;
    }
    this.errors.set(byField);
    // A reason that has a field is shown there; anything else goes in the banner.
    if (Object.keys(byField).length === 0) this.problem.set(problem);
  }
}
