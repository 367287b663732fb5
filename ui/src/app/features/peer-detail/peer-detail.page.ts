import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import type { HistoryVersion, Peer, PeerStatus, Service } from '../../core/api.models';
import { ApiService } from '../../core/api.service';
import { AuthService } from '../../core/auth.service';
import { blobToDataUrl, copyText, fileSafe, saveBlob } from '../../core/download.util';
import { EventsService } from '../../core/events.service';
import { ProblemService } from '../../core/problem.service';
import { DeployPanelComponent } from '../mikrotik/deploy-panel.component';
import { RouterHealthComponent } from '../mikrotik/router-health.component';
import { TestConnectionComponent } from '../mikrotik/test-connection.component';
import { ago, isApiManaged, removalView } from '../peers/peer-filter.logic';
import { formatBytes } from './format.logic';
import { PeerAgentComponent } from './peer-agent.component';

/** One peer: configuration, its agent, subnets and services, status, generated config and MikroTik deployment. */
@Component({
  selector: 'wom-peer-detail',
  imports: [RouterLink, DeployPanelComponent, PeerAgentComponent, RouterHealthComponent, TestConnectionComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (peer(); as p) {
      <section class="page">
        <div class="row"><h1 class="grow">{{ p.name }} <span class="badge" [class.online]="p.isOnline" [class.offline]="!p.isOnline">{{ p.isOnline ? 'online' : 'offline' }}</span></h1>
          @if (auth.canOperate()) { <a [routerLink]="['/peers', p.id, 'edit']">Edit</a> <button type="button" (click)="remove(p)">Delete</button> }
        </div>
        <div class="cards">
          <div class="card"><div class="muted">Type</div><div>{{ p.type }} · {{ p.deploymentMode }}</div></div>
          <div class="card"><div class="muted">Tunnel IP</div><div class="mono">{{ p.tunnelIp }}</div></div>
          <div class="card"><div class="muted">Endpoint</div><div class="mono">{{ p.endpoint ?? 'none (dials out)' }}</div></div>
          <div class="card"><div class="muted">Last seen</div><div>{{ ago(p.lastSeen) }}</div></div>
          <div class="card"><div class="muted">Revision applied / desired</div><div>{{ p.appliedRevision }} / {{ p.desiredRevision }}</div></div>
        </div>
        @if (removalView(p.removal); as removal) {
          <div class="warn-box" role="status">{{ removal.detail }}
            @if (auth.canOperate()) { <button type="button" (click)="forget(p)">Forget it now</button> }
          </div>
        }
        @if (p.pendingManualApplication) { <div class="warn-box">A newer configuration waits to be applied by hand on this device. Download it below.</div> }
        <wom-peer-agent [peer]="p" />

        <section class="card" aria-labelledby="subnets-h"><h2 id="subnets-h">Local subnets</h2>
          @if (p.subnets.length === 0) { <p class="muted">No local subnets. Add them with Edit if this peer routes a LAN.</p> }
          <ul>@for (s of p.subnets; track s.id) { <li class="mono">{{ s.cidr }} @if (s.natEnabled) { → seen as {{ s.natTranslatedCidr }} } @if (!s.isRouted) { (not routed) } <span class="muted">{{ s.description }}</span></li> }</ul>
        </section>

        <section class="card" aria-labelledby="services-h"><h2 id="services-h">Published services</h2>
          @if (services().length === 0) { <p class="muted">Nothing published. <a routerLink="/services">Publish a service</a> to share a LAN host on the overlay.</p> }
          <ul>@for (s of services(); track s.id) { <li>{{ s.name }}: <span class="mono">{{ s.sharedIp }}:{{ s.sharedPort }}</span> → <span class="mono">{{ s.localIp }}:{{ s.localPort }}</span> ({{ s.protocol }})</li> }</ul>
        </section>

        <section class="card" aria-labelledby="stats-h"><h2 id="stats-h">Connections</h2>
          @if ((status()?.connections ?? []).length === 0) { <p class="muted">No link statistics reported yet.</p> }
          @else {
            <table class="data"><thead><tr><th>Remote peer</th><th>Active</th><th>Last handshake</th><th>Received</th><th>Sent</th></tr></thead>
              <tbody>@for (c of status()!.connections; track c.connectionId) { <tr><td>{{ nameOf(c.remotePeerId) }}</td><td>{{ c.isActive ? 'yes' : 'no' }}</td><td>{{ ago(c.lastHandshake) }}</td><td>{{ bytes(c.rxBytes) }}</td><td>{{ bytes(c.txBytes) }}</td></tr> }</tbody></table>
          }
        </section>

        @if (p.type === 'mikrotik') {
          @if (p.mikrotik?.managementIp) { <wom-router-health [peerId]="p.id" /> }
          @if (isApiManaged(p)) {
            <section class="card"><h2>Router connection</h2><wom-test-connection [peerId]="p.id" /></section>
            <wom-deploy-panel [peer]="p" />
          }
        }

        <section class="card" aria-labelledby="config-h"><h2 id="config-h">Generated configuration</h2>
          <div class="row">
            <button type="button" (click)="copy()">Copy</button>
            <button type="button" (click)="download(p)">Download .conf</button>
            @if (p.type === 'mikrotik' || p.type === 'generic-router') { <button type="button" (click)="downloadScript(p)">Download MikroTik script</button> }
            <button type="button" (click)="downloadZip(p)">Download ZIP</button>
            @if (p.hasPrivateKey && auth.isAdmin()) { <button type="button" (click)="showQr()">Show QR code</button> }
            @if (auth.canOperate() && p.deploymentMode === 'config-file') { <button type="button" (click)="regenerateKeys(p)">Regenerate keys</button> }
            @if (copied()) { <span role="status">Copied.</span> }
          </div>
          @if (qr()) { <figure><img [src]="qr()" alt="QR code of the WireGuard configuration for the mobile app" width="260" height="260" data-testid="qr" /><figcaption class="muted">Contains the private key. Scan with the WireGuard app, then close.</figcaption><button type="button" (click)="downloadQr(p)">Download QR (PNG)</button></figure> }
          <pre class="config" data-testid="config" tabindex="0" aria-label="WireGuard configuration">{{ config() }}</pre>
        </section>

        <section class="card" aria-labelledby="history-h"><h2 id="history-h">Configuration history</h2>
          @if (history().length === 0) { <p class="muted">No versions yet.</p> }
          <ul>@for (h of history(); track h.id) { <li>v{{ h.version }} · {{ h.configType }} · generated {{ ago(h.generatedAt) }} · {{ h.appliedAt ? 'applied ' + ago(h.appliedAt) : 'not applied' }}</li> }</ul>
        </section>
      </section>
    } @else if (missing()) {
      <section class="page"><p class="empty">This peer does not exist (any more). <a routerLink="/peers">Back to peers</a></p></section>
    } @else {
      <section class="page"><p aria-busy="true">Loading peer…</p></section>
    }
  `,
})
export class PeerDetailPage {
  readonly id = input.required<string>();
  readonly auth = inject(AuthService);
  private readonly api = inject(ApiService);
  private readonly problems = inject(ProblemService);
  private readonly router = inject(Router);
  readonly ago = ago;
  readonly bytes = formatBytes;
  readonly isApiManaged = isApiManaged;
  readonly removalView = removalView;
  readonly peer = signal<Peer | null>(null);
  readonly missing = signal(false);
  readonly status = signal<PeerStatus | null>(null);
  readonly services = signal<Service[]>([]);
  readonly names = signal<Map<string, string>>(new Map());
  readonly config = signal('');
  readonly qr = signal<string | null>(null);
  readonly copied = signal(false);
  readonly history = signal<HistoryVersion[]>([]);

  constructor() {
    effect(() => void this.load(this.id()));
    inject(EventsService).on('peer.status', 'config.changed').subscribe((event) => {
      const ids = [event.data['peerId'], ...((event.data['peerIds'] as unknown[]) ?? [])];
      if (ids.includes(this.id())) void this.load(this.id());
    });
  }

  nameOf(id: string): string {
    return this.names().get(id) ?? id.slice(0, 8);
  }

  async load(id: string): Promise<void> {
    try {
      const peer = await this.api.peer(id);
      this.peer.set(peer);
      const [status, services, peers, config, history] = await Promise.allSettled([
        this.api.peerStatus(id), this.api.services(peer.wanId), this.api.peers(peer.wanId), this.api.text(`/api/peers/${id}/config`), this.api.history(id),
      ]);
      if (status.status === 'fulfilled') this.status.set(status.value);
      if (services.status === 'fulfilled') this.services.set(services.value.filter((s) => s.peerId === id));
      if (peers.status === 'fulfilled') this.names.set(new Map(peers.value.map((p) => [p.id, p.name])));
      this.config.set(config.status === 'fulfilled' ? config.value : `# The configuration could not be generated: ${this.problems.describe(config.reason).detail}`);
      if (history.status === 'fulfilled') this.history.set(history.value);
    } catch (error) {
      const problem = this.problems.describe(error);
      if (problem.code.endsWith('NOT_FOUND') || problem.code === 'HTTP.404') this.missing.set(true);
      else this.problems.show(error);
    }
  }

  async copy(): Promise<void> {
    this.copied.set(await copyText(this.config()));
  }

  download(p: Peer): void {
    saveBlob(new Blob([this.config()], { type: 'text/plain' }), `${fileSafe(p.name)}.conf`);
  }

  async downloadScript(p: Peer): Promise<void> {
    try {
      saveBlob(new Blob([await this.api.text(`/api/peers/${p.id}/config/mikrotik-script`)], { type: 'text/plain' }), `${fileSafe(p.name)}.rsc`);
    } catch (error) {
      this.problems.show(error);
    }
  }

  async downloadZip(p: Peer): Promise<void> {
    try {
      saveBlob(await this.api.blob(`/api/peers/${p.id}/export`), `${fileSafe(p.name)}.zip`);
    } catch (error) {
      this.problems.show(error);
    }
  }

  async showQr(): Promise<void> {
    try {
      this.qr.set(await blobToDataUrl(await this.api.blob(`/api/peers/${this.id()}/config/qr`)));
    } catch (error) {
      this.problems.show(error);
    }
  }

  async downloadQr(p: Peer): Promise<void> {
    try {
      saveBlob(await this.api.blob(`/api/peers/${p.id}/config/qr`), `${fileSafe(p.name)}-qr.png`);
    } catch (error) {
      this.problems.show(error);
    }
  }

  async regenerateKeys(p: Peer): Promise<void> {
    if (!confirm(`Make a new key pair for ${p.name}? Its current configuration stops working until the new one is installed.`)) return;
    try {
      await this.api.post(`/api/peers/${p.id}/regenerate-keys`);
      await this.load(p.id);
    } catch (error) {
      this.problems.show(error);
    }
  }

  async remove(p: Peer): Promise<void> {
    const router = p.type === 'mikrotik' ? ' The rows this product wrote on its router are taken off first; it stays listed as "removing" until then.' : '';
    if (!confirm(`Delete ${p.name}? Every peer that links to it gets a new configuration.${router}`)) return;
    try {
      await this.api.deletePeer(p.id);
      await this.router.navigateByUrl('/peers');
    } catch (error) {
      this.problems.show(error);
    }
  }

  /** Gives up on a removal that cannot finish (a router gone for good): its rows stay on it. Audited. */
  async forget(p: Peer): Promise<void> {
    if (!confirm(`Forget ${p.name} now? Whatever this product wrote on its router stays there.`)) return;
    try {
      await this.api.delete(`/api/peers/${p.id}?force=true`);
      await this.router.navigateByUrl('/peers');
    } catch (error) {
      this.problems.show(error);
    }
  }
}
