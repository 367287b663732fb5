import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { LoginResponse, Me, UserRole } from './api.models';
import { roleAllows } from './roles.logic';

const TOKEN_KEY = 'wom.token';

/** Who is signed in. The token lives in sessionStorage so closing the tab signs out. */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  readonly me = signal<Me | null>(null);
  readonly token = signal<string | null>(sessionStorage.getItem(TOKEN_KEY));
  readonly role = computed<UserRole | null>(() => this.me()?.role ?? null);
  readonly canOperate = computed(() => roleAllows(this.role(), 'operator'));
  readonly isAdmin = computed(() => roleAllows(this.role(), 'admin'));

  /** Asks the control plane who we are; false when a sign-in is needed. */
  async refresh(): Promise<boolean> {
    try {
      this.me.set(await firstValueFrom(this.http.get<Me>('/api/auth/me')));
      return true;
    } catch {
      this.me.set(null);
      return false;
    }
  }

  async login(username: string, password: string): Promise<Me> {
    const response = await firstValueFrom(this.http.post<LoginResponse>('/api/auth/login', { username, password }));
    this.setToken(response.accessToken);
    const me: Me = { kind: 'user', id: response.user.id, name: response.user.username, role: response.user.role, mustChangePassword: response.user.mustChangePassword };
    this.me.set(me);
    return me;
  }

  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    await firstValueFrom(this.http.post('/api/auth/password', { currentPassword, newPassword }));
    await this.refresh();
  }

  logout(): void {
    this.setToken(null);
    this.me.set(null);
  }

  private setToken(token: string | null): void {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
    this.token.set(token);
  }
}
