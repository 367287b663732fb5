import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import { PEER_TYPES, type PeerType, type SubnetConflict } from '@wom/domain';
import { fieldReasons, type ProblemView } from '../../core/api-error.logic';
import type { Peer } from '../../core/api.models';
import { ApiService } from '../../core/api.service';
import { ProblemService } from '../../core/problem.service';
import { WanContext } from '../../core/wan-context.service';
import { wanPath } from '../../core/wan-path.logic';
import { TestConnectionComponent } from '../mikrotik/test-connection.component';
import { defaultMode, draftFromPeer, emptyDraft, liveConflicts, toPeerRequest, validateDraft, type PeerDraft } from './peer-form.logic';
import { WanLinkPipe } from '../../core/wan-link.pipe';

/** Add or edit a peer; MikroTik access only for MikroTik peers; conflicts shown while typing. */
@Component({
  selector: 'wom-peer-form',
  imports: [FormsModule, RouterLink, WanLinkPipe, MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatInputModule, MatProgressBarModule, MatSelectModule, TestConnectionComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page">
      <h1>{{ id() ? 'Edit peer ' + draft().name : 'Add peer' }}</h1>
      @if (id() && loadingPeer()) { <mat-progress-bar mode="indeterminate" aria-label="Loading the peer" /> }
      @if (loadProblem(); as p) {
        <div class="error-box" role="alert">Could not load the peer. {{ p.detail }} <button mat-stroked-button type="button" (click)="loadPeer()">Try again</button></div>
      }
      <form (ngSubmit)="save()" novalidate>
        <fieldset class="card">
          <legend>Peer</legend>
          <div class="form-grid">
            <mat-form-field><mat-label>Name</mat-label>
              <input matInput name="name" [ngModel]="draft().name" (ngModelChange)="patch({ name: $event })" required [attr.aria-invalid]="!!err('name')" />
              @if (err('name'); as e) { <mat-hint class="field-error">{{ e }}</mat-hint> }</mat-form-field>
            <mat-form-field><mat-label>Type</mat-label>
              <mat-select name="type" [ngModel]="draft().type" (ngModelChange)="setType($event)">@for (t of types; track t) { <mat-option [value]="t">{{ t }}</mat-option> }</mat-select>
              @if (err('type'); as e) { <mat-hint class="field-error">{{ e }}</mat-hint> }</mat-form-field>
            <mat-form-field><mat-label>Deployment</mat-label>
              <mat-select name="deploymentMode" [ngModel]="draft().deploymentMode" (ngModelChange)="patch({ deploymentMode: $event })">
                @for (m of modes(); track m) { <mat-option [value]="m">{{ m }}</mat-option> }
              </mat-select>
              @if (err('deploymentMode'); as e) { <mat-hint class="field-error">{{ e }}</mat-hint> }</mat-form-field>
            <mat-form-field><mat-label>Endpoint</mat-label>
              <input matInput name="endpoint" [ngModel]="draft().endpoint" (ngModelChange)="patch({ endpoint: $event })" placeholder="vpn.example.com:51820" [attr.aria-invalid]="!!err('endpoint')" />
              @if (err('endpoint'); as e) { <mat-hint class="field-error">{{ e }}</mat-hint> } @else { <mat-hint>host:port, when others can reach it</mat-hint> }</mat-form-field>
            <mat-form-field><mat-label>Listen port</mat-label>
              <input matInput name="listenPort" [ngModel]="draft().listenPort" (ngModelChange)="patch({ listenPort: $event })" inputmode="numeric" [attr.aria-invalid]="!!err('listenPort')" />
              @if (err('listenPort'); as e) { <mat-hint class="field-error">{{ e }}</mat-hint> }</mat-form-field>
            <mat-form-field><mat-label>Keepalive (s)</mat-label>
              <input matInput name="persistentKeepalive" [ngModel]="draft().persistentKeepalive" (ngModelChange)="patch({ persistentKeepalive: $event })" inputmode="numeric" [attr.aria-invalid]="!!err('persistentKeepalive')" />
              @if (err('persistentKeepalive'); as e) { <mat-hint class="field-error">{{ e }}</mat-hint> }</mat-form-field>
            <mat-form-field><mat-label>Tags</mat-label>
              <input matInput name="tags" [ngModel]="draft().tags" (ngModelChange)="patch({ tags: $event })" placeholder="eu, office" [attr.aria-invalid]="!!err('tags')" />
              @if (err('tags'); as e) { <mat-hint class="field-error">{{ e }}</mat-hint> } @else { <mat-hint>Comma-separated</mat-hint> }</mat-form-field>
          </div>
          <mat-form-field class="full"><mat-label>Public key</mat-label>
            <input matInput name="publicKey" class="mono" [ngModel]="draft().publicKey" (ngModelChange)="patch({ publicKey: $event })" [attr.aria-invalid]="!!err('publicKey')" />
            @if (err('publicKey'); as e) { <mat-hint class="field-error">{{ e }}</mat-hint> } @else { <mat-hint>Leave empty when the device makes its own key</mat-hint> }</mat-form-field>
        </fieldset>

        @if (draft().type === 'mikrotik' && draft().deploymentMode === 'mikrotik-api') {
          <fieldset class="card" data-testid="mikrotik-section">
            <legend>MikroTik router access</legend>
            <p class="muted">Use a dedicated RouterOS user with the read, write, api and rest-api policies. The password is stored encrypted and never shown again.</p>
            <div class="form-grid">
              <mat-form-field><mat-label>Management IP</mat-label>
              <input matInput name="managementIp" [ngModel]="draft().mikrotik.managementIp" (ngModelChange)="patchMikrotik({ managementIp: $event })" [attr.aria-invalid]="!!err('mikrotik.managementIp')" />
              @if (err('mikrotik.managementIp'); as e) { <mat-hint class="field-error">{{ e }}</mat-hint> }</mat-form-field>
              <mat-form-field><mat-label>API port</mat-label>
              <input matInput name="apiPort" [ngModel]="draft().mikrotik.apiPort" (ngModelChange)="patchMikrotik({ apiPort: $event })" inputmode="numeric" [attr.aria-invalid]="!!err('mikrotik.apiPort')" />
              @if (err('mikrotik.apiPort'); as e) { <mat-hint class="field-error">{{ e }}</mat-hint> }</mat-form-field>
              <mat-form-field><mat-label>User</mat-label>
              <input matInput name="routerUser" [ngModel]="draft().mikrotik.username" (ngModelChange)="patchMikrotik({ username: $event })" autocomplete="off" [attr.aria-invalid]="!!err('mikrotik.username')" />
              @if (err('mikrotik.username'); as e) { <mat-hint class="field-error">{{ e }}</mat-hint> }</mat-form-field>
              <mat-form-field><mat-label>Password</mat-label>
                <input matInput name="routerPassword" type="password" autocomplete="new-password" [ngModel]="draft().mikrotik.password" (ngModelChange)="patchMikrotik({ password: $event })" [placeholder]="id() ? 'unchanged' : ''" [attr.aria-invalid]="!!err('mikrotik.password')" />
                @if (err('mikrotik.password'); as e) { <mat-hint class="field-error">{{ e }}</mat-hint> }</mat-form-field>
              <mat-form-field><mat-label>Interface name</mat-label>
              <input matInput name="interfaceName" [ngModel]="draft().mikrotik.interfaceName" (ngModelChange)="patchMikrotik({ interfaceName: $event })" [attr.aria-invalid]="!!err('mikrotik.interfaceName')" />
              @if (err('mikrotik.interfaceName'); as e) { <mat-hint class="field-error">{{ e }}</mat-hint> }</mat-form-field>
            </div>
            <div class="checks">
              <mat-checkbox name="useSsl" [ngModel]="draft().mikrotik.useSsl" (ngModelChange)="patchMikrotik({ useSsl: $event })">HTTPS (www-ssl)</mat-checkbox>
              <mat-checkbox name="verifyCert" [ngModel]="draft().mikrotik.verifyCert" (ngModelChange)="patchMikrotik({ verifyCert: $event })">Verify certificate</mat-checkbox>
              <mat-checkbox name="autoDeploy" [ngModel]="draft().mikrotik.autoDeploy" (ngModelChange)="patchMikrotik({ autoDeploy: $event })">Auto-deploy changes</mat-checkbox>
            </div>
            @if (id()) { <wom-test-connection [peerId]="id()!" /> }
            @else { <p class="muted">Save the peer, then use Test Connection here or on its page.</p> }
          </fieldset>
        }

        <fieldset class="card">
          <legend>Local subnets</legend>
          @if (draft().subnets.length === 0) { <p class="muted">No local subnet: only this peer's own tunnel address is reachable.</p> }
          @for (subnet of draft().subnets; track $index; let i = $index) {
            <div class="subnet" role="group" [attr.aria-label]="'Subnet ' + (i + 1)">
              <mat-form-field><mat-label>CIDR</mat-label>
                <input matInput [name]="'cidr' + i" [ngModel]="subnet.cidr" (ngModelChange)="patchSubnet(i, { cidr: $event })" placeholder="192.168.10.0/24" [attr.aria-invalid]="!!err('subnets[' + i + '].cidr')" />
                @if (err('subnets[' + i + '].cidr'); as e) { <mat-hint class="field-error">{{ e }}</mat-hint> }</mat-form-field>
              <mat-checkbox [name]="'routed' + i" [ngModel]="subnet.isRouted" (ngModelChange)="patchSubnet(i, { isRouted: $event })">routed</mat-checkbox>
              <mat-checkbox [name]="'nat' + i" [ngModel]="subnet.natEnabled" (ngModelChange)="patchSubnet(i, { natEnabled: $event })">NAT</mat-checkbox>
              @if (subnet.natEnabled) {
                <mat-form-field><mat-label>Seen as</mat-label>
                  <input matInput [name]="'natCidr' + i" [ngModel]="subnet.natTranslatedCidr" (ngModelChange)="patchSubnet(i, { natTranslatedCidr: $event })" placeholder="auto" [attr.aria-invalid]="!!err('subnets[' + i + '].natTranslatedCidr')" />
                  @if (err('subnets[' + i + '].natTranslatedCidr'); as e) { <mat-hint class="field-error">{{ e }}</mat-hint> }</mat-form-field>
              }
              <mat-form-field><mat-label>Description</mat-label><input matInput [name]="'desc' + i" [ngModel]="subnet.description" (ngModelChange)="patchSubnet(i, { description: $event })" />
                @if (err('subnets[' + i + '].description'); as e) { <mat-hint class="field-error">{{ e }}</mat-hint> }</mat-form-field>
              <button mat-button type="button" (click)="removeSubnet(i)" [attr.aria-label]="'Remove subnet ' + (i + 1)">Remove</button>
            </div>
          }
          <button mat-stroked-button type="button" (click)="addSubnet()">Add subnet</button>
          @for (c of conflicts(); track c.id) {
            <div class="warn-box" role="status" data-testid="conflict-warning"><strong>{{ c.severity === 'critical' ? 'Critical conflict' : 'Overlap' }}:</strong> {{ c.message }}
              <span>Ways out: {{ c.resolutions.join(', ') }}.</span></div>
          }
        </fieldset>

        @if (submitted() && errorList().length > 0) {
          <div class="error-box" role="alert"><strong>Some fields need attention</strong>
            <ul>@for (e of errorList(); track e[0]) { <li><span class="mono">{{ e[0] }}</span>: {{ e[1] }}</li> }</ul></div>
        }
        <div class="row"><button mat-flat-button type="submit" [disabled]="busy()">{{ id() ? 'Save peer' : 'Create peer' }}</button>
          <a mat-button [routerLink]="(id() ? ['peers', id()] : ['peers']) | wanLink">Cancel</a></div>
      </form>
    </section>
  `,
  styles: `fieldset { border: 1px solid var(--wom-border); min-width: 0; } legend { font-weight: 600; padding: 0 4px; } .full { width: 100%; }
           .checks { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 4px 0 8px; }
           .subnet { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 12px; margin-bottom: 8px; } .subnet mat-form-field { flex: 1 1 180px; min-width: 0; }`,
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
  readonly loadingPeer = signal(false);
  readonly loadProblem = signal<ProblemView | null>(null);
  /** The reason shown under a field: the form's own check after a submit, else the API's. */
  err(field: string): string | undefined {
    return this.shownErrors()[field];
  }
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
      if (this.id()) void this.loadPeer();
    });
  }

  /** The peer being edited; a failure shows with a retry instead of an empty form that would overwrite it. */
  async loadPeer(): Promise<void> {
    const id = this.id();
    if (!id) return;
    this.loadingPeer.set(true);
    this.loadProblem.set(null);
    try {
      this.draft.set(draftFromPeer(await this.api.peer(id)));
    } catch (error) {
      this.loadProblem.set(this.problems.describe(error));
    } finally {
      this.loadingPeer.set(false);
    }
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
    if (this.busy() || this.loadingPeer() || this.loadProblem()) return;
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
      await this.router.navigate(wanPath(peer.wanId, 'peers', peer.id));
    } catch (error) {
      this.serverErrors.set(fieldReasons(this.problems.show(error)));
    } finally {
      this.busy.set(false);
    }
  }
}

