import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { ConflictResolution } from '@wom/domain';
import type { Conflict, Job, Peer, ResolveConflictResponse } from '../../core/api.models';
import { ApiService } from '../../core/api.service';
import { AuthService } from '../../core/auth.service';
import { EventsService } from '../../core/events.service';
import { ProblemService } from '../../core/problem.service';
import { WanContext } from '../../core/wan-context.service';
import { isApiManaged } from '../peers/peer-filter.logic';
import { defaultSide, natPreview, overlapBars, RESOLUTION_TEXT } from './conflict-view.logic';

/** Open subnet conflicts drawn as overlaps, and a wizard with the four resolutions and a NAT preview. */
@Component({
  selector: 'wom-conflicts',
  imports: [FormsModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page">
      <h1>Conflicts</h1>
      @if (done(); as d) { <div class="ok-box" role="status" data-testid="resolved">Resolved with {{ d.resolution }}. {{ d.openConflicts }} conflicts remain open.
        @for (s of d.subnets; track s.id) { <span class="mono">{{ s.cidr }}{{ s.natTranslatedCidr ? ' → ' + s.natTranslatedCidr : '' }}</span> }
        @if (deployable().length > 0 && auth.canOperate()) { <button type="button" (click)="deployNow()">Deploy now to {{ deployable().length }} MikroTik peers</button> }
        @if (deployed()) { <a routerLink="/jobs">Follow the deployments</a> }
      </div> }
      @if (conflicts().length === 0 && loaded()) { <p class="empty">No open conflicts. Every local subnet is reachable without ambiguity.</p> }
      @for (c of conflicts(); track c.id) {
        <article class="card" [attr.data-conflict]="c.overlap">
          <div class="row"><span class="badge" [class]="c.severity">{{ c.severity }}</span><strong>{{ c.overlap }}</strong><span class="grow"></span>
            @if (auth.canOperate()) { <button type="button" (click)="start(c)">Resolve…</button> }</div>
          <p>{{ c.message }}</p>
          @if (bars(c); as b) {
            <div class="bars" role="img" [attr.aria-label]="'Address overlap ' + c.overlap">
              @for (p of b.parties; track $index) {
                <div class="track"><span class="lbl">{{ p.label }}</span><div class="line"><div class="bar party" [style.left.%]="p.left" [style.width.%]="p.width" [title]="p.range"></div></div></div>
              }
              <div class="track"><span class="lbl">overlap {{ b.overlap.range }}</span><div class="line"><div class="bar overlap" [style.left.%]="b.overlap.left" [style.width.%]="b.overlap.width"></div></div></div>
            </div>
          }
          @if (wizard()?.id === c.id) {
            <form class="wizard" (ngSubmit)="apply(c)" aria-label="Resolution wizard">
              <fieldset><legend>1. Choose a resolution</legend>
                @for (r of allResolutions; track r) {
                  <label class="choice"><input type="radio" name="resolution" [value]="r" [ngModel]="choice()" (ngModelChange)="choice.set($event)" [disabled]="!c.resolutions.includes(r)" />
                    <strong>{{ text[r].title }}</strong> — {{ text[r].effect }} @if (!c.resolutions.includes(r)) { <em>(does not remove this conflict)</em> }</label>
                }
              </fieldset>
              <fieldset><legend>2. Details</legend>
                @switch (choice()) {
                  @case ('nat-translate') {
                    @if (preview(c); as n) { <p data-testid="nat-preview">{{ defaultSide(c)?.peerName }} {{ defaultSide(c)?.cidr }} will be seen as <strong class="mono">{{ n.translated }}</strong>: {{ n.example }}.</p> }
                    @else { <p class="muted">The control plane will pick a free translation range.</p> }
                  }
                  @case ('change-network') { <label>New LAN range <input name="newCidr" [(ngModel)]="newCidr" placeholder="192.168.50.0/24" required /></label> }
                  @case ('selective-routing') { <label>Ranges to keep routing (comma-separated) <input name="allowed" [(ngModel)]="allowed" placeholder="192.168.1.128/25" required /></label> }
                  @default { <p>{{ defaultSide(c)?.peerName }} {{ defaultSide(c)?.cidr }} will no longer be routed into the WAN.</p> }
                }
              </fieldset>
              <div class="row"><button type="submit" [disabled]="busy()">3. Apply</button><button type="button" (click)="wizard.set(null)">Cancel</button></div>
            </form>
          }
        </article>
      }
    </section>
  `,
  styles: `.bars { margin: 8px 0; } .track { display: grid; grid-template-columns: 260px 1fr; align-items: center; gap: 8px; margin: 3px 0; font-size: 0.85rem; }
           .line { position: relative; height: 14px; background: #eef1f5; border-radius: 3px; } .bar { position: absolute; top: 0; bottom: 0; border-radius: 3px; }
           .party { background: #0b57d0; } .overlap { background: repeating-linear-gradient(45deg, #b3261e, #b3261e 4px, #e4a7a3 4px, #e4a7a3 8px); }
           .choice { display: block; margin: 6px 0; } .wizard fieldset { border: 1px solid #d6dbe3; margin: 8px 0; }`,
})
export class ConflictsPage {
  readonly context = inject(WanContext);
  readonly auth = inject(AuthService);
  private readonly api = inject(ApiService);
  private readonly problems = inject(ProblemService);
  readonly text = RESOLUTION_TEXT;
  readonly allResolutions: ConflictResolution[] = ['nat-translate', 'isolate', 'change-network', 'selective-routing'];
  readonly defaultSide = defaultSide;
  readonly bars = overlapBars;
  readonly conflicts = signal<Conflict[]>([]);
  readonly peers = signal<Peer[]>([]);
  readonly loaded = signal(false);
  readonly busy = signal(false);
  readonly wizard = signal<Conflict | null>(null);
  readonly choice = signal<ConflictResolution>('nat-translate');
  readonly done = signal<ResolveConflictResponse | null>(null);
  readonly deployed = signal(false);
  readonly resolvedPeerIds = signal<string[]>([]);
  readonly deployable = computed(() => this.peers().filter((p) => this.resolvedPeerIds().includes(p.id) && isApiManaged(p)));
  newCidr = '';
  allowed = '';

  constructor() {
    effect(() => {
      const wanId = this.context.wanId();
      if (wanId) void this.load(wanId);
    });
    inject(EventsService).on('conflict.changed').subscribe(() => {
      const wanId = this.context.wanId();
      if (wanId) void this.load(wanId);
    });
  }

  preview(c: Conflict) {
    const side = defaultSide(c);
    const wan = this.context.wan();
    return side && wan ? natPreview(side, wan, this.peers()) : null;
  }

  async load(wanId: string): Promise<void> {
    try {
      const [conflicts, peers] = await Promise.all([this.api.conflicts(wanId), this.api.peers(wanId)]);
      this.conflicts.set(conflicts);
      this.peers.set(peers);
    } catch (error) {
      this.problems.show(error);
    } finally {
      this.loaded.set(true);
    }
  }

  start(c: Conflict): void {
    this.wizard.set(c);
    this.choice.set(c.resolutions[0] ?? 'isolate');
  }

  async apply(c: Conflict): Promise<void> {
    const side = defaultSide(c);
    const body: Record<string, unknown> = { resolution: this.choice(), ...(side?.subnetId ? { subnetId: side.subnetId } : {}) };
    if (this.choice() === 'change-network') body['newCidr'] = this.newCidr.trim();
    if (this.choice() === 'selective-routing') body['allowedCidrs'] = this.allowed.split(',').map((s) => s.trim()).filter(Boolean);
    this.busy.set(true);
    try {
      this.done.set(await this.api.resolveConflict(c.id, body));
      this.resolvedPeerIds.set(c.parties.flatMap((p) => (p.peerId ? [p.peerId] : [])));
      this.deployed.set(false);
      this.wizard.set(null);
      await this.load(c.wanId);
    } catch (error) {
      this.problems.show(error);
    } finally {
      this.busy.set(false);
    }
  }

  async deployNow(): Promise<void> {
    try {
      await Promise.all(this.deployable().map((p) => this.api.post<Job>(`/api/peers/${p.id}/mikrotik/deploy`, {})));
      this.deployed.set(true);
    } catch (error) {
      this.problems.show(error);
    }
  }
}
