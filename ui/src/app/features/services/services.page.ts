import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { KeyValuePipe } from '@angular/common';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';
import { SERVICE_PROTOCOLS } from '@wom/domain';
import { fieldReasons } from '../../core/api-error.logic';
import type { Peer, Service } from '../../core/api.models';
import { ApiService } from '../../core/api.service';
import { AuthService } from '../../core/auth.service';
import { copyText } from '../../core/download.util';
import { ProblemService } from '../../core/problem.service';
import { WanContext } from '../../core/wan-context.service';
import { filterServices, sharedAddress, type ServiceFilter } from './service-filter.logic';

/** The service registry: every published service, filters, copy of the shared address, publish form. */
@Component({
  selector: 'wom-services',
  imports: [FormsModule, RouterLink, KeyValuePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page">
      <h1>Services</h1>
      <div class="row card" role="search">
        <label>Peer <select aria-label="Filter by peer" [ngModel]="filter().peerId" (ngModelChange)="setFilter({ peerId: $event })"><option value="">any</option>@for (p of peers(); track p.id) { <option [value]="p.id">{{ p.name }}</option> }</select></label>
        <label>Protocol <select aria-label="Filter by protocol" [ngModel]="filter().protocol" (ngModelChange)="setFilter({ protocol: $event })"><option value="">any</option>@for (p of protocols; track p) { <option [value]="p">{{ p }}</option> }</select></label>
        <label>IP range <input aria-label="Filter by IP range" [ngModel]="filter().range" (ngModelChange)="setFilter({ range: $event })" placeholder="10.0.5.0/24" /></label>
      </div>
      @if (services().length === 0 && loaded()) { <p class="empty">No published services. Publish one below to make a LAN host reachable across the WAN.</p> }
      @else {
        <table class="data" aria-label="Published services">
          <thead><tr><th>Name</th><th>Peer</th><th>Shared address</th><th>Local address</th><th>Protocol</th><th>NAT rule</th><th></th></tr></thead>
          <tbody>@for (s of shown(); track s.id) {
            <tr [attr.data-service]="s.name"><td>{{ s.name }}</td><td><a [routerLink]="['/peers', s.peerId]">{{ nameOf(s.peerId) }}</a></td>
              <td class="mono">{{ shared(s) }} <button type="button" (click)="copy(s)" [attr.aria-label]="'Copy ' + shared(s)">Copy</button></td>
              <td class="mono">{{ s.localIp }}:{{ s.localPort }}</td><td>{{ s.protocol }}</td>
              <td>@if (isMikrotik(s.peerId)) { <span class="badge" [class.neutral]="!s.natRuleStatus">{{ s.natRuleStatus ?? (s.isActive ? 'deployed with the router' : 'inactive') }}</span> } @else { <span class="muted">n/a</span> }</td>
              <td>@if (auth.canOperate()) { <button type="button" (click)="remove(s)">Unpublish</button> }</td></tr>
          }</tbody>
        </table>
      }
      @if (copied()) { <p role="status">Copied {{ copied() }}.</p> }
      @if (auth.canOperate()) {
        <form class="card" (ngSubmit)="publish()" aria-labelledby="publish-h" style="margin-top:16px">
          <h2 id="publish-h">Publish a service</h2>
          <div class="row">
            <label>Hosted by <select name="peer" aria-label="Peer hosting the service" [(ngModel)]="draft.peerId" required><option value="" disabled>choose…</option>@for (p of peers(); track p.id) { <option [value]="p.id">{{ p.name }}</option> }</select></label>
            <label>Name <input name="svcName" [(ngModel)]="draft.name" required /></label>
            <label>Local IP <input name="localIp" [(ngModel)]="draft.localIp" placeholder="192.168.1.10" required /></label>
            <label>Local port <input name="localPort" inputmode="numeric" size="6" [(ngModel)]="draft.localPort" required /></label>
            <label>Shared port <input name="sharedPort" inputmode="numeric" size="6" [(ngModel)]="draft.sharedPort" placeholder="same" /></label>
            <label>Protocol <select name="protocol" [(ngModel)]="draft.protocol">@for (p of protocols; track p) { <option [value]="p">{{ p }}</option> }</select></label>
            <button type="submit">Publish</button>
          </div>
          @for (e of errors() | keyvalue; track e.key) { <div class="warn-box">{{ e.key }}: {{ e.value }}</div> }
          @if (published(); as s) { <div class="ok-box" role="status" data-testid="published">{{ s.name }} is reachable at <span class="mono">{{ shared(s) }}</span>.</div> }
        </form>
      }
    </section>
  `,
})
export class ServicesPage {
  readonly context = inject(WanContext);
  readonly auth = inject(AuthService);
  private readonly api = inject(ApiService);
  private readonly problems = inject(ProblemService);
  readonly protocols = SERVICE_PROTOCOLS;
  readonly shared = sharedAddress;
  readonly services = signal<Service[]>([]);
  readonly peers = signal<Peer[]>([]);
  readonly loaded = signal(false);
  readonly filter = signal<ServiceFilter>({ peerId: '', protocol: '', range: '' });
  readonly shown = computed(() => filterServices(this.services(), this.filter()));
  readonly copied = signal<string | null>(null);
  readonly errors = signal<Record<string, string>>({});
  readonly published = signal<Service | null>(null);
  draft = { peerId: '', name: '', localIp: '', localPort: '', sharedPort: '', protocol: 'tcp' };

  constructor() {
    effect(() => {
      const wanId = this.context.wanId();
      if (wanId) void this.load(wanId);
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

  async load(wanId: string): Promise<void> {
    try {
      const [services, peers] = await Promise.all([this.api.services(wanId), this.api.peers(wanId)]);
      this.services.set(services);
      this.peers.set(peers.sort((a, b) => a.name.localeCompare(b.name)));
    } catch (error) {
      this.problems.show(error);
    } finally {
      this.loaded.set(true);
    }
  }

  async copy(s: Service): Promise<void> {
    if (await copyText(sharedAddress(s))) this.copied.set(sharedAddress(s));
  }

  async publish(): Promise<void> {
    const number = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : text.trim());
    const body: Record<string, unknown> = { name: this.draft.name.trim(), localIp: this.draft.localIp.trim(), localPort: number(this.draft.localPort), protocol: this.draft.protocol };
    if (this.draft.sharedPort.trim()) body['sharedPort'] = number(this.draft.sharedPort);
    if (!this.draft.peerId) {
      this.errors.set({ peer: 'Choose the peer whose LAN hosts the service.' });
      return;
    }
    try {
      this.published.set(await this.api.publishService(this.draft.peerId, body));
      this.errors.set({});
      this.problems.clear();
      await this.load(this.context.wanId()!);
    } catch (error) {
      this.errors.set(fieldReasons(this.problems.show(error)));
    }
  }

  async remove(s: Service): Promise<void> {
    if (!confirm(`Unpublish ${s.name}? ${sharedAddress(s)} stops answering.`)) return;
    try {
      await this.api.deleteService(s.id);
      await this.load(this.context.wanId()!);
    } catch (error) {
      this.problems.show(error);
    }
  }
}
