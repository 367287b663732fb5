import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { PEER_TYPES } from '@wom/domain';
import type { Peer } from '../../core/api.models';
import { ApiService } from '../../core/api.service';
import { AuthService } from '../../core/auth.service';
import { fileSafe, saveBlob } from '../../core/download.util';
import { EventsService } from '../../core/events.service';
import { ProblemService } from '../../core/problem.service';
import { WanContext } from '../../core/wan-context.service';
import { ago, allTags, apiStatusView, filterPeers, isApiManaged, NO_FILTER, removalView, type PeerFilter } from './peer-filter.logic';

/** Every peer of the WAN, filterable, with status, MikroTik indicators and bulk operations. */
@Component({
  selector: 'wom-peers',
  imports: [FormsModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page">
      <div class="row"><h1 class="grow">Peers</h1>
        @if (auth.canOperate() && context.wanId()) { <a routerLink="/peers/new" class="button-link">Add peer</a> }
      </div>
      @if (!context.wanId()) { <p class="empty">No WAN yet. <a routerLink="/wans">Create a WAN</a> first.</p> }
      @else {
        <div class="row card" role="search">
          <label>Search <input type="search" [ngModel]="filter().text" (ngModelChange)="set('text', $event)" placeholder="name, IP, subnet, tag" /></label>
          <label>Type <select [ngModel]="filter().type" (ngModelChange)="set('type', $event)"><option value="">any</option>@for (t of types; track t) { <option [value]="t">{{ t }}</option> }</select></label>
          <label>Tag <select [ngModel]="filter().tag" (ngModelChange)="set('tag', $event)"><option value="">any</option>@for (t of tags(); track t) { <option [value]="t">{{ t }}</option> }</select></label>
          <label>Status <select [ngModel]="filter().status" (ngModelChange)="set('status', $event)"><option value="">any</option><option value="online">online</option><option value="offline">offline</option></select></label>
          <span class="grow"></span>
          <button type="button" (click)="exportAll()" [disabled]="busy()">Export all configs</button>
          @if (auth.canOperate()) {
            <button type="button" (click)="regenerateAll()" [disabled]="busy()">Regenerate configs</button>
            <button type="button" (click)="deployAll()" [disabled]="busy()">Deploy to all MikroTik</button>
          }
        </div>
        @if (notice()) { <div class="ok-box" role="status" data-testid="notice">{{ notice() }}</div> }
        <p class="muted" aria-live="polite">{{ shown().length }} of {{ peers().length }} peers</p>
        @if (peers().length === 0 && loaded()) { <p class="empty">This WAN has no peers yet. Add a hub first, then sites and devices.</p> }
        @else {
          <table class="data" aria-label="Peers">
            <thead><tr><th>Name</th><th>Type</th><th>Tunnel IP</th><th>Status</th><th>Last handshake</th><th>MikroTik</th><th>Tags</th><th>Revision</th></tr></thead>
            <tbody>
              @for (peer of shown(); track peer.id) {
                <tr [attr.data-peer]="peer.name">
                  <td><a [routerLink]="['/peers', peer.id]">{{ peer.name }}</a></td>
                  <td>{{ peer.type }}</td>
                  <td class="mono">{{ peer.tunnelIp }}</td>
                  <td>
                    <span class="badge" [class.online]="peer.isOnline" [class.offline]="!peer.isOnline">{{ peer.isOnline ? 'online' : 'offline' }}</span>
                    @if (removalView(peer.removal); as removal) { <span class="badge" [class]="removal.tone" [attr.title]="removal.detail">{{ removal.text }}</span> }
                  </td>
                  <td>{{ ago(peer.lastSeen) }}</td>
                  <td>
                    @if (peer.type === 'mikrotik') {
                      @let api = apiStatusView(peer.mikrotik);
                      <span class="badge" [class]="isApiManaged(peer) ? api.tone : 'neutral'">API {{ isApiManaged(peer) ? api.text : 'off' }}</span>
                      @if (peer.mikrotik?.autoDeploy) { <span class="badge neutral">auto-deploy</span> }
                    }
                  </td>
                  <td>{{ peer.tags.join(', ') }}</td>
                  <td>{{ peer.appliedRevision }}/{{ peer.desiredRevision }}</td>
                </tr>
              }
            </tbody>
          </table>
        }
      }
    </section>
  `,
  styles: `.button-link { padding: 8px 14px; background: #0b57d0; color: #fff; border-radius: 6px; text-decoration: none; }`,
})
export class PeersPage {
  readonly context = inject(WanContext);
  readonly auth = inject(AuthService);
  private readonly api = inject(ApiService);
  private readonly problems = inject(ProblemService);
  private readonly router = inject(Router);
  readonly types = PEER_TYPES;
  readonly ago = ago;
  readonly isApiManaged = isApiManaged;
  readonly apiStatusView = apiStatusView;
  readonly removalView = removalView;
  readonly peers = signal<Peer[]>([]);
  readonly loaded = signal(false);
  readonly busy = signal(false);
  readonly notice = signal<string | null>(null);
  readonly filter = signal<PeerFilter>(NO_FILTER);
  readonly shown = computed(() => filterPeers(this.peers(), this.filter()));
  readonly tags = computed(() => allTags(this.peers()));

  constructor() {
    effect(() => {
      const wanId = this.context.wanId();
      if (wanId) void this.load(wanId);
    });
    inject(EventsService).on('peer.status', 'config.changed').subscribe(() => {
      const wanId = this.context.wanId();
      if (wanId) void this.load(wanId);
    });
  }

  set<K extends keyof PeerFilter>(key: K, value: PeerFilter[K]): void {
    this.filter.update((f) => ({ ...f, [key]: value }));
  }

  async load(wanId: string): Promise<void> {
    try {
      this.peers.set(await this.api.peers(wanId));
    } catch (error) {
      this.problems.show(error);
    } finally {
      this.loaded.set(true);
    }
  }

  private async run(action: () => Promise<string>): Promise<void> {
    this.busy.set(true);
    this.notice.set(null);
    try {
      this.notice.set(await action());
    } catch (error) {
      this.problems.show(error);
    } finally {
      this.busy.set(false);
    }
  }

  exportAll(): Promise<void> {
    return this.run(async () => {
      const wan = this.context.wan()!;
      saveBlob(await this.api.blob(`/api/wan/${wan.id}/export`), `${fileSafe(wan.name)}-configs.zip`);
      return 'The ZIP of every peer’s configuration is downloading.';
    });
  }

  regenerateAll(): Promise<void> {
    return this.run(async () => {
      const result = await this.api.post<{ generated: number; unchanged: number; pendingManualApplication: unknown[] }>(`/api/wan/${this.context.wanId()}/regenerate-all`);
      return `Regenerated ${result.generated} configurations (${result.unchanged} unchanged); ${result.pendingManualApplication.length} must be applied by hand.`;
    });
  }

  deployAll(): Promise<void> {
    return this.run(async () => {
      const result = await this.api.post<{ jobs: { id: string }[] }>(`/api/wan/${this.context.wanId()}/mikrotik/deploy-all`, {});
      await this.router.navigate(['/jobs'], { queryParams: { batch: result.jobs.map((j) => j.id).join(',') } });
      return `Queued ${result.jobs.length} deployments.`;
    });
  }
}
