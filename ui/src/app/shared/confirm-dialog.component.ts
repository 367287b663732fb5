import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import type { ProblemView } from '../core/api-error.logic';
import { ProblemService } from '../core/problem.service';
import { namesObject, type ChangePreview } from './change-preview.logic';
import { ProblemBannerComponent } from './problem-banner.component';

/** A switch the operator sets in the dialog (e.g. reconcile's "remove unknown rows"); the preview follows it. */
export interface ConfirmOption {
  readonly key: string;
  readonly label: string;
  readonly value: boolean;
}

export interface ConfirmDialogData<R> {
  readonly title: string;
  /** The button that applies: name the object on destructive ones ("Delete router office-3"). */
  readonly confirmLabel: string;
  readonly destructive?: boolean;
  /** When set, the operator must type this name before the confirm button is enabled. */
  readonly typeToConfirm?: string;
  readonly options?: readonly ConfirmOption[];
  /** What will change, from the API computation the action uses; called again when an option changes. */
  readonly preview: (options: Readonly<Record<string, boolean>>) => Promise<ChangePreview>;
  /** Runs the action; the dialog closes with its result, or shows its error and stays open. */
  readonly confirm: (options: Readonly<Record<string, boolean>>) => Promise<R>;
}

/**
 * The one confirm-and-preview dialog of the console: it loads what will change on which
 * devices, lets the operator set the action's options, requires the object's name for
 * destructive actions, and runs the action once (the button is disabled while it runs).
 * Closes with the action's result, or undefined when cancelled.
 */
@Component({
  selector: 'wom-confirm-dialog',
  imports: [FormsModule, MatButtonModule, MatCheckboxModule, MatDialogModule, MatFormFieldModule, MatInputModule, MatProgressSpinnerModule, ProblemBannerComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2 mat-dialog-title>{{ data.title }}</h2>
    <!-- Focusable, so a keyboard can scroll a long preview. -->
    <mat-dialog-content data-testid="confirm-dialog" tabindex="0" role="region" aria-label="What will change">
      @if (data.options?.length) {
        <div class="options" role="group" aria-label="Options">
          @for (o of data.options; track o.key) {
            <mat-checkbox [checked]="options()[o.key]" (change)="setOption(o.key, $event.checked)" [disabled]="running()" [attr.data-option]="o.key">{{ o.label }}</mat-checkbox>
          }
        </div>
      }
      @if (loading()) {
        <div class="row" role="status"><mat-spinner diameter="24" /> <span>Working out what will change…</span></div>
      } @else if (previewProblem(); as p) {
        <wom-problem-banner [problem]="p" (dismiss)="previewProblem.set(null)" />
        <button mat-stroked-button type="button" (click)="load()">Try the preview again</button>
      } @else if (preview(); as v) {
        <p data-testid="preview-summary">{{ v.summary }}</p>
        @if (v.devices.length === 0) { <p class="empty" data-testid="preview-empty">No device changes.</p> }
        @for (d of v.devices; track d.device) {
          <section class="device" [attr.data-device]="d.device">
            <h3>{{ d.device }}</h3>
            @if (d.lines.length === 0) { <p class="muted">Nothing changes on this device.</p> }
            <ul class="mono">@for (l of d.lines; track $index) { <li [class]="l.kind"><span class="sign">{{ sign[l.kind] }}</span> {{ l.text }}</li> }</ul>
          </section>
        }
      }
      @if (data.typeToConfirm; as name) {
        <mat-form-field appearance="outline" class="full">
          <mat-label>Type {{ name }} to confirm</mat-label>
          <input matInput data-testid="type-to-confirm" [ngModel]="typed()" (ngModelChange)="typed.set($event)" [disabled]="running()" autocomplete="off" />
        </mat-form-field>
      }
      @if (actionProblem(); as p) { <wom-problem-banner [problem]="p" (dismiss)="actionProblem.set(null)" /> }
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close [disabled]="running()">Cancel</button>
      <button mat-flat-button type="button" data-testid="confirm" [class.danger]="data.destructive" [disabled]="!canConfirm()" (click)="run()">
        @if (running()) { <mat-spinner diameter="18" class="inline" /> } {{ data.confirmLabel }}
      </button>
    </mat-dialog-actions>
  `,
  styles: `.options { display: flex; flex-direction: column; margin-bottom: 8px; } .device h3 { margin: 8px 0 2px; font-size: 1rem; }
           ul { margin: 0; padding-left: 4px; list-style: none; } li { margin: 2px 0; } .add { color: var(--wom-ok-text); } .remove { color: var(--wom-error-text); } .change { color: var(--wom-warn-text); } .note { color: var(--wom-muted); }
           .sign { display: inline-block; width: 1em; font-weight: 700; } .full { width: 100%; margin-top: 8px; } .danger { background: #b3261e; color: #fff; } .inline { display: inline-block; vertical-align: middle; }`,
})
export class ConfirmDialogComponent<R> {
  readonly data = inject<ConfirmDialogData<R>>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<ConfirmDialogComponent<R>, R>>(MatDialogRef);
  private readonly problems = inject(ProblemService);
  readonly sign = { add: '+', change: '~', remove: '−', note: '·' } as const;
  readonly options = signal<Record<string, boolean>>(Object.fromEntries((this.data.options ?? []).map((o) => [o.key, o.value])));
  readonly loading = signal(true);
  readonly preview = signal<ChangePreview | null>(null);
  readonly previewProblem = signal<ProblemView | null>(null);
  readonly actionProblem = signal<ProblemView | null>(null);
  readonly running = signal(false);
  readonly typed = signal('');
  /** Counts previews so an answer to an older option set never replaces a newer one. */
  private round = 0;

  constructor() {
    void this.load();
  }

  canConfirm(): boolean {
    if (this.running() || this.loading() || this.preview() === null) return false;
    const name = this.data.typeToConfirm;
    return name === undefined || namesObject(this.typed(), name);
  }

  setOption(key: string, value: boolean): void {
    this.options.update((current) => ({ ...current, [key]: value }));
    void this.load();
  }

  async load(): Promise<void> {
    const round = ++this.round;
    this.loading.set(true);
    this.previewProblem.set(null);
    try {
      const preview = await this.data.preview(this.options());
      if (round === this.round) this.preview.set(preview);
    } catch (error) {
      if (round === this.round) {
        this.preview.set(null);
        this.previewProblem.set(this.problems.describe(error));
      }
    } finally {
      if (round === this.round) this.loading.set(false);
    }
  }

  async run(): Promise<void> {
    if (!this.canConfirm()) return;
    this.running.set(true);
    this.actionProblem.set(null);
    try {
      this.ref.close(await this.data.confirm(this.options()));
    } catch (error) {
      this.actionProblem.set(this.problems.describe(error));
    } finally {
      this.running.set(false);
    }
  }
}

/** Opens the confirm dialog; resolves with the action's result, or undefined when cancelled. */
export function confirmChange<R>(dialog: MatDialog, data: ConfirmDialogData<R>): Promise<R | undefined> {
  const ref = dialog.open<ConfirmDialogComponent<R>, ConfirmDialogData<R>, R>(ConfirmDialogComponent, { data, width: '720px', maxWidth: '95vw', autoFocus: 'dialog' });
  return new Promise((resolve) => ref.afterClosed().subscribe((result) => resolve(result)));
}
