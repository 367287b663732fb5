import { ChangeDetectionStrategy, Component, effect, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatSnackBar } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';
import type { Peer } from '../../core/api.models';
import { ApiService } from '../../core/api.service';
import { AuthService } from '../../core/auth.service';
import { copyText, fileSafe, saveBlob } from '../../core/download.util';
import { ProblemService } from '../../core/problem.service';
import { WanContext } from '../../core/wan-context.service';
import { WanLinkPipe } from '../../core/wan-link.pipe';
import { LoadState } from '../../shared/load-state';
import { LoadStateComponent } from '../../shared/load-state.component';
import { downloadPlan, type DownloadPlan } from './download-note.logic';

/** Configuration export: the ZIP of every peer, and per peer the config, a copy, the QR and the RouterOS script. */
@Component({
  selector: 'wom-export',
  imports: [RouterLink, WanLinkPipe, MatButtonModule, LoadStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page">
      <h1>Export</h1>
      <div class="card">
        <div class="row">
          <button mat-flat-button type="button" (click)="zip(false)" [disabled]="busy()">Download ZIP of all configs</button>
          @if (auth.isAdmin()) { <button mat-stroked-button type="button" (click)="zip(true)" [disabled]="busy()">ZIP with private keys</button> }
        </div>
        <p class="muted" data-testid="zip-note">{{ auth.isAdmin()
          ? 'With private keys, laptops and phones import their files directly (recorded in the audit log); agents and routers keep their own keys either way.'
          : 'Files come without private keys: only an admin may download those. Agents and routers keep their own keys on the device.' }}</p>
      </div>
      <wom-load-state [state]="load" what="peers" (retry)="reload()" />
      @if (load.loaded() && peers().length === 0) { <p class="empty">No peers to export yet. <a [routerLink]="'peers/new' | wanLink">Add a peer</a>.</p> }
      @if (peers().length > 0) {
        <div class="table-scroll">
          <table class="data" aria-label="Per-peer export">
            <thead><tr><th scope="col">Peer</th><th scope="col">Type</th><th scope="col">Downloads</th></tr></thead>
            <tbody>@for (p of peers(); track p.id) {
              <tr><td><a [routerLink]="['peers', p.id] | wanLink">{{ p.name }}</a></td><td>{{ p.type }}</td>
                <td><div class="actions">
                  <button mat-stroked-button type="button" (click)="conf(p)" [attr.aria-label]="'Download .conf of ' + p.name">Download .conf</button>
                  <button mat-button type="button" (click)="copy(p)" [attr.aria-label]="'Copy the configuration of ' + p.name">Copy</button>
                  @if (p.type === 'mikrotik' || p.type === 'generic-router') { <button mat-button type="button" (click)="script(p)" [attr.aria-label]="'MikroTik script of ' + p.name">MikroTik script</button> }
                  @if (plan(p).qr) { <button mat-button type="button" (click)="qr(p)" [attr.aria-label]="'QR code (PNG) of ' + p.name">QR (PNG)</button> }
                </div>
                <div class="muted" data-testid="key-note">{{ plan(p).note }}</div></td></tr>
            }</tbody>
          </table>
        </div>
      }
    </section>
  `,
  styles: `.actions { display: flex; flex-wrap: wrap; gap: 4px 8px; }`,
})
export class ExportPage {
  readonly context = inject(WanContext);
  readonly auth = inject(AuthService);
  private readonly api = inject(ApiService);
  private readonly problems = inject(ProblemService);
  readonly peers = signal<Peer[]>([]);
  readonly busy = signal(false);
  readonly load = new LoadState((error) => this.problems.describe(error));
  private readonly snackBar = inject(MatSnackBar);

  constructor() {
    effect(() => {
      if (this.context.wanId()) this.reload();
    });
  }

  reload(): void {
    const wanId = this.context.wanId();
    if (wanId) void this.load.run(async () => this.peers.set((await this.api.peers(wanId)).sort((a, b) => a.name.localeCompare(b.name))));
  }

  private async run(action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      this.problems.show(error);
    }
  }

  /** One ZIP at a time: the buttons wait for the download in flight. */
  zip(withKeys: boolean): Promise<void> {
    if (this.busy()) return Promise.resolve();
    this.busy.set(true);
    return this.run(async () => {
      const wan = this.context.wan()!;
      saveBlob(await this.api.blob(`/api/wan/${wan.id}/export`, { includePrivateKeys: withKeys }), `${fileSafe(wan.name)}-configs.zip`);
      this.snackBar.open('The ZIP is downloading.', 'OK', { duration: 4000 });
    }).finally(() => this.busy.set(false));
  }
  /** What a download of this peer holds, and the sentence that says so. */
  plan(p: Peer): DownloadPlan {
    return downloadPlan(p, this.auth.isAdmin());
  }
  /** The wg-quick file; with the private key when this admin may take it (the server audits that). */
  private config(p: Peer): Promise<string> {
    return this.api.text(`/api/peers/${p.id}/config`, this.plan(p).withPrivateKey ? { includePrivateKey: true } : {});
  }
  conf(p: Peer): Promise<void> {
    return this.run(async () => saveBlob(new Blob([await this.config(p)], { type: 'text/plain' }), `${fileSafe(p.name)}.conf`));
  }
  copy(p: Peer): Promise<void> {
    return this.run(async () => {
      const copied = await copyText(await this.config(p));
      this.snackBar.open(copied ? `Copied the configuration of ${p.name}.` : 'Copying failed: download the file instead.', 'OK', { duration: 4000 });
    });
  }
  script(p: Peer): Promise<void> {
    return this.run(async () => saveBlob(new Blob([await this.api.text(`/api/peers/${p.id}/config/mikrotik-script`)]), `${fileSafe(p.name)}.rsc`));
  }
  qr(p: Peer): Promise<void> {
    return this.run(async () => saveBlob(await this.api.blob(`/api/peers/${p.id}/config/qr`), `${fileSafe(p.name)}-qr.png`));
  }
}
