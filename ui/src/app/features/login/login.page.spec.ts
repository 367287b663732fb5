import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import { provideRouter, Router } from '@angular/router';
import type { SignInProvidersResponse } from '@wom/contracts';
import { LoginPage } from './login.page';

describe('LoginPage', () => {
  async function render(url: string, providers: SignInProvidersResponse): Promise<HTMLElement> {
    TestBed.configureTestingModule({ providers: [provideRouter([{ path: 'login', component: LoginPage }]), provideHttpClient(), provideHttpClientTesting(), provideNoopAnimations()] });
    await TestBed.inject(Router).navigateByUrl(url);
    const fixture = TestBed.createComponent(LoginPage);
    fixture.detectChanges();
    TestBed.inject(HttpTestingController).expectOne('/api/auth/providers').flush(providers);
    await fixture.whenStable();
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  afterEach(() => TestBed.inject(HttpTestingController).verify());

  it('offers single sign-on beside the password form', async () => {
    const page = await render('/login', { sso: { name: 'Keycloak', loginUrl: '/api/auth/oidc/login' }, localLogin: true });
    const button = page.querySelector<HTMLAnchorElement>('a[href="/api/auth/oidc/login"]');
    expect(button?.textContent?.trim()).toBe('Sign in with Keycloak');
    expect(page.querySelector('input[name="password"]')).not.toBeNull();
  });

  it('hides the password form when password login is off', async () => {
    const page = await render('/login', { sso: { name: 'Keycloak', loginUrl: '/api/auth/oidc/login' }, localLogin: false });
    expect(page.querySelector('a[href="/api/auth/oidc/login"]')).not.toBeNull();
    expect(page.querySelector('input[name="password"]')).toBeNull();
  });

  it('shows only the password form without single sign-on', async () => {
    const page = await render('/login', { sso: null, localLogin: true });
    expect(page.querySelector('a[href="/api/auth/oidc/login"]')).toBeNull();
    expect(page.querySelector('input[name="password"]')).not.toBeNull();
  });

  it('explains the error single sign-on came back with', async () => {
    const page = await render('/login?error=no-role', { sso: { name: 'Keycloak', loginUrl: '/api/auth/oidc/login' }, localLogin: true });
    expect(page.querySelector('[role="alert"]')?.textContent).toContain('none of your groups is given a role here');
  });
});
