import { BreakpointObserver } from '@angular/cdk/layout';
import { ChangeDetectionStrategy, Component, effect, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule, type MatSelectChange } from '@angular/material/select';
import { MatSidenavModule } from '@angular/material/sidenav';
import { MatToolbarModule } from '@angular/material/toolbar';
import { Router, RouterOutlet } from '@angular/router';
import { map } from 'rxjs/operators';
import { AuthService } from './core/auth.service';
import { ConnectionService } from './core/connection.service';
import { ProblemService } from './core/problem.service';
import { WanContext } from './core/wan-context.service';
import { ProblemBannerComponent } from './shared/problem-banner.component';
import { ConnectionBannerComponent } from './shell/connection-banner.component';
import { MainNavComponent } from './shell/main-nav.component';

/** Phones and narrow windows get the navigation as a drawer over the page. */
const NARROW = '(max-width: 600px)';

/** The shell: navigation, the WAN picker, who is signed in, the connection state and the latest problem. */
@Component({
  selector: 'wom-root',
  imports: [RouterOutlet, MatToolbarModule, MatButtonModule, MatSidenavModule, MatFormFieldModule, MatSelectModule, ProblemBannerComponent, ConnectionBannerComponent, MainNavComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <a class="skip" href="#main">Skip to content</a>
    <mat-toolbar class="top">
      @if (signedIn() && narrow()) {
        <button mat-icon-button type="button" aria-label="Menu" [attr.aria-expanded]="drawer.opened" aria-controls="main-nav" (click)="drawer.toggle()">
          <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true"><path fill="currentColor" d="M3 6h18v2H3zm0 5h18v2H3zm0 5h18v2H3z" /></svg>
        </button>
      }
      <span class="brand">{{ narrow() ? 'wom' : 'WAN Overlay Manager' }}</span>
      @if (signedIn()) {
        <mat-form-field class="wan-pick" appearance="outline" subscriptSizing="dynamic">
          <mat-label>WAN</mat-label>
          <mat-select data-testid="wan-select" [value]="wans.wanId()" (selectionChange)="pick($event)" [disabled]="wans.wans().length === 0"
                      [placeholder]="wans.loaded() && wans.wans().length === 0 ? 'No WAN yet' : ''">
            @for (wan of wans.wans(); track wan.id) { <mat-option [value]="wan.id">{{ wan.name }}</mat-option> }
          </mat-select>
        </mat-form-field>
        <span class="grow"></span>
        <span class="who" data-testid="who">{{ auth.me()!.name }} · {{ auth.role() }}</span>
        @if (auth.me()!.kind === 'user') { <button mat-button type="button" (click)="logout()">Sign out</button> }
      }
    </mat-toolbar>
    <mat-sidenav-container class="layout">
      <mat-sidenav #drawer id="main-nav" [mode]="narrow() ? 'over' : 'side'" [opened]="signedIn() && !narrow()" [disableClose]="!narrow()">
        @if (signedIn()) { <wom-main-nav (navigated)="narrow() && drawer.close()" /> }
      </mat-sidenav>
      <mat-sidenav-content>
        <main id="main" tabindex="-1">
          <wom-connection-banner />
          <wom-problem-banner [problem]="problems.latest()" (dismiss)="problems.clear()" />
          <router-outlet />
        </main>
      </mat-sidenav-content>
    </mat-sidenav-container>
  `,
  styles: `
    :host { display: flex; flex-direction: column; height: 100dvh; }
    .skip { position: absolute; left: -999px; }
    .skip:focus { left: 8px; top: 8px; z-index: 10; background: var(--mat-sys-surface); color: var(--mat-sys-on-surface); padding: 8px; }
    .top { gap: 12px; flex: none; background: var(--mat-sys-surface-container); color: var(--mat-sys-on-surface); border-bottom: 1px solid var(--mat-sys-outline-variant); }
    .brand { font-weight: 700; white-space: nowrap; }
    /* A compact field, so its floating label stays inside the toolbar. */
    .wan-pick { width: 220px; min-width: 0; font-size: 0.95rem; padding-top: 6px; --mat-form-field-container-height: 40px; --mat-form-field-container-vertical-padding: 8px; }
    .who { font-size: 0.9rem; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; min-width: 0; }
    .layout { flex: 1; min-height: 0; }
    mat-sidenav { width: 210px; border-right: 1px solid var(--mat-sys-outline-variant); }
    main { min-width: 0; outline: none; }
    @media (max-width: 600px) {
      .top { gap: 6px; padding: 0 6px; }
      .wan-pick { width: 140px; flex: 1 1 auto; }
      .who { display: none; }
    }
  `,
})
export class AppComponent {
  readonly auth = inject(AuthService);
  readonly wans = inject(WanContext);
  readonly problems = inject(ProblemService);
  private readonly connection = inject(ConnectionService);
  private readonly router = inject(Router);
  readonly narrow = toSignal(inject(BreakpointObserver).observe(NARROW).pipe(map((state) => state.matches)), { initialValue: false });

  constructor() {
    this.connection.start();
    effect(() => {
      const me = this.auth.me();
      if (!me || me.mustChangePassword) return;
      this.connection.watchStream();
      // The guards of the page being opened may be reading the list already: share their answer.
      void this.wans.ensureLoaded();
    });
    // Back online: the list of WANs may have changed meanwhile.
    this.connection.reconnected.subscribe(() => {
      if (this.signedIn()) void this.wans.load();
    });
  }

  signedIn(): boolean {
    const me = this.auth.me();
    return !!me && !me.mustChangePassword;
  }

  /** The URL changes, and with it the WAN; if that navigation does not happen the picker shows the URL's WAN again. */
  async pick(change: MatSelectChange): Promise<void> {
    await this.wans.select(String(change.value));
    change.source.value = this.wans.wanId();
  }

  async logout(): Promise<void> {
    await this.auth.logout();
    this.wans.reset();
    void this.router.navigateByUrl('/login');
  }
}
