import { ChangeDetectionStrategy, Component, effect, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatDialog } from '@angular/material/dialog';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router, RouterLink } from '@angular/router';
import type { PeerDetailResponse } from '@wom/contracts';
import type { HistoryVersion, Peer, PeerStatus, Service } from '../../core/api.models';
import type { ProblemView } from '../../core/api-error.logic';
import { ApiService } from '../../core/api.service';
import { AuthService } from '../../core/auth.service';
import { blobToDataUrl, copyText, fileSafe, saveBlob } from '../../core/download.util';
import { EventsService } from '../../core/events.service';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ProblemService } from '../../core/problem.service';
import { wanPath } from '../../core/wan-path.logic';
import { DeployPanelComponent } from '../mikrotik/deploy-panel.component';
import { RouterHealthComponent } from '../mikrotik/router-health.component';
import { TestConnectionComponent } from '../mikrotik/test-connection.component';
import { ago, isApiManaged, removalView } from '../peers/peer-filter.logic';
import { formatBytes } from './format.logic';
import { liveTraffic, needsReload, type LiveTraffic } from './live-traffic.logic';
import { confirmForget, confirmPeerDelete, confirmRegenerateKeys } from './peer-confirmations';
import { peerStatusView } from './peer-status.logic';
import { PeerAgentComponent } from './peer-agent.component';
import { WanLinkPipe } from '../../core/wan-link.pipe';
import { downloadPlan, type DownloadPlan } from '../export/download-note.logic';

/** One peer: configuration, its agent, subnets and services, status, generated config and MikroTik deployment. */
@Component({
  selector: 'wom-peer-detail',
  imports: [MatButtonModule, MatProgressBarModule, RouterLink, WanLinkPipe, DeployPanelComponent, PeerAgentComponent, RouterHealthComponent, TestConnectionComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (peer(); as p) {
      <section class="page">
        <div class="row"><h1 class="grow">{{ p.name }}
            @if (statusView(p); as st) {
              <span class="badge" data-testid="tunnel-status" [class.online]="st.tunnel.ok" [class.offline]="!st.tunnel.ok">{{ st.tunnel.text }}</span>
              @if (st.api; as a) { <span class="badge" data-testid="api-reachable" [class.online]="a.ok" [class.offline]="!a.ok">{{ a.text }}</span> }
            }</h1>
          @if (auth.canOperate()) { <a mat-stroked-button [routerLink]="['peers', p.id, 'edit'] | wanLink">Edit</a> <button mat-stroked-button type="button" data-testid="delete-peer" (click)="remove(p)" [disabled]="busy()">Delete…</button> }
        </div>
        <div class="cards">
          <div class="card"><div class="muted">Type</div><div>{{ p.type }} · {{ p.deploymentMode }}</div></div>
          <div class="card"><div class="muted">Tunnel IP</div><div class="mono">{{ p.tunnelIp }}</div></div>
          <div class="card"><div class="muted">Endpoint</div><div class="mono">{{ p.endpoint ?? 'none (dials out)' }}</div></div>
          <div class="card"><div class="muted">Last seen</div><div>{{ ago(live()?.lastSeen ?? p.lastSeen) }}</div></div>
          @if (live(); as t) { <div class="card" data-testid="live-traffic"><div class="muted">Tunnel (live)</div><div>handshake {{ ago(t.lastHandshake) }} · ↓ {{ bytes(t.rxBytes) }} ↑ {{ bytes(t.txBytes) }}</div></div> }
          <div class="card"><div class="muted">Revision applied / desired</div><div>{{ p.appliedRevision }} / {{ p.desiredRevision }}</div></div>
        </div>
        @if (removalView(p.removal); as removal) {
          <div class="warn-box" role="status">{{ removal.detail }}
            @if (auth.canOperate()) { <button mat-stroked-button type="button" (click)="forget(p)" [disabled]="busy()">Forget it now…</button> }
          </div>
        }
        @if (p.pendingManualApplication) { <div class="warn-box">A newer configuration waits to be applied by hand on this device. Download it below.</div> }
        <wom-peer-agent [peer]="p" />

        <section class="card" aria-labelledby="subnets-h"><h2 id="subnets-h">Local subnets</h2>
          @if (p.subnets.length === 0) { <p class="muted">No local subnets. Add them with Edit if this peer routes a LAN.</p> }
          <ul>@for (s of p.subnets; track s.id) { <li class="mono">{{ s.cidr }} @if (s.natEnabled) { → seen as {{ s.natTranslatedCidr }} } @if (!s.isRouted) { (not routed) } <span class="muted">{{ s.description }}</span></li> }</ul>
        </section>

        <section class="card" aria-labelledby="services-h"><h2 id="services-h">Published services</h2>
          @if (services().length === 0) { <p class="muted">Nothing published. <a [routerLink]="'services' | wanLink">Publish a service</a> to share a LAN host on the overlay.</p> }
          <ul>@for (s of services(); track s.id) { <li>{{ s.name }}: <span class="mono">{{ s.sharedIp }}:{{ s.sharedPort }}</span> → <span class="mono">{{ s.localIp }}:{{ s.localPort }}</span> ({{ s.protocol }})</li> }</ul>
        </section>

        <section class="card" aria-labelledby="stats-h"><h2 id="stats-h">Connections</h2>
          @if ((status()?.connections ?? []).length === 0) { <p class="muted">No link statistics reported yet.</p> }
          @else {
            <div class="table-scroll" tabindex="0" role="region" aria-label="Connections, scrollable"><table class="data" aria-label="Connections"><thead><tr><th scope="col">Remote peer</th><th scope="col">Active</th><th scope="col">Last handshake</th><th scope="col">Received</th><th scope="col">Sent</th></tr></thead>
              <tbody>@for (c of status()!.connections; track c.connectionId) { <tr><td>{{ nameOf(c.remotePeerId) }}</td><td>{{ c.isActive ? 'yes' : 'no' }}</td><td>{{ ago(c.lastHandshake) }}</td><td>{{ bytes(c.rxBytes) }}</td><td>{{ bytes(c.txBytes) }}</td></tr> }</tbody></table></div>
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
            <button mat-stroked-button type="button" (click)="copy()">Copy</button>
            <button mat-stroked-button type="button" (click)="download(p)">Download .conf</button>
            @if (p.type === 'mikrotik' || p.type === 'generic-router') { <button mat-stroked-button type="button" (click)="downloadScript(p)">Download MikroTik script</button> }
            <button mat-stroked-button type="button" (click)="downloadZip(p)">Download ZIP</button>
            @if (p.hasPrivateKey && auth.isAdmin()) { <button mat-stroked-button type="button" (click)="showQr()">Show QR code</button> }
            @if (auth.canOperate() && p.deploymentMode === 'config-file') { <button mat-stroked-button type="button" data-testid="regenerate-keys" (click)="regenerateKeys(p)" [disabled]="busy()">Regenerate keys…</button> }
            @if (copied() !== null) { <span role="status">{{ copied() ? 'Copied.' : 'Copying failed: select the text and copy it by hand.' }}</span> }
          </div>
          <p class="muted" data-testid="key-note">{{ keyPlan(p).note }}</p>
          @if (qr()) { <figure><img [src]="qr()" alt="QR code of the WireGuard configuration for the mobile app" width="260" height="260" data-testid="qr" /><figcaption class="muted">Contains the private key. Scan with the WireGuard app, then close.</figcaption><button mat-stroked-button type="button" (click)="downloadQr(p)">Download QR (PNG)</button></figure> }
          <pre class="config" data-testid="config" tabindex="0" aria-label="WireGuard configuration">{{ config() }}</pre>
        </section>

        <section class="card" aria-labelledby="history-h"><h2 id="history-h">Configuration history</h2>
          @if (history().length === 0) { <p class="muted">No versions yet.</p> }
          <ul>@for (h of history(); track h.id) { <li>v{{ h.version }} · {{ h.configType }} · generated {{ ago(h.generatedAt) }} · {{ h.appliedAt ? 'applied ' + ago(h.appliedAt) : 'not applied' }}</li> }</ul>
        </section>
      </section>
    } @else if (missing()) {
      <section class="page"><h1>Peer not found</h1><p class="empty">This peer does not exist (any more). <a [routerLink]="'peers' | wanLink">Back to peers</a></p></section>
    } @else if (loadProblem(); as problem) {
      <section class="page"><h1>Peer</h1>
        <div class="error-box" role="alert" data-testid="load-error"><strong>Could not load this peer.</strong> {{ problem.detail }} @if (problem.fix) { {{ problem.fix }} }
          <div><button mat-stroked-button type="button" (click)="load(id())">Try again</button></div></div></section>
    } @else {
      <section class="page"><h1>Peer</h1><mat-progress-bar mode="indeterminate" aria-label="Loading the peer" /></section>
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
  readonly peer = signal<PeerDetailResponse | null>(null);
  readonly statusView = peerStatusView;
  readonly busy = signal(false);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  readonly missing = signal(false);
  readonly status = signal<PeerStatus | null>(null);
  readonly services = signal<Service[]>([]);
  readonly names = signal<Map<string, string>>(new Map());
  readonly config = signal('');
  readonly qr = signal<string | null>(null);
  readonly copied = signal<boolean | null>(null);
  readonly loadProblem = signal<ProblemView | null>(null);
  readonly history = signal<HistoryVersion[]>([]);
  /** The latest traffic its agent reported over the event stream, until the next peer change. */
  readonly live = signal<LiveTraffic | null>(null);

  constructor() {
    effect(() => {
      const id = this.id();
      this.live.set(null);
      void this.load(id);
    });
    // Traffic reports update the figures in place; a changed configuration or online state re-reads the peer.
    inject(EventsService).on('peer.status', 'config.changed').pipe(takeUntilDestroyed()).subscribe((event) => {
      const traffic = liveTraffic(event, this.id());
      if (traffic) this.live.set(traffic);
      if (needsReload(event, this.id(), this.peer()?.isOnline ?? null)) void this.load(this.id());
    });
  }

  nameOf(id: string): string {
    return this.names().get(id) ?? id.slice(0, 8);
  }

  async load(id: string): Promise<void> {
    try {
      const peer = await this.api.get<PeerDetailResponse>(`/api/peers/${id}`);
      this.loadProblem.set(null);
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
      // A peer already shown keeps showing (a refresh failed); a first load shows why, with a retry.
      else if (this.peer()) this.problems.show(error);
      else this.loadProblem.set(problem);
    }
  }

  async copy(): Promise<void> {
    this.copied.set(await copyText(this.config()));
  }

  /** What a download of this peer holds (with its private key for an admin, when the server made it), and the sentence that says so. */
  keyPlan(p: Peer): DownloadPlan {
    return downloadPlan(p, this.auth.isAdmin());
  }

  async download(p: Peer): Promise<void> {
    const withKey = this.keyPlan(p).withPrivateKey;
    try {
      const text = withKey ? await this.api.text(`/api/peers/${p.id}/config`, { includePrivateKey: true }) : this.config();
      saveBlob(new Blob([text], { type: 'text/plain' }), `${fileSafe(p.name)}.conf`);
    } catch (error) {
      this.problems.show(error);
    }
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
      saveBlob(await this.api.blob(`/api/peers/${p.id}/export`, { includePrivateKeys: this.keyPlan(p).withPrivateKey }), `${fileSafe(p.name)}.zip`);
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
    await this.confirmed(() => confirmRegenerateKeys(this.dialog, this.api, p), async () => {
      this.snackBar.open(`${p.name} has a new key pair; install its new configuration.`, 'OK', { duration: 6000 });
      await this.load(p.id);
    });
  }

  async remove(p: Peer): Promise<void> {
    await this.confirmed(() => confirmPeerDelete(this.dialog, this.api, p), async (answer) => {
      this.snackBar.open(answer.removedNow ? `${p.name} deleted.` : `${p.name} is being removed from its router (${answer.jobIds.length} job(s)).`, 'OK', { duration: 6000 });
      await this.router.navigate(wanPath(p.wanId, 'peers'));
    });
  }

  /** Gives up on a removal that cannot finish (a router gone for good): its rows stay on it. Audited. */
  async forget(p: Peer): Promise<void> {
    await this.confirmed(() => confirmForget(this.dialog, this.api, p), async () => {
      this.snackBar.open(`${p.name} forgotten; its router keeps what was written on it.`, 'OK', { duration: 6000 });
      await this.router.navigate(wanPath(p.wanId, 'peers'));
    });
  }

  /** One confirmation at a time; the page's buttons stay disabled while it is open or running. */
  private async confirmed<R>(open: () => Promise<R | undefined>, after: (result: R) => Promise<void>): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    try {
      const result = await open();
      if (result !== undefined) await after(result);
    } catch (error) {
      this.problems.show(error);
    } finally {
      this.busy.set(false);
    }
  }
}
