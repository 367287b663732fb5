import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import type { ApiKey, User, UserRole } from '../../core/api.models';
import { ApiService } from '../../core/api.service';
import { ProblemService } from '../../core/problem.service';

/** Users and API keys (admin). A new key's token is shown once. */
@Component({
  selector: 'wom-users',
  imports: [FormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page">
      <h1>Users &amp; API keys</h1>
      <h2>Users</h2>
      <table class="data"><thead><tr><th>User</th><th>Role</th><th>State</th><th>Last login</th><th></th></tr></thead><tbody>@for (u of users(); track u.id) {
        <tr><td>{{ u.username }}</td>
          <td><select [attr.aria-label]="'Role of ' + u.username" [ngModel]="u.role" (ngModelChange)="setRole(u, $event)">@for (r of roles; track r) { <option [value]="r">{{ r }}</option> }</select></td>
          <td>{{ u.disabled ? 'disabled' : u.mustChangePassword ? 'must change password' : 'active' }}</td><td>{{ u.lastLoginAt ?? 'never' }}</td>
          <td><button type="button" (click)="toggle(u)">{{ u.disabled ? 'Enable' : 'Disable' }}</button></td></tr>
      }</tbody></table>
      <form class="card row" (ngSubmit)="createUser()"><label>User name <input name="username" [(ngModel)]="username" /></label>
        <label>One-time password (12+) <input name="password" type="password" autocomplete="new-password" [(ngModel)]="password" /></label>
        <label>Role <select name="role" [(ngModel)]="role">@for (r of roles; track r) { <option [value]="r">{{ r }}</option> }</select></label><button type="submit">Add user</button></form>
      <h2>API keys</h2>
      @if (token()) { <div class="ok-box" role="status"><strong>Copy this key now; it is shown once:</strong> <span class="mono">{{ token() }}</span></div> }
      <table class="data"><thead><tr><th>Name</th><th>Role</th><th>Key</th><th>Last used</th><th></th></tr></thead><tbody>@for (k of keys(); track k.id) {
        <tr><td>{{ k.name }}</td><td>{{ k.role }}</td><td class="mono">{{ k.display }}</td><td>{{ k.lastUsedAt ?? 'never' }}</td><td>@if (!k.revokedAt) { <button type="button" (click)="revoke(k)">Revoke</button> } @else { revoked }</td></tr>
      }</tbody></table>
      <form class="card row" (ngSubmit)="createKey()"><label>Key name <input name="keyName" [(ngModel)]="keyName" /></label>
        <label>Role <select name="keyRole" [(ngModel)]="keyRole">@for (r of roles; track r) { <option [value]="r">{{ r }}</option> }</select></label><button type="submit">Create API key</button></form>
    </section>
  `,
})
export class UsersPage {
  private readonly api = inject(ApiService);
  private readonly problems = inject(ProblemService);
  readonly roles: UserRole[] = ['read-only', 'operator', 'admin'];
  readonly users = signal<User[]>([]);
  readonly keys = signal<ApiKey[]>([]);
  readonly token = signal<string | null>(null);
  username = '';
  password = '';
  role: UserRole = 'operator';
  keyName = '';
  keyRole: UserRole = 'read-only';

  constructor() {
    void this.load();
  }

  private async run(action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
      await this.load();
    } catch (error) {
      this.problems.show(error);
    }
  }

  async load(): Promise<void> {
    try {
      const [users, keys] = await Promise.all([this.api.users(), this.api.apiKeys()]);
      this.users.set(users);
      this.keys.set(keys);
    } catch (error) {
      this.problems.show(error);
    }
  }

  setRole = (u: User, role: UserRole) => this.run(() => this.api.patch(`/api/users/${u.id}`, { role }));
  toggle = (u: User) => this.run(() => this.api.patch(`/api/users/${u.id}`, { disabled: !u.disabled }));
  createUser = () => this.run(() => this.api.post('/api/users', { username: this.username.trim(), password: this.password, role: this.role }));
  revoke = (k: ApiKey) => this.run(() => this.api.delete(`/api/api-keys/${k.id}`));
  createKey = () => this.run(async () => this.token.set((await this.api.post<ApiKey>('/api/api-keys', { name: this.keyName.trim(), role: this.keyRole })).token ?? null));
}
