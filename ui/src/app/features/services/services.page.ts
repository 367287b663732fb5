import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { SERVICE_PROTOCOLS } from '@wom/domain';
import { fieldReasons } from '../../core/api-error.logic';
import type { Peer, Service } from '../../core/api.models';
import { ApiService } from '../../core/api.service';
import { AuthService } from '../../core/auth.service';
import { copyText } from '../../core/download.util';
import { ProblemService } from '../../core/problem.service';
import { ConnectionService } from '../../core/connection.service';
import { EventsService } from '../../core/events.service';
import { debounceTime } from 'rxjs';
import { removalChanges, type RemovalPreview } from '../../shared/removal-preview.logic';
import { WanContext } from '../../core/wan-context.service';
import { filterServices, sharedAddress, type ServiceFilter } from './service-filter.logic';
import { WanLinkPipe } from '../../core/wan-link.pipe';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { confirmChange } from '../../shared/confirm-dialog.component';
import { asNumber, serviceProblems } from '../../shared/form-rules.logic';
import { LoadState } from '../../shared/load-state';
import { LoadStateComponent } from '../../shared/load-state.component';

/** The service registry: every published service, filters, copy of the shared address, publish form. */
@Component({
  selector: 'wom-services',
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, RouterLink, WanLinkPipe, LoadStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page">
      <h1>Services</h1>
      <div class="filters card" role="search" aria-label="Filter services">
        <mat-form-field subscriptSizing="dynamic"><mat-label>Peer</mat-label>
          <mat-select aria-label="Filter by peer" [value]="filter().peerId" (valueChange)="setFilter({ peerId: $event })"><mat-option value="">any</mat-option>@for (p of peers(); track p.id) { <mat-option [value]="p.id">{{ p.name }}</mat-option> }</mat-select></mat-form-field>
        <mat-form-field subscriptSizing="dynamic"><mat-label>Protocol</mat-label>
          <mat-select aria-label="Filter by protocol" [value]="filter().protocol" (valueChange)="setFilter({ protocol: $event })"><mat-option value="">any</mat-option>@for (p of protocols; track p) { <mat-option [value]="p">{{ p }}</mat-option> }</mat-select></mat-form-field>
        <mat-form-field subscriptSizing="dynamic"><mat-label>IP range</mat-label>
          <input matInput aria-label="Filter by IP range" [value]="filter().range" (input)="setFilter({ range: $any($event.target).value })" placeholder="10.0.5.0/24" /></mat-form-field>
      </div>
      <wom-load-state [state]="load" what="services" (retry)="reload()" />
      @if (load.loaded() && services().length === 0) { <p class="empty">No published services. Publish one below to make a LAN host reachable across the WAN.</p> }
      @else if (load.loaded() && shown().length === 0) { <p class="empty">No service matches these filters.</p> }
      @else if (shown().length > 0) {
        <div class="table-scroll">
          <table class="data" aria-label="Published services">
            <thead><tr><th scope="col">Name</th><th scope="col">Peer</th><th scope="col">Shared address</th><th scope="col">Local address</th><th scope="col">Protocol</th><th scope="col">NAT rule</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
            <tbody>@for (s of shown(); track s.id) {
              <tr [attr.data-service]="s.name"><td>{{ s.name }}</td><td><a [routerLink]="['peers', s.peerId] | wanLink">{{ nameOf(s.peerId) }}</a></td>
                <td class="mono nowrap">{{ shared(s) }} <button mat-button type="button" (click)="copy(s)" [attr.aria-label]="'Copy ' + shared(s)">Copy</button></td>
                <td class="mono">{{ s.localIp }}:{{ s.localPort }}</td><td>{{ s.protocol }}</td>
                <td>@if (isMikrotik(s.peerId)) { <span class="badge" [class.neutral]="!s.natRuleStatus">{{ s.natRuleStatus ?? (s.isActive ? 'deployed with the router' : 'inactive') }}</span> } @else { <span class="muted">n/a</span> }</td>
                <td>@if (auth.canOperate()) { <button mat-stroked-button type="button" [attr.data-unpublish]="s.name" (click)="remove(s)" [disabled]="removing()">Unpublish…</button> }</td></tr>
            }</tbody>
          </table>
        </div>
      }
      @if (auth.canOperate()) {
        <form class="card" (ngSubmit)="publish()" novalidate aria-labelledby="publish-h">
          <h2 id="publish-h">Publish a service</h2>
          <div class="form-grid">
            <mat-form-field><mat-label>Hosted by</mat-label>
              <mat-select name="peer" aria-label="Peer hosting the service" [(ngModel)]="draft.peerId" required>@for (p of peers(); track p.id) { <mat-option [value]="p.id">{{ p.name }}</mat-option> }</mat-select>
              @if (errors()['peerId']; as e) { <mat-hint class="field-error">{{ e }}</mat-hint> }</mat-form-field>
            <mat-form-field><mat-label>Name</mat-label><input matInput name="svcName" [(ngModel)]="draft.name" required [attr.aria-invalid]="!!errors()['name']" />
              @if (errors()['name']; as e) { <mat-hint class="field-error">{{ e }}</mat-hint> }</mat-form-field>
            <mat-form-field><mat-label>Local IP</mat-label><input matInput name="localIp" [(ngModel)]="draft.localIp" placeholder="192.168.1.10" required [attr.aria-invalid]="!!errors()['localIp']" />
              @if (errors()['localIp']; as e) { <mat-hint class="field-error">{{ e }}</mat-hint> }</mat-form-field>
            <mat-form-field><mat-label>Local port</mat-label><input matInput name="localPort" inputmode="numeric" [(ngModel)]="draft.localPort" required [attr.aria-invalid]="!!errors()['localPort']" />
              @if (errors()['localPort']; as e) { <mat-hint class="field-error">{{ e }}</mat-hint> }</mat-form-field>
            <mat-form-field><mat-label>Shared port</mat-label><input matInput name="sharedPort" inputmode="numeric" [(ngModel)]="draft.sharedPort" placeholder="same" [attr.aria-invalid]="!!errors()['sharedPort']" />
              @if (errors()['sharedPort']; as e) { <mat-hint class="field-error">{{ e }}</mat-hint> } @else { <mat-hint>Empty: the local port</mat-hint> }</mat-form-field>
            <mat-form-field><mat-label>Protocol</mat-label><mat-select name="protocol" [(ngModel)]="draft.protocol">@for (p of protocols; track p) { <mat-option [value]="p">{{ p }}</mat-option> }</mat-select>
              @if (errors()['protocol']; as e) { <mat-hint class="field-error">{{ e }}</mat-hint> }</mat-form-field>
          </div>
          <div class="row"><button mat-flat-button type="submit" [disabled]="publishing()">Publish</button></div>
          @if (published(); as s) { <div class="ok-box" role="status" data-testid="published">{{ s.name }} is reachable at <span class="mono">{{ shared(s) }}</span>.</div> }
        </form>
      }
    </section>
  `,
  styles: `.filters { display: flex; flex-wrap: wrap; gap: 8px 12px; } .filters mat-form-field { flex: 1 1 150px; min-width: 0; } .nowrap { white-space: nowrap; } form.card { margin-top: 16px; }`,
})
export class ServicesPage {
  readonly context = inject(WanContext);
  readonly auth = inject(AuthService);
  private readonly api = inject(ApiService);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  readonly removing = signal(false);
  private readonly problems = inject(ProblemService);
  readonly protocols = SERVICE_PROTOCOLS;
  readonly shared = sharedAddress;
  readonly services = signal<Service[]>([]);
  readonly peers = signal<Peer[]>([]);
  readonly load = new LoadState((error) => this.problems.describe(error));
  readonly publishing = signal(false);
  readonly filter = signal<ServiceFilter>({ peerId: '', protocol: '', range: '' });
  readonly shown = computed(() => filterServices(this.services(), this.filter()));
  readonly errors = signal<Record<string, string>>({});
  readonly published = signal<Service | null>(null);
  draft = { peerId: '', name: '', localIp: '', localPort: '', sharedPort: '', protocol: 'tcp' };

  constructor() {
    effect(() => {
      const wanId = this.context.wanId();
      if (wanId) void this.loadAll(wanId);
    });
    // Services published, changed or removed anywhere (another console, the API) show without a reload.
    inject(EventsService)
      .onWan(() => this.context.wanId(), 'config.changed')
      .pipe(debounceTime(200), takeUntilDestroyed())
      .subscribe(() => this.reload());
    // Back from an outage: what is shown may be stale.
    inject(ConnectionService).reconnected.pipe(takeUntilDestroyed()).subscribe(() => {
      const wanId = this.context.wanId();
      if (wanId) void this.loadAll(wanId);
    });
  }

  setFilter(change: Partial<ServiceFilter>): void {
    this.filter.update((f) => ({ ...f, ...change }));
  }
  nameOf(id: string): string {
    return this.peers().find((p) => p.id === id)?.name ?? id.slice(0, 8);
  }
  isMikrotik(id: string): boolean {
    return this.peers().find((p) => p.id === id)?.type === 'mikrotik';
  }

  /** The services and the peers that may host one; a failure shows with a retry, not as an empty list. */
  loadAll(wanId: string): Promise<void> {
    return this.load.run(async () => {
      const [services, peers] = await Promise.all([this.api.services(wanId), this.api.peers(wanId)]);
      this.services.set(services);
      this.peers.set(peers.sort((a, b) => a.name.localeCompare(b.name)));
    });
  }

  reload(): void {
    const wanId = this.context.wanId();
    if (wanId) void this.loadAll(wanId);
  }

  async copy(s: Service): Promise<void> {
    const copied = await copyText(sharedAddress(s));
    this.snackBar.open(copied ? `Copied ${sharedAddress(s)}.` : 'Copying failed: select the address and copy it by hand.', 'OK', { duration: 4000 });
  }

  /** Checked as the API checks; sent once (the button is disabled while it is in flight). */
  async publish(): Promise<void> {
    if (this.publishing()) return;
    const problems = serviceProblems(this.draft);
    this.errors.set(problems);
    if (Object.keys(problems).length > 0) return;
    const body: Record<string, unknown> = { name: this.draft.name.trim(), localIp: this.draft.localIp.trim(), localPort: asNumber(this.draft.localPort), protocol: this.draft.protocol };
    if (this.draft.sharedPort.trim()) body['sharedPort'] = asNumber(this.draft.sharedPort);
    this.publishing.set(true);
    try {
      this.published.set(await this.api.publishService(this.draft.peerId, body));
      this.errors.set({});
      this.problems.clear();
      await this.loadAll(this.context.wanId()!);
    } catch (error) {
      this.errors.set(fieldReasons(this.problems.show(error)));
    } finally {
      this.publishing.set(false);
    }
  }

  /** Unpublishing is confirmed by typing the service's name; the dialog says what leaves which device. */
  async remove(s: Service): Promise<void> {
    if (this.removing()) return;
    this.removing.set(true);
    try {
      const owner = this.peers().find((p) => p.id === s.peerId)?.name ?? 'its peer';
      const answer = await confirmChange(this.dialog, {
        title: `Unpublish service ${s.name}`,
        confirmLabel: `Unpublish service ${s.name}`,
        destructive: true,
        typeToConfirm: s.name,
        // The API runs the delete and rolls it back, so the devices listed are exactly those the delete changes.
        preview: async () => {
          const changes = removalChanges(await this.api.get<RemovalPreview>(`/api/services/${s.id}/removal-preview`));
          const forward = { device: owner, lines: [{ kind: 'remove' as const, text: `port forward ${sharedAddress(s)} → ${s.localIp}:${s.localPort} (${s.protocol})` }] };
          return { summary: `${sharedAddress(s)} stops answering and is freed. ${changes.summary}`, devices: [forward, ...changes.devices] };
        },
        confirm: async () => ((await this.api.deleteService(s.id)) as { jobIds?: string[] } | null) ?? {},
      });
      if (!answer) return;
      this.snackBar.open(`${s.name} unpublished${answer.jobIds?.length ? `; ${answer.jobIds.length} router(s) being redeployed` : ''}.`, 'OK', { duration: 6000 });
      await this.loadAll(this.context.wanId()!);
    } catch (error) {
      this.problems.show(error);
    } finally {
      this.removing.set(false);
    }
  }
}
