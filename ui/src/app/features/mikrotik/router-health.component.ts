import { ChangeDetectionStrategy, Component, DestroyRef, effect, inject, input, signal } from '@angular/core';
import type { RouterHealthResponse } from '@wom/contracts';
import { ApiService } from '../../core/api.service';
import { formatBytes } from '../peer-detail/format.logic';
import { ago } from '../peers/peer-filter.logic';
import { formatHandshakeAge, formatMemory, formatUptime, reachabilityView } from './router-health.logic';

/** The monitor reads routers every 10 s by default; the card follows without a stream of its own. */
const REFRESH_MS = 10_000;

/**
 * A router's last health reading (CPU, memory, uptime, RouterOS, board, when read) and its
 * links' handshake age and traffic, as `GET /api/peers/:id/mikrotik/health` stores them. It
 * never makes the control plane call the router, so refreshing it is cheap.
 */
@Component({
  selector: 'wom-router-health',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="card" aria-labelledby="router-health-h" data-testid="router-health">
      <h2 id="router-health-h">Router health</h2>
      @if (view(); as v) {
        @if (reachability(v); as r) {
          <p class="row"><span class="badge" data-testid="router-api" [class.online]="r.api.ok" [class.offline]="!r.api.ok">{{ r.api.text }}</span>
            <span class="badge" data-testid="router-tunnel" [class.online]="r.tunnel.ok" [class.offline]="!r.tunnel.ok">{{ r.tunnel.text }}</span></p>
        }
        @if (v.health; as h) {
          <dl class="facts">
            <dt>CPU</dt><dd>{{ h.cpuLoadPercent === null ? '—' : h.cpuLoadPercent + '%' }}</dd>
            <dt>Memory</dt><dd>{{ memory(h) }}</dd>
            <dt>Uptime</dt><dd>{{ uptime(h.uptimeSeconds) }}</dd>
            <dt>RouterOS</dt><dd>{{ h.version }}</dd>
            <dt>Board</dt><dd>{{ h.board ?? '—' }}</dd>
            <dt>Identity</dt><dd>{{ h.identity }}</dd>
            <dt>Read</dt><dd>{{ ago(h.checkedAt) }}@if (v.apiStatus !== 'connected') { <span class="badge offline">{{ v.apiStatus }} {{ ago(v.lastApiCheck) }}</span> }</dd>
          </dl>
        } @else {
          <p class="muted">Not read yet{{ v.apiStatus === 'unknown' ? '' : ' (' + v.apiStatus + ')' }}. Routers with a management address are read every monitoring interval.</p>
        }
        @if (v.links.length > 0) {
          <div class="table-scroll" tabindex="0" role="region" aria-label="Router links, scrollable"><table class="data" aria-label="Router links"><thead><tr><th scope="col">Remote peer</th><th scope="col">Last handshake</th><th scope="col">Received</th><th scope="col">Sent</th></tr></thead>
            <tbody>@for (l of v.links; track l.remotePeerId) {
              <tr><td>{{ l.remotePeerName }}</td><td><span class="badge" [class.online]="l.up" [class.offline]="!l.up">{{ age(l.handshakeAgeSeconds) }}</span></td><td>{{ bytes(l.rxBytes) }}</td><td>{{ bytes(l.txBytes) }}</td></tr>
            }</tbody></table></div>
        }
      } @else if (failed()) {
        <p class="muted">The router’s health could not be loaded.</p>
      }
    </section>
  `,
  styles: `.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; } dt { font-weight: 600; } .badge { margin-left: 8px; }`,
})
export class RouterHealthComponent {
  readonly peerId = input.required<string>();
  private readonly api = inject(ApiService);
  readonly view = signal<RouterHealthResponse | null>(null);
  readonly failed = signal(false);
  readonly ago = ago;
  readonly bytes = formatBytes;
  readonly memory = formatMemory;
  readonly uptime = formatUptime;
  readonly age = formatHandshakeAge;
  readonly reachability = reachabilityView;

  constructor() {
    effect(() => void this.load(this.peerId()));
    const timer = setInterval(() => void this.load(this.peerId()), REFRESH_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }

  async load(peerId: string): Promise<void> {
    try {
      this.view.set(await this.api.get<RouterHealthResponse>(`/api/peers/${peerId}/mikrotik/health`));
      this.failed.set(false);
    } catch {
      // A passing failure keeps the last reading on screen; only a first one says so.
      this.failed.set(this.view() === null);
    }
  }
}
