import { ChangeDetectionStrategy, Component, effect, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatToolbarModule } from '@angular/material/toolbar';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { AuthService } from './core/auth.service';
import { ProblemService } from './core/problem.service';
import { WanContext } from './core/wan-context.service';
import { ProblemBannerComponent } from './shared/problem-banner.component';

/** The shell: navigation, the WAN picker, who is signed in, and the latest problem. */
@Component({
  selector: 'wom-root',
  imports: [RouterOutlet, RouterLink, RouterLinkActive, MatToolbarModule, MatButtonModule, ProblemBannerComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <a class="skip" href="#main">Skip to content</a>
    <mat-toolbar color="primary" class="top">
      <span class="brand">WAN Overlay Manager</span>
      @if (auth.me() && !auth.me()!.mustChangePassword) {
        <label class="wan-pick">
          <span class="sr-only">WAN</span>
          <select aria-label="WAN" [value]="wans.wanId() ?? ''" (change)="wans.select($any($event.target).value)">
            @for (wan of wans.wans(); track wan.id) { <option [value]="wan.id">{{ wan.name }}</option> }
            @if (wans.wans().length === 0) { <option value="">No WAN yet</option> }
          </select>
        </label>
        <span class="grow"></span>
        <span class="who" data-testid="who">{{ auth.me()!.name }} · {{ auth.role() }}</span>
        @if (auth.me()!.kind === 'user') { <button mat-button type="button" (click)="logout()">Sign out</button> }
      }
    </mat-toolbar>
    <div class="layout">
      @if (auth.me() && !auth.me()!.mustChangePassword) {
        <nav aria-label="Main">
          <a routerLink="/" routerLinkActive="active" [routerLinkActiveOptions]="{ exact: true }">Dashboard</a>
          <a routerLink="/topology" routerLinkActive="active">Topology</a>
          <a routerLink="/peers" routerLinkActive="active">Peers</a>
          <a routerLink="/services" routerLinkActive="active">Services</a>
          <a routerLink="/conflicts" routerLinkActive="active">Conflicts</a>
          <a routerLink="/jobs" routerLinkActive="active">Jobs</a>
          <a routerLink="/export" routerLinkActive="active">Export</a>
          <a routerLink="/agents" routerLinkActive="active">Agents</a>
          <a routerLink="/wans" routerLinkActive="active">WANs &amp; settings</a>
          @if (auth.isAdmin()) {
            <a routerLink="/users" routerLinkActive="active">Users &amp; API keys</a>
            <a routerLink="/audit" routerLinkActive="active">Audit log</a>
          }
        </nav>
      }
      <main id="main" tabindex="-1">
        <wom-problem-banner [problem]="problems.latest()" (dismiss)="problems.clear()" />
        <router-outlet />
      </main>
    </div>
  `,
  styles: `
    .skip { position: absolute; left: -999px; } .skip:focus { left: 8px; top: 8px; z-index: 10; background: #fff; padding: 8px; }
    .top { gap: 16px; } .brand { font-weight: 700; }
    .wan-pick select { font-size: 0.95rem; padding: 4px 8px; border-radius: 4px; }
    .who { font-size: 0.9rem; }
    .layout { display: flex; min-height: calc(100vh - 64px); }
    nav { width: 190px; background: #fff; border-right: 1px solid #d6dbe3; display: flex; flex-direction: column; padding: 8px 0; }
    nav a { padding: 10px 18px; text-decoration: none; color: #1b1f24; }
    nav a.active { background: #e3ecfb; color: #0b3d91; font-weight: 600; border-left: 4px solid #0b57d0; padding-left: 14px; }
    main { flex: 1; min-width: 0; }
  `,
})
export class AppComponent {
  readonly auth = inject(AuthService);
  readonly wans = inject(WanContext);
  readonly problems = inject(ProblemService);
  private readonly router = inject(Router);

  constructor() {
    effect(() => {
      const me = this.auth.me();
      if (me && !me.mustChangePassword && !this.wans.loaded()) void this.wans.load();
    });
  }

  logout(): void {
    this.auth.logout();
    this.wans.loaded.set(false);
    this.wans.wans.set([]);
    void this.router.navigateByUrl('/login');
  }
}
