import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router } from '@angular/router';
import { TOPOLOGY_TYPES, type TopologyType } from '@wom/domain';
import { fieldReasons } from '../../core/api-error.logic';
import { ApiService } from '../../core/api.service';
import { AuthService } from '../../core/auth.service';
import { ProblemService } from '../../core/problem.service';
import { WanContext } from '../../core/wan-context.service';
import { wanPath } from '../../core/wan-path.logic';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import type { Wan } from '../../core/api.models';
import { routerChanges, type ChangeLine } from '../../shared/change-preview.logic';
import { removalChanges, type RemovalPreview } from '../../shared/removal-preview.logic';
import { confirmChange } from '../../shared/confirm-dialog.component';
import { wanProblems } from '../../shared/form-rules.logic';


/** Create a WAN, and the selected WAN's settings: ranges and topology. */
@Component({
  selector: 'wom-wans',
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, MatProgressBarModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page">
      <h1>WANs &amp; settings</h1>
      @if (context.wan(); as wan) {
        <form class="card" (ngSubmit)="save(wan.id)" novalidate aria-labelledby="settings-h">
          <h2 id="settings-h">Settings of {{ wan.name }}</h2>
          <div class="form-grid">
            <mat-form-field><mat-label>Tunnel range</mat-label>
              <input matInput name="tunnelIpRange" [(ngModel)]="edit.tunnelIpRange" [disabled]="!auth.canOperate()" [attr.aria-invalid]="!!editErrors()['tunnelIpRange']" />
              @if (editErrors()['tunnelIpRange']; as e) { <mat-hint class="field-error">{{ e }}</mat-hint> } @else { <mat-hint>Tunnel addresses of the peers</mat-hint> }</mat-form-field>
            <mat-form-field><mat-label>Shared services range</mat-label>
              <input matInput name="sharedServicesRange" [(ngModel)]="edit.sharedServicesRange" [disabled]="!auth.canOperate()" [attr.aria-invalid]="!!editErrors()['sharedServicesRange']" />
              @if (editErrors()['sharedServicesRange']; as e) { <mat-hint class="field-error">{{ e }}</mat-hint> } @else { <mat-hint>Where published services are reached</mat-hint> }</mat-form-field>
            <mat-form-field><mat-label>Topology</mat-label>
              <mat-select name="topologyType" [(ngModel)]="edit.topologyType" [disabled]="!auth.canOperate()">
                @for (t of topologies; track t) { <mat-option [value]="t">{{ t }}</mat-option> }
              </mat-select>
              @if (editErrors()['topologyType']; as e) { <mat-hint class="field-error">{{ e }}</mat-hint> }</mat-form-field>
          </div>
          <div class="row">
            @if (auth.canOperate()) { <button mat-flat-button type="submit" [disabled]="saving()">Save settings</button> }
            @if (auth.isAdmin()) { <button mat-stroked-button type="button" data-testid="delete-wan" (click)="remove(wan)" [disabled]="removing()">Delete WAN…</button> }
          </div>
        </form>
      }
      @if (!context.loaded()) { <mat-progress-bar mode="indeterminate" aria-label="Loading WANs" /> }
      @if (context.loadFailed()) {
        <div class="error-box" role="alert">Could not load the WANs. {{ problems.latest()?.detail }} <button mat-stroked-button type="button" (click)="context.load()">Try again</button></div>
      }
      @if (context.wans().length > 0) {
        <div class="table-scroll card">
          <table class="data" aria-label="WANs">
            <thead><tr><th scope="col">Name</th><th scope="col">Tunnel range</th><th scope="col">Shared services</th><th scope="col">Topology</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
            <tbody>
              @for (wan of context.wans(); track wan.id) {
                <tr><td>{{ wan.name }}</td><td class="mono">{{ wan.tunnelIpRange }}</td><td class="mono">{{ wan.sharedServicesRange }}</td><td>{{ wan.topologyType }}</td>
                  <td>@if (wan.id !== context.wanId()) { <button mat-button type="button" (click)="pick(wan.id)" [attr.aria-label]="'Open ' + wan.name">Open</button> } @else { <span class="badge neutral">selected</span> }</td></tr>
              }
            </tbody>
          </table>
        </div>
      } @else if (context.loaded()) { <p class="empty">No WAN yet. Create one below: give it a name; the default ranges suit most networks.</p> }
      @if (auth.canOperate()) {
        <form class="card" (ngSubmit)="create()" novalidate aria-labelledby="create-h">
          <h2 id="create-h">Create a WAN</h2>
          <div class="form-grid">
            <mat-form-field><mat-label>Name</mat-label>
              <input matInput name="name" [(ngModel)]="draft.name" required [attr.aria-invalid]="!!errors()['name']" />
              @if (errors()['name']; as e) { <mat-hint class="field-error">{{ e }}</mat-hint> }</mat-form-field>
            <mat-form-field><mat-label>Tunnel range</mat-label>
              <input matInput name="newTunnel" [(ngModel)]="draft.tunnelIpRange" placeholder="10.0.0.0/24" [attr.aria-invalid]="!!errors()['tunnelIpRange']" />
              @if (errors()['tunnelIpRange']; as e) { <mat-hint class="field-error">{{ e }}</mat-hint> } @else { <mat-hint>Default 10.0.0.0/24</mat-hint> }</mat-form-field>
            <mat-form-field><mat-label>Shared services range</mat-label>
              <input matInput name="newShared" [(ngModel)]="draft.sharedServicesRange" placeholder="10.0.5.0/24" [attr.aria-invalid]="!!errors()['sharedServicesRange']" />
              @if (errors()['sharedServicesRange']; as e) { <mat-hint class="field-error">{{ e }}</mat-hint> } @else { <mat-hint>Default 10.0.5.0/24</mat-hint> }</mat-form-field>
            <mat-form-field><mat-label>Topology</mat-label>
              <mat-select name="newTopology" [(ngModel)]="draft.topologyType">@for (t of topologies; track t) { <mat-option [value]="t">{{ t }}</mat-option> }</mat-select></mat-form-field>
          </div>
          <div class="row"><button mat-flat-button type="submit" [disabled]="creating()">Create WAN</button></div>
          @if (otherErrors(errors()); as rest) { @if (rest.length > 0) { <div class="warn-box" role="alert">@for (e of rest; track e[0]) { <div>{{ e[0] }}: {{ e[1] }}</div> }</div> } }
        </form>
      }
    </section>
  `,
  styles: `form.card { margin-top: 16px; } .form-grid { margin-bottom: 8px; }`,
})
export class WansPage {
  readonly context = inject(WanContext);
  readonly auth = inject(AuthService);
  private readonly api = inject(ApiService);
  readonly problems = inject(ProblemService);
  private readonly router = inject(Router);
  readonly topologies = TOPOLOGY_TYPES;
  draft = { name: '', tunnelIpRange: '', sharedServicesRange: '', topologyType: 'hub-spoke' as TopologyType };
  edit = { tunnelIpRange: '', sharedServicesRange: '', topologyType: 'hub-spoke' as TopologyType };
  readonly errors = signal<Record<string, string>>({});
  readonly editErrors = signal<Record<string, string>>({});
  readonly saving = signal(false);
  readonly creating = signal(false);
  readonly removing = signal(false);
  /** Field problems of fields the form does not show (the API may name others). */
  readonly otherErrors = (errors: Record<string, string>) => Object.entries(errors).filter(([field]) => !['name', 'tunnelIpRange', 'sharedServicesRange', 'topologyType'].includes(field));
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);

  constructor() {
    const wan = this.context.wan();
    if (wan) this.edit = { tunnelIpRange: wan.tunnelIpRange, sharedServicesRange: wan.sharedServicesRange, topologyType: wan.topologyType };
  }

  /**
   * Deleting a WAN, confirmed by typing its name. Each router this product manages shows the
   * removal preview the API computes for it (exactly the rows its undeploy takes off).
   */
  async remove(wan: Wan): Promise<void> {
    if (this.removing()) return;
    this.removing.set(true);
    try {
      const answer = await confirmChange(this.dialog, {
        title: `Delete WAN ${wan.name}`,
        confirmLabel: `Delete WAN ${wan.name}`,
        destructive: true,
        typeToConfirm: wan.name,
        // The API runs the delete and rolls it back; each router it undeploys adds the rows its undeploy takes off.
        preview: async () => {
          const plan = await this.api.get<RemovalPreview>(`/api/wan/${wan.id}/removal-preview`);
          const routers = plan.devices.filter((d) => d.change === 'undeploy');
          const previews = await Promise.allSettled(routers.map((r) => this.api.get<unknown>(`/api/peers/${r.peerId}/mikrotik/removal-preview`)));
          const rows = new Map<string, ChangeLine[]>(routers.map((r, i) => {
            const p = previews[i]!;
            return [r.peerId, p.status === 'fulfilled' ? [...routerChanges(r.peerName, p.value).lines] : [{ kind: 'note' as const, text: 'could not be read for a preview; its undeploy is retried until it answers' }]];
          }));
          return removalChanges(plan, rows);
        },
        confirm: async () => ((await this.api.delete(`/api/wan/${wan.id}`)) as { jobIds?: string[] } | null) ?? {},
      });
      if (!answer) return;
      this.snackBar.open(answer.jobIds?.length ? `${wan.name} is being removed from ${answer.jobIds.length} router(s).` : `${wan.name} deleted.`, 'OK', { duration: 6000 });
      await this.context.load();
      await this.router.navigate(['/']);
    } catch (error) {
      this.problems.show(error);
    } finally {
      this.removing.set(false);
    }
  }

  /** Opens another WAN's settings: the URL changes, and this page is rebuilt for that WAN. */
  pick(id: string): void {
    void this.context.select(id);
  }

  /** Checked as the API checks; sent once (the button is disabled while it is in flight). */
  async create(): Promise<void> {
    if (this.creating()) return;
    const problems = wanProblems(this.draft);
    this.errors.set(problems);
    if (Object.keys(problems).length > 0) return;
    const body: Record<string, string> = { name: this.draft.name.trim(), topologyType: this.draft.topologyType };
    if (this.draft.tunnelIpRange.trim()) body['tunnelIpRange'] = this.draft.tunnelIpRange.trim();
    if (this.draft.sharedServicesRange.trim()) body['sharedServicesRange'] = this.draft.sharedServicesRange.trim();
    this.creating.set(true);
    try {
      const wan = await this.api.createWan(body);
      this.errors.set({});
      this.draft = { name: '', tunnelIpRange: '', sharedServicesRange: '', topologyType: 'hub-spoke' };
      this.snackBar.open(`WAN ${wan.name} created.`, 'OK', { duration: 5000 });
      // The list first, so the picker knows the new WAN by the time the URL names it.
      await this.context.load();
      await this.router.navigate(wanPath(wan.id, 'settings'));
    } catch (error) {
      this.errors.set(fieldReasons(this.problems.show(error)));
    } finally {
      this.creating.set(false);
    }
  }

  async save(id: string): Promise<void> {
    if (this.saving()) return;
    const problems = wanProblems({ tunnelIpRange: this.edit.tunnelIpRange, sharedServicesRange: this.edit.sharedServicesRange });
    this.editErrors.set(problems);
    if (Object.keys(problems).length > 0) return;
    this.saving.set(true);
    try {
      await this.api.updateWan(id, this.edit);
      this.editErrors.set({});
      this.snackBar.open('Settings saved.', 'OK', { duration: 5000 });
      await this.context.load();
    } catch (error) {
      this.editErrors.set(fieldReasons(this.problems.show(error)));
    } finally {
      this.saving.set(false);
    }
  }
}
