import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { KeyValuePipe } from '@angular/common';
import { FormsModule } from '@angular/forms';
import { TOPOLOGY_TYPES, type TopologyType } from '@wom/domain';
import { fieldReasons } from '../../core/api-error.logic';
import { ApiService } from '../../core/api.service';
import { AuthService } from '../../core/auth.service';
import { ProblemService } from '../../core/problem.service';
import { WanContext } from '../../core/wan-context.service';

/** Create a WAN, and the selected WAN's settings: ranges and topology. */
@Component({
  selector: 'wom-wans',
  imports: [FormsModule, KeyValuePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page">
      <h1>WANs &amp; settings</h1>
      @if (context.wan(); as wan) {
        <form class="card" (ngSubmit)="save(wan.id)" aria-labelledby="settings-h">
          <h2 id="settings-h">Settings of {{ wan.name }}</h2>
          <div class="row">
            <label>Tunnel range <input name="tunnelIpRange" [(ngModel)]="edit.tunnelIpRange" [disabled]="!auth.canOperate()" /></label>
            <label>Shared services range <input name="sharedServicesRange" [(ngModel)]="edit.sharedServicesRange" [disabled]="!auth.canOperate()" /></label>
            <label>Topology
              <select name="topologyType" [(ngModel)]="edit.topologyType" [disabled]="!auth.canOperate()">
                @for (t of topologies; track t) { <option [value]="t">{{ t }}</option> }
              </select>
            </label>
            @if (auth.canOperate()) { <button type="submit">Save settings</button> }
          </div>
          @for (e of editErrors() | keyvalue; track e.key) { <div class="warn-box">{{ e.key }}: {{ e.value }}</div> }
          @if (saved()) { <div class="ok-box" role="status">Settings saved.</div> }
        </form>
      }
      <table class="data" aria-label="WANs">
        <thead><tr><th>Name</th><th>Tunnel range</th><th>Shared services</th><th>Topology</th><th></th></tr></thead>
        <tbody>
          @for (wan of context.wans(); track wan.id) {
            <tr><td>{{ wan.name }}</td><td class="mono">{{ wan.tunnelIpRange }}</td><td class="mono">{{ wan.sharedServicesRange }}</td><td>{{ wan.topologyType }}</td>
              <td>@if (wan.id !== context.wanId()) { <button type="button" (click)="pick(wan.id)">Open</button> } @else { <span class="badge neutral">selected</span> }</td></tr>
          }
        </tbody>
      </table>
      @if (context.wans().length === 0) { <p class="empty">No WAN yet. Create one below: give it a name; the default ranges suit most networks.</p> }
      @if (auth.canOperate()) {
        <form class="card" (ngSubmit)="create()" aria-labelledby="create-h" style="margin-top:16px">
          <h2 id="create-h">Create a WAN</h2>
          <div class="row">
            <label>Name <input name="name" [(ngModel)]="draft.name" required /></label>
            <label>Tunnel range <input name="newTunnel" [(ngModel)]="draft.tunnelIpRange" placeholder="10.0.0.0/24" /></label>
            <label>Shared services range <input name="newShared" [(ngModel)]="draft.sharedServicesRange" placeholder="10.0.5.0/24" /></label>
            <label>Topology <select name="newTopology" [(ngModel)]="draft.topologyType">@for (t of topologies; track t) { <option [value]="t">{{ t }}</option> }</select></label>
            <button type="submit">Create WAN</button>
          </div>
          @for (e of errors() | keyvalue; track e.key) { <div class="warn-box" role="alert">{{ e.key }}: {{ e.value }}</div> }
        </form>
      }
    </section>
  `,
})
export class WansPage {
  readonly context = inject(WanContext);
  readonly auth = inject(AuthService);
  private readonly api = inject(ApiService);
  private readonly problems = inject(ProblemService);
  readonly topologies = TOPOLOGY_TYPES;
  draft = { name: '', tunnelIpRange: '', sharedServicesRange: '', topologyType: 'hub-spoke' as TopologyType };
  edit = { tunnelIpRange: '', sharedServicesRange: '', topologyType: 'hub-spoke' as TopologyType };
  readonly errors = signal<Record<string, string>>({});
  readonly editErrors = signal<Record<string, string>>({});
  readonly saved = signal(false);

  constructor() {
    const wan = this.context.wan();
    if (wan) this.edit = { tunnelIpRange: wan.tunnelIpRange, sharedServicesRange: wan.sharedServicesRange, topologyType: wan.topologyType };
  }

  pick(id: string): void {
    this.context.select(id);
    const wan = this.context.wan();
    if (wan) this.edit = { tunnelIpRange: wan.tunnelIpRange, sharedServicesRange: wan.sharedServicesRange, topologyType: wan.topologyType };
  }

  async create(): Promise<void> {
    const body: Record<string, string> = { name: this.draft.name.trim(), topologyType: this.draft.topologyType };
    if (this.draft.tunnelIpRange.trim()) body['tunnelIpRange'] = this.draft.tunnelIpRange.trim();
    if (this.draft.sharedServicesRange.trim()) body['sharedServicesRange'] = this.draft.sharedServicesRange.trim();
    try {
      const wan = await this.api.createWan(body);
      this.errors.set({});
      await this.context.load();
      this.pick(wan.id);
      this.draft = { name: '', tunnelIpRange: '', sharedServicesRange: '', topologyType: 'hub-spoke' };
    } catch (error) {
      this.errors.set(fieldReasons(this.problems.show(error)));
    }
  }

  async save(id: string): Promise<void> {
    this.saved.set(false);
    try {
      await this.api.updateWan(id, this.edit);
      this.editErrors.set({});
      this.saved.set(true);
      await this.context.load();
    } catch (error) {
      this.editErrors.set(fieldReasons(this.problems.show(error)));
    }
  }
}
