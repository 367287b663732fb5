import { ChangeDetectionStrategy, Component, effect, inject, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { Peer } from '../../core/api.models';
import { ApiService } from '../../core/api.service';
import { AuthService } from '../../core/auth.service';
import { copyText, fileSafe, saveBlob } from '../../core/download.util';
import { ProblemService } from '../../core/problem.service';
import { WanContext } from '../../core/wan-context.service';

/** Configuration export: the ZIP of every peer, and per peer the config, a copy, the QR and the RouterOS script. */
@Component({
  selector: 'wom-export',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page">
      <h1>Export</h1>
      <div class="card row">
        <button type="button" (click)="zip(false)">Download ZIP of all configs</button>
        @if (auth.isAdmin()) { <button type="button" (click)="zip(true)">ZIP with private keys</button> }
        <span class="muted">Without private keys, devices that make their own keys keep them; add yours to the file.</span>
      </div>
      @if (notice()) { <p role="status">{{ notice() }}</p> }
      @if (peers().length === 0) { <p class="empty">No peers to export yet. <a routerLink="/peers/new">Add a peer</a>.</p> }
      <table class="data" aria-label="Per-peer export"><tbody>@for (p of peers(); track p.id) {
        <tr><td><a [routerLink]="['/peers', p.id]">{{ p.name }}</a></td><td>{{ p.type }}</td>
          <td><button type="button" (click)="conf(p)">Download .conf</button> <button type="button" (click)="copy(p)">Copy</button>
            @if (p.type === 'mikrotik' || p.type === 'generic-router') { <button type="button" (click)="script(p)">MikroTik script</button> }
            @if (p.hasPrivateKey && auth.isAdmin()) { <button type="button" (click)="qr(p)">QR (PNG)</button> }</td></tr>
      }</tbody></table>
    </section>
  `,
})
export class ExportPage {
  readonly context = inject(WanContext);
  readonly auth = inject(AuthService);
  private readonly api = inject(ApiService);
  private readonly problems = inject(ProblemService);
  readonly peers = signal<Peer[]>([]);
  readonly notice = signal<string | null>(null);

  constructor() {
    effect(() => {
      const wanId = this.context.wanId();
      if (wanId) void this.api.peers(wanId).then((p) => this.peers.set(p.sort((a, b) => a.name.localeCompare(b.name))), (e) => this.problems.show(e));
    });
  }

  private async run(action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      this.problems.show(error);
    }
  }

  zip(withKeys: boolean): Promise<void> {
    return this.run(async () => {
      const wan = this.context.wan()!;
      saveBlob(await this.api.blob(`/api/wan/${wan.id}/export`, { includePrivateKeys: withKeys }), `${fileSafe(wan.name)}-configs.zip`);
    });
  }
  conf(p: Peer): Promise<void> {
    return this.run(async () => saveBlob(new Blob([await this.api.text(`/api/peers/${p.id}/config`)]), `${fileSafe(p.name)}.conf`));
  }
  copy(p: Peer): Promise<void> {
    return this.run(async () => {
      if (await copyText(await this.api.text(`/api/peers/${p.id}/config`))) this.notice.set(`Copied the configuration of ${p.name}.`);
    });
  }
  script(p: Peer): Promise<void> {
    return this.run(async () => saveBlob(new Blob([await this.api.text(`/api/peers/${p.id}/config/mikrotik-script`)]), `${fileSafe(p.name)}.rsc`));
  }
  qr(p: Peer): Promise<void> {
    return this.run(async () => saveBlob(await this.api.blob(`/api/peers/${p.id}/config/qr`), `${fileSafe(p.name)}-qr.png`));
  }
}
