import { HttpClient } from '@angular/common/http';
import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import type { SignInProvidersResponse } from '@wom/contracts';
import { firstValueFrom } from 'rxjs';
import type { LoginResponse, Me, UserRole } from './api.models';
import { roleAllows } from './roles.logic';
import { refreshDelayMs, tokenExpiresAt } from './session.logic';

export const TOKEN_KEY = 'wom.token';

/**
 * Who is signed in. The short-lived access token lives in sessionStorage; the session behind
 * it is kept by an HttpOnly refresh cookie the console never sees. The token is renewed a
 * minute before it expires, and once more on a 401 (see authInterceptor) before the console
 * asks for a sign-in.
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly router = inject(Router);
  private renewal: Promise<string | null> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  readonly me = signal<Me | null>(null);
  readonly token = signal<string | null>(sessionStorage.getItem(TOKEN_KEY));
  readonly role = computed<UserRole | null>(() => this.me()?.role ?? null);
  readonly canOperate = computed(() => roleAllows(this.role(), 'operator'));
  readonly isAdmin = computed(() => roleAllows(this.role(), 'admin'));

  constructor() {
    this.schedule(this.token());
    inject(DestroyRef).onDestroy(() => clearTimeout(this.timer));
  }

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

  /** How this control plane lets people sign in: single sign-on, password, or both. */
  providers(): Promise<SignInProvidersResponse> {
    return firstValueFrom(this.http.get<SignInProvidersResponse>('/api/auth/providers'));
  }

  async login(username: string, password: string): Promise<Me> {
    const response = await firstValueFrom(this.http.post<LoginResponse>('/api/auth/login', { username, password }));
    this.setToken(response.accessToken);
    const me: Me = { kind: 'user', id: response.user.id, name: response.user.username, role: response.user.role, mustChangePassword: response.user.mustChangePassword };
    this.me.set(me);
    return me;
  }

  /** A password change ends every session, this one too, so the console signs in again with the new password. */
  async changePassword(currentPassword: string, newPassword: string): Promise<void> {
    const username = this.me()?.name;
    await firstValueFrom(this.http.post('/api/auth/password', { currentPassword, newPassword }));
    this.setToken(null);
    if (username) await this.login(username, newPassword);
    else await this.refresh();
  }

  /**
   * A new access token from the refresh cookie, or null when the session has ended (then the
   * console is signed out). Concurrent callers share one request: the cookie rotates on every
   * refresh, and a second use of the old one would end the session.
   */
  renew(): Promise<string | null> {
    this.renewal ??= firstValueFrom(this.http.post<LoginResponse>('/api/auth/refresh', {}))
      .then((response) => {
        this.setToken(response.accessToken);
        return response.accessToken;
      })
      .catch(() => {
        this.signedOut();
        return null;
      })
      .finally(() => (this.renewal = null));
    return this.renewal;
  }

  /** Ends the session on the control plane (which clears the cookie), then here. */
  async logout(): Promise<void> {
    try {
      await firstValueFrom(this.http.post('/api/auth/logout', {}));
    } catch {
      // Signed out here regardless: an unreachable control plane must not keep the console signed in.
    } finally {
      this.setToken(null);
      this.me.set(null);
    }
  }

  private signedOut(): void {
    const wasSignedIn = this.me() !== null;
    this.setToken(null);
    this.me.set(null);
    if (wasSignedIn) void this.router.navigateByUrl('/login');
  }

  private setToken(token: string | null): void {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
    this.token.set(token);
    this.schedule(token);
  }

  private schedule(token: string | null): void {
    clearTimeout(this.timer);
    const delay = refreshDelayMs(tokenExpiresAt(token), Date.now());
    if (delay !== null) this.timer = setTimeout(() => void this.renew(), delay);
  }
}
