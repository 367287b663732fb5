import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { fieldReasons } from '../../core/api-error.logic';
import type { ApiKey, User, UserRole } from '../../core/api.models';
import { ApiService } from '../../core/api.service';
import { ProblemService } from '../../core/problem.service';
import { apiKeyProblems, userProblems, type FieldProblems } from '../../shared/form-rules.logic';
import { LoadState } from '../../shared/load-state';
import { LoadStateComponent } from '../../shared/load-state.component';

/** Users and API keys (admin). A new key's token is shown once. */
@Component({
  selector: 'wom-users',
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, LoadStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page">
      <h1>Users &amp; API keys</h1>
      <wom-load-state [state]="load" what="users and API keys" (retry)="reload()" />
      <h2>Users</h2>
      @if (load.loaded() && users().length === 0) { <p class="empty">No users: the control plane runs in single-user mode, or none was made yet.</p> }
      @if (users().length > 0) {
        <div class="table-scroll">
          <table class="data" aria-label="Users"><thead><tr><th scope="col">User</th><th scope="col">Role</th><th scope="col">State</th><th scope="col">Last login</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead><tbody>@for (u of users(); track u.id) {
            <tr><td>{{ u.username }}</td>
              <td><mat-form-field subscriptSizing="dynamic" class="compact"><mat-select [attr.aria-label]="'Role of ' + u.username" [value]="u.role" (valueChange)="setRole(u, $event)" [disabled]="busy()">@for (r of roles; track r) { <mat-option [value]="r">{{ r }}</mat-option> }</mat-select></mat-form-field></td>
              <td>{{ u.disabled ? 'disabled' : u.mustChangePassword ? 'must change password' : 'active' }}</td><td>{{ u.lastLoginAt ?? 'never' }}</td>
              <td><button mat-stroked-button type="button" (click)="toggle(u)" [disabled]="busy()">{{ u.disabled ? 'Enable' : 'Disable' }}</button></td></tr>
          }</tbody></table>
        </div>
      }
      <form class="card" (ngSubmit)="createUser()" novalidate aria-labelledby="add-user-h">
        <h3 id="add-user-h">Add a user</h3>
        <div class="form-grid">
          <mat-form-field><mat-label>User name</mat-label><input matInput name="username" autocomplete="off" [(ngModel)]="username" [attr.aria-invalid]="!!userErrors()['username']" />
            @if (userErrors()['username']; as e) { <mat-hint class="field-error">{{ e }}</mat-hint> }</mat-form-field>
          <mat-form-field><mat-label>One-time password</mat-label><input matInput name="password" type="password" autocomplete="new-password" [(ngModel)]="password" [attr.aria-invalid]="!!userErrors()['password']" />
            @if (userErrors()['password']; as e) { <mat-hint class="field-error">{{ e }}</mat-hint> } @else { <mat-hint>12 characters or more; changed at first sign-in</mat-hint> }</mat-form-field>
          <mat-form-field><mat-label>Role</mat-label><mat-select name="role" [(ngModel)]="role">@for (r of roles; track r) { <mat-option [value]="r">{{ r }}</mat-option> }</mat-select>
            @if (userErrors()['role']; as e) { <mat-hint class="field-error">{{ e }}</mat-hint> }</mat-form-field>
        </div>
        <button mat-flat-button type="submit" [disabled]="busy()">Add user</button>
      </form>
      <h2>API keys</h2>
      @if (token()) { <div class="ok-box" role="status"><strong>Copy this key now; it is shown once:</strong> <span class="mono secret">{{ token() }}</span></div> }
      @if (load.loaded() && keys().length === 0) { <p class="empty">No API keys. Create one for scripts and CI.</p> }
      @if (keys().length > 0) {
        <div class="table-scroll">
          <table class="data" aria-label="API keys"><thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Key</th><th scope="col">Last used</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead><tbody>@for (k of keys(); track k.id) {
            <tr><td>{{ k.name }}</td><td>{{ k.role }}</td><td class="mono">{{ k.display }}</td><td>{{ k.lastUsedAt ?? 'never' }}</td>
              <td>@if (!k.revokedAt) { <button mat-stroked-button type="button" (click)="revoke(k)" [disabled]="busy()" [attr.aria-label]="'Revoke key ' + k.name">Revoke</button> } @else { revoked }</td></tr>
          }</tbody></table>
        </div>
      }
      <form class="card" (ngSubmit)="createKey()" novalidate aria-labelledby="add-key-h">
        <h3 id="add-key-h">Create an API key</h3>
        <div class="form-grid">
          <mat-form-field><mat-label>Key name</mat-label><input matInput name="keyName" [(ngModel)]="keyName" [attr.aria-invalid]="!!keyErrors()['name']" />
            @if (keyErrors()['name']; as e) { <mat-hint class="field-error">{{ e }}</mat-hint> }</mat-form-field>
          <mat-form-field><mat-label>Key role</mat-label><mat-select name="keyRole" [(ngModel)]="keyRole">@for (r of roles; track r) { <mat-option [value]="r">{{ r }}</mat-option> }</mat-select>
            @if (keyErrors()['role']; as e) { <mat-hint class="field-error">{{ e }}</mat-hint> }</mat-form-field>
        </div>
        <button mat-flat-button type="submit" [disabled]="busy()">Create API key</button>
      </form>
    </section>
  `,
  styles: `.compact { width: 140px; } .secret { overflow-wrap: anywhere; } form.card { margin-top: 12px; } h3 { margin-top: 0; }`,
})
export class UsersPage {
  private readonly api = inject(ApiService);
  private readonly problems = inject(ProblemService);
  private readonly snackBar = inject(MatSnackBar);
  readonly roles: UserRole[] = ['read-only', 'operator', 'admin'];
  readonly users = signal<User[]>([]);
  readonly keys = signal<ApiKey[]>([]);
  readonly token = signal<string | null>(null);
  readonly busy = signal(false);
  readonly userErrors = signal<FieldProblems>({});
  readonly keyErrors = signal<FieldProblems>({});
  readonly load = new LoadState((error) => this.problems.describe(error));
  username = '';
  password = '';
  role: UserRole = 'operator';
  keyName = '';
  keyRole: UserRole = 'read-only';

  constructor() {
    void this.reload();
  }

  reload(): Promise<void> {
    return this.load.run(async () => {
      const [users, keys] = await Promise.all([this.api.users(), this.api.apiKeys()]);
      this.users.set(users);
      this.keys.set(keys);
    });
  }

  /**
   * One request at a time (every button waits), so a double click never makes two objects.
   * Resolves true when the action succeeded; its field reasons go to `fields`.
   */
  private async run(action: () => Promise<unknown>, done: string, fields?: (problems: FieldProblems) => void): Promise<boolean> {
    if (this.busy()) return false;
    this.busy.set(true);
    try {
      await action();
      fields?.({});
      this.snackBar.open(done, 'OK', { duration: 4000 });
      await this.reload();
      return true;
    } catch (error) {
      const problem = this.problems.show(error);
      fields?.(fieldReasons(problem));
      return false;
    } finally {
      this.busy.set(false);
    }
  }

  setRole = (u: User, role: UserRole) => this.run(() => this.api.patch(`/api/users/${u.id}`, { role }), `${u.username} is now ${role}.`);
  toggle = (u: User) => this.run(() => this.api.patch(`/api/users/${u.id}`, { disabled: !u.disabled }), `${u.username} ${u.disabled ? 'enabled' : 'disabled'}.`);
  revoke = (k: ApiKey) => this.run(() => this.api.delete(`/api/api-keys/${k.id}`), `Key ${k.name} revoked.`);

  async createUser(): Promise<void> {
    const problems = userProblems({ username: this.username, password: this.password });
    this.userErrors.set(problems);
    if (Object.keys(problems).length > 0) return;
    const username = this.username.trim();
    const ok = await this.run(() => this.api.post('/api/users', { username, password: this.password, role: this.role }), `User ${username} added.`, (p) => this.userErrors.set(p));
    if (ok) {
      this.username = '';
      this.password = '';
    }
  }

  async createKey(): Promise<void> {
    const problems = apiKeyProblems({ name: this.keyName });
    this.keyErrors.set(problems);
    if (Object.keys(problems).length > 0) return;
    const name = this.keyName.trim();
    const ok = await this.run(async () => this.token.set((await this.api.post<ApiKey>('/api/api-keys', { name, role: this.keyRole })).token ?? null), `API key ${name} created.`, (p) => this.keyErrors.set(p));
    if (ok) this.keyName = '';
  }
}
