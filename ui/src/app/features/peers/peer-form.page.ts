import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { PEER_TYPES, type PeerType, type SubnetConflict } from '@wom/domain';
import { fieldReasons } from '../../core/api-error.logic';
import type { Peer } from '../../core/api.models';
import { ApiService } from '../../core/api.service';
import { ProblemService } from '../../core/problem.service';
import { WanContext } from '../../core/wan-context.service';
import { TestConnectionComponent } from '../mikrotik/test-connection.component';
import { defaultMode, draftFromPeer, emptyDraft, liveConflicts, toPeerRequest, validateDraft, type PeerDraft } from './peer-form.logic';

/** Add or edit a peer; MikroTik access only for MikroTik peers; conflicts shown while typing. */
@Component({
  selector: 'wom-peer-form',
  imports: [FormsModule, RouterLink, TestConnectionComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page">
      <h1>{{ id() ? 'Edit peer ' + draft().name : 'Add peer' }}</h1>
      <form (ngSubmit)="save()" novalidate>
        <fieldset class="card">
          <legend>Peer</legend>
          <div class="row">
            <label>Name <input name="name" [ngModel]="draft().name" (ngModelChange)="patch({ name: $event })" required [attr.aria-invalid]="!!shownErrors()['name']" /></label>
            <label>Type
              <select name="type" [ngModel]="draft().type" (ngModelChange)="setType($event)">@for (t of types; track t) { <option [value]="t">{{ t }}</option> }</select>
            </label>
            <label>Deployment
              <select name="deploymentMode" [ngModel]="draft().deploymentMode" (ngModelChange)="patch({ deploymentMode: $event })">
                @for (m of modes(); track m) { <option [value]="m">{{ m }}</option> }
              </select>
            </label>
            <label>Endpoint <input name="endpoint" [ngModel]="draft().endpoint" (ngModelChange)="patch({ endpoint: $event })" placeholder="vpn.example.com:51820" /></label>
            <label>Listen port <input name="listenPort" inputmode="numeric" [ngModel]="draft().listenPort" (ngModelChange)="patch({ listenPort: $event })" size="6" /></label>
            <label>Keepalive (s) <input name="persistentKeepalive" inputmode="numeric" [ngModel]="draft().persistentKeepalive" (ngModelChange)="patch({ persistentKeepalive: $event })" size="4" /></label>
            <label>Tags <input name="tags" [ngModel]="draft().tags" (ngModelChange)="patch({ tags: $event })" placeholder="eu, office" /></label>
          </div>
          <label>Public key (leave empty when the device makes its own) <input name="publicKey" size="50" [ngModel]="draft().publicKey" (ngModelChange)="patch({ publicKey: $event })" /></label>
        </fieldset>

        @if (draft().type === 'mikrotik' && draft().deploymentMode === 'mikrotik-api') {
          <fieldset class="card" data-testid="mikrotik-section">
            <legend>MikroTik router access</legend>
            <p class="muted">Use a dedicated RouterOS user with the read, write, api and rest-api policies. The password is stored encrypted and never shown again.</p>
            <div class="row">
              <label>Management IP <input name="managementIp" [ngModel]="draft().mikrotik.managementIp" (ngModelChange)="patchMikrotik({ managementIp: $event })" /></label>
              <label>API port <input name="apiPort" inputmode="numeric" size="6" [ngModel]="draft().mikrotik.apiPort" (ngModelChange)="patchMikrotik({ apiPort: $event })" /></label>
              <label>User <input name="routerUser" autocomplete="off" [ngModel]="draft().mikrotik.username" (ngModelChange)="patchMikrotik({ username: $event })" /></label>
              <label>Password <input name="routerPassword" type="password" autocomplete="new-password" [ngModel]="draft().mikrotik.password" (ngModelChange)="patchMikrotik({ password: $event })" [placeholder]="id() ? 'unchanged' : ''" /></label>
              <label><input type="checkbox" name="useSsl" [ngModel]="draft().mikrotik.useSsl" (ngModelChange)="patchMikrotik({ useSsl: $event })" /> HTTPS (www-ssl)</label>
              <label><input type="checkbox" name="verifyCert" [ngModel]="draft().mikrotik.verifyCert" (ngModelChange)="patchMikrotik({ verifyCert: $event })" /> Verify certificate</label>
              <label><input type="checkbox" name="autoDeploy" [ngModel]="draft().mikrotik.autoDeploy" (ngModelChange)="patchMikrotik({ autoDeploy: $event })" /> Auto-deploy changes</label>
              <label>Interface name <input name="interfaceName" size="15" [ngModel]="draft().mikrotik.interfaceName" (ngModelChange)="patchMikrotik({ interfaceName: $event })" /></label>
            </div>
            @if (id()) { <wom-test-connection [peerId]="id()!" /> }
            @else { <p class="muted">Save the peer, then use Test Connection here or on its page.</p> }
          </fieldset>
        }

        <fieldset class="card">
          <legend>Local subnets</legend>
          @for (subnet of draft().subnets; track $index; let i = $index) {
            <div class="row subnet">
              <label>CIDR <input [name]="'cidr' + i" [ngModel]="subnet.cidr" (ngModelChange)="patchSubnet(i, { cidr: $event })" placeholder="192.168.10.0/24" /></label>
              <label><input type="checkbox" [name]="'routed' + i" [ngModel]="subnet.isRouted" (ngModelChange)="patchSubnet(i, { isRouted: $event })" /> routed</label>
              <label><input type="checkbox" [name]="'nat' + i" [ngModel]="subnet.natEnabled" (ngModelChange)="patchSubnet(i, { natEnabled: $event })" /> NAT</label>
              @if (subnet.natEnabled) { <label>Seen as <input [name]="'natCidr' + i" [ngModel]="subnet.natTranslatedCidr" (ngModelChange)="patchSubnet(i, { natTranslatedCidr: $event })" placeholder="auto" /></label> }
              <label>Description <input [name]="'desc' + i" [ngModel]="subnet.description" (ngModelChange)="patchSubnet(i, { description: $event })" /></label>
              <button type="button" (click)="removeSubnet(i)" [attr.aria-label]="'Remove subnet ' + (i + 1)">Remove</button>
              @if (shownErrors()['subnets[' + i + '].cidr']; as e) { <div class="warn-box">{{ e }}</div> }
            </div>
          }
          <button type="button" (click)="addSubnet()">Add subnet</button>
          @for (c of conflicts(); track c.id) {
            <div class="warn-box" role="status" data-testid="conflict-warning"><strong>{{ c.severity === 'critical' ? 'Critical conflict' : 'Overlap' }}:</strong> {{ c.message }}
              <span class="muted">Ways out: {{ c.resolutions.join(', ') }}.</span></div>
          }
        </fieldset>

        @if (submitted() && errorList().length > 0) {
          <div class="error-box" role="alert"><strong>Some fields need attention</strong>
            <ul>@for (e of errorList(); track e[0]) { <li><span class="mono">{{ e[0] }}</span>: {{ e[1] }}</li> }</ul></div>
        }
        <div class="row"><button type="submit" [disabled]="busy()">{{ id() ? 'Save peer' : 'Create peer' }}</button><a [routerLink]="id() ? ['/peers', id()] : ['/peers']">Cancel</a></div>
      </form>
    </section>
  `,
  styles: `fieldset { border: 1px solid #d6dbe3; } legend { font-weight: 600; } label { display: inline-flex; flex-direction: column; gap: 2px; } .subnet { margin-bottom: 8px; }`,
})
export class PeerFormPage {
  readonly id = input<string>();
  private readonly api = inject(ApiService);
  private readonly problems = inject(ProblemService);
  private readonly router = inject(Router);
  readonly context = inject(WanContext);
  readonly types = PEER_TYPES;
  readonly draft = signal<PeerDraft>(emptyDraft());
  readonly others = signal<Peer[]>([]);
  readonly busy = signal(false);
  readonly submitted = signal(false);
  readonly serverErrors = signal<Record<string, string>>({});
  readonly errors = computed(() => validateDraft(this.draft(), !!this.id()));
  readonly shownErrors = computed(() => (this.submitted() ? { ...this.serverErrors(), ...this.errors() } : this.serverErrors()));
  readonly errorList = computed(() => Object.entries(this.shownErrors()));
  readonly conflicts = computed<SubnetConflict[]>(() => {
    const wan = this.context.wan();
    return wan ? liveConflicts(this.draft(), wan, this.others(), this.id() ?? 'draft') : [];
  });
  readonly modes = computed(() => (this.draft().type === 'mikrotik' ? ['mikrotik-api', 'mikrotik-script', 'config-file'] : ['agent', 'config-file']));

  constructor() {
    effect(() => {
      const wanId = this.context.wanId();
      if (wanId) void this.api.peers(wanId).then((peers) => this.others.set(peers), (error) => this.problems.show(error));
    });
    effect(() => {
      const id = this.id();
      if (id) void this.api.peer(id).then((peer) => this.draft.set(draftFromPeer(peer)), (error) => this.problems.show(error));
    });
  }

  patch(change: Partial<PeerDraft>): void {
    this.draft.update((d) => ({ ...d, ...change }));
  }
  patchMikrotik(change: Partial<PeerDraft['mikrotik']>): void {
    this.draft.update((d) => ({ ...d, mikrotik: { ...d.mikrotik, ...change } }));
  }
  setType(type: PeerType): void {
    this.patch({ type, deploymentMode: defaultMode(type) });
  }
  patchSubnet(index: number, change: Partial<PeerDraft['subnets'][number]>): void {
    this.draft.update((d) => ({ ...d, subnets: d.subnets.map((s, i) => (i === index ? { ...s, ...change } : s)) }));
  }
  addSubnet(): void {
    this.draft.update((d) => ({ ...d, subnets: [...d.subnets, { cidr: '', isRouted: true, natEnabled: false, natTranslatedCidr: '', description: '' }] }));
  }
  removeSubnet(index: number): void {
    this.draft.update((d) => ({ ...d, subnets: d.subnets.filter((_, i) => i !== index) }));
  }

  async save(): Promise<void> {
    this.submitted.set(true);
    if (Object.keys(this.errors()).length > 0) return;
    const wanId = this.context.wanId();
    if (!wanId) return;
    this.busy.set(true);
    try {
      const body = toPeerRequest(this.draft(), !!this.id());
      const id = this.id();
      const peer = id ? await this.api.updatePeer(id, body) : await this.api.createPeer(wanId, body);
      this.problems.clear();
      await this.router.navigate(['/peers', peer.id]);
    } catch (error) {
      this.serverErrors.set(fieldReasons(this.problems.show(error)));
    } finally {
      this.busy.set(false);
    }
  }
}

