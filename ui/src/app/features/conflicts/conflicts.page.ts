import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatSnackBar } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';
import type { Conflict, Job, Peer, ResolveConflictResponse } from '../../core/api.models';
import { ApiService } from '../../core/api.service';
import { AuthService } from '../../core/auth.service';
import { EventsService } from '../../core/events.service';
import { ProblemService } from '../../core/problem.service';
import { ConnectionService } from '../../core/connection.service';
import { WanContext } from '../../core/wan-context.service';
import { isApiManaged } from '../peers/peer-filter.logic';
import { overlapBars } from './conflict-view.logic';
import { MatDialog } from '@angular/material/dialog';
import { confirmChange } from '../../shared/confirm-dialog.component';
import { LoadState } from '../../shared/load-state';
import { LoadStateComponent } from '../../shared/load-state.component';
import { deploymentPreview } from '../mikrotik/router-confirmations';
import { ResolutionWizardComponent } from './resolution-wizard.component';
import { WanLinkPipe } from '../../core/wan-link.pipe';

/** Open subnet conflicts drawn as overlaps, and a wizard whose preview of each resolution comes from the API that applies it. */
@Component({
  selector: 'wom-conflicts',
  imports: [MatButtonModule, RouterLink, WanLinkPipe, LoadStateComponent, ResolutionWizardComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page">
      <h1>Conflicts</h1>
      @if (done(); as d) { <div class="ok-box" role="status" data-testid="resolved">Resolved with {{ d.resolution }}. {{ d.openConflicts }} conflicts remain open.
        @for (s of d.subnets; track s.id) { <span class="mono" data-testid="applied-subnet">{{ s.cidr }}{{ s.natTranslatedCidr ? ' → ' + s.natTranslatedCidr : '' }}</span> }
        @if (deployable().length > 0 && auth.canOperate()) { <button mat-stroked-button type="button" (click)="deployNow()" [disabled]="busy()">Deploy now to {{ deployable().length }} MikroTik peers…</button> }
        @if (deployed()) { <a [routerLink]="'jobs' | wanLink">Follow the deployments</a> }
      </div> }
      <wom-load-state [state]="loadState" what="conflicts" (retry)="reload()" />
      @if (conflicts().length === 0 && loaded()) { <p class="empty">No open conflicts. Every local subnet is reachable without ambiguity.</p> }
      @for (c of conflicts(); track c.id) {
        <article class="card" [attr.data-conflict]="c.overlap">
          <div class="row"><span class="badge" [class]="c.severity">{{ c.severity }}</span><strong>{{ c.overlap }}</strong><span class="grow"></span>
            @if (auth.canOperate()) { <button mat-stroked-button type="button" (click)="wizard.set(c)" [attr.data-resolve]="c.overlap">Resolve…</button> }</div>
          <p>{{ c.message }}</p>
          @if (bars(c); as b) {
            <div class="bars" role="img" [attr.aria-label]="'Address overlap ' + c.overlap">
              @for (p of b.parties; track $index) {
                <div class="track"><span class="lbl">{{ p.label }}</span><div class="line"><div class="bar party" [style.left.%]="p.left" [style.width.%]="p.width" [title]="p.range"></div></div></div>
              }
              <div class="track"><span class="lbl">overlap {{ b.overlap.range }}</span><div class="line"><div class="bar overlap" [style.left.%]="b.overlap.left" [style.width.%]="b.overlap.width"></div></div></div>
            </div>
          }
          @if (wizard()?.id === c.id) { <wom-resolution-wizard [conflict]="c" (resolved)="onResolved(c, $event)" (cancelled)="wizard.set(null)" /> }
        </article>
      }
    </section>
  `,
  styles: `.bars { margin: 8px 0; } .track { display: grid; grid-template-columns: minmax(0, 260px) 1fr; align-items: center; gap: 8px; margin: 3px 0; font-size: 0.85rem; }
           .lbl { overflow-wrap: anywhere; } @media (max-width: 600px) { .track { grid-template-columns: 1fr; gap: 2px; } }
           .line { position: relative; height: 14px; background: var(--wom-neutral-bg); border: 1px solid var(--wom-border); border-radius: 3px; } .bar { position: absolute; top: 0; bottom: 0; border-radius: 3px; }
           .party { background: #0b57d0; } .overlap { background: repeating-linear-gradient(45deg, #b3261e, #b3261e 4px, #e4a7a3 4px, #e4a7a3 8px); }
`,
})
export class ConflictsPage {
  readonly context = inject(WanContext);
  readonly auth = inject(AuthService);
  private readonly api = inject(ApiService);
  private readonly problems = inject(ProblemService);
  private readonly snackBar = inject(MatSnackBar);
  readonly bars = overlapBars;
  readonly conflicts = signal<Conflict[]>([]);
  readonly peers = signal<Peer[]>([]);
  readonly loaded = signal(false);
  readonly busy = signal(false);
  readonly wizard = signal<Conflict | null>(null);
  readonly done = signal<ResolveConflictResponse | null>(null);
  readonly deployed = signal(false);
  readonly resolvedPeerIds = signal<string[]>([]);
  readonly deployable = computed(() => this.peers().filter((p) => this.resolvedPeerIds().includes(p.id) && isApiManaged(p)));

  constructor() {
    effect(() => {
      const wanId = this.context.wanId();
      if (wanId) void this.load(wanId);
    });
    // Back from an outage: what is shown may be stale.
    inject(ConnectionService).reconnected.pipe(takeUntilDestroyed()).subscribe(() => {
      const wanId = this.context.wanId();
      if (wanId) void this.load(wanId);
    });
    inject(EventsService).on('conflict.changed').subscribe(() => {
      const wanId = this.context.wanId();
      if (wanId) void this.load(wanId);
    });
  }

  readonly loadState = new LoadState((error) => this.problems.describe(error));
  private readonly dialog = inject(MatDialog);

  /** A failure shows with a retry; "no open conflicts" is said only after a successful read. */
  load(wanId: string): Promise<void> {
    return this.loadState.run(async () => {
      const [conflicts, peers] = await Promise.all([this.api.conflicts(wanId), this.api.peers(wanId)]);
      this.conflicts.set(conflicts);
      this.peers.set(peers);
      this.loaded.set(true);
    });
  }

  reload(): void {
    const wanId = this.context.wanId();
    if (wanId) void this.load(wanId);
  }

  onResolved(c: Conflict, result: ResolveConflictResponse): void {
    this.done.set(result);
    this.resolvedPeerIds.set(c.parties.flatMap((p) => (p.peerId ? [p.peerId] : [])));
    this.deployed.set(false);
    this.wizard.set(null);
    this.snackBar.open(`Conflict ${c.overlap} resolved with ${result.resolution}; ${result.openConflicts} still open.`, 'OK', { duration: 6000 });
    void this.load(c.wanId);
  }

  async deployNow(): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    try {
      const routers = this.deployable().map((p) => ({ id: p.id, name: p.name }));
      // The same preview-then-confirm as every deployment: what changes on each router first.
      const jobs = await confirmChange(this.dialog, {
        title: `Deploy to ${routers.length} MikroTik routers`,
        confirmLabel: `Deploy to ${routers.length} routers`,
        preview: () => deploymentPreview(this.api, routers),
        confirm: () => Promise.all(routers.map((r) => this.api.post<Job>(`/api/peers/${r.id}/mikrotik/deploy`, {}))),
      });
      if (jobs) this.deployed.set(true);
    } catch (error) {
      this.problems.show(error);
    } finally {
      this.busy.set(false);
    }
  }
}
