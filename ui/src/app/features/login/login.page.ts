import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { ActivatedRoute, Router } from '@angular/router';
import type { SignInProvidersResponse } from '@wom/contracts';
import { AuthService } from '../../core/auth.service';
import type { ProblemView } from '../../core/api-error.logic';
import { ProblemService } from '../../core/problem.service';
import { ProblemBannerComponent } from '../../shared/problem-banner.component';
import { signInErrorProblem } from './sign-in-error.logic';

@Component({
  selector: 'wom-login',
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, ProblemBannerComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page login">
      <h1>Sign in</h1>
      @if (mustChange()) {
        <form (ngSubmit)="change()" class="card">
          <p>This account has a one-time password. Choose your own (at least 12 characters).</p>
          <mat-form-field appearance="outline"><mat-label>New password</mat-label><input matInput name="newPassword" type="password" autocomplete="new-password" [(ngModel)]="newPassword" required minlength="12" /></mat-form-field>
          <button mat-flat-button type="submit" [disabled]="busy()">Set password</button>
        </form>
      } @else {
        @if (providers()?.sso; as sso) {
          <div class="card sso">
            <!-- A navigation, not a request: the provider's pages open in this tab and come back to the console. -->
            <a mat-flat-button [href]="sso.loginUrl">Sign in with {{ sso.name }}</a>
          </div>
        }
        @if (providers()?.localLogin !== false) {
          <form (ngSubmit)="login()" class="card">
            <mat-form-field appearance="outline"><mat-label>User name</mat-label><input matInput name="username" autocomplete="username" [(ngModel)]="username" required /></mat-form-field>
            <mat-form-field appearance="outline"><mat-label>Password</mat-label><input matInput name="password" type="password" autocomplete="current-password" [(ngModel)]="password" required /></mat-form-field>
            <button mat-flat-button type="submit" [disabled]="busy()">Sign in</button>
          </form>
        }
      }
      <wom-problem-banner [problem]="problem()" (dismiss)="problem.set(null)" />
    </section>
  `,
  styles: `.login { max-width: 420px; margin: 48px auto; } form, .sso { display: flex; flex-direction: column; } .sso { margin-bottom: 16px; }`,
})
export class LoginPage {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly problems = inject(ProblemService);
  username = '';
  password = '';
  newPassword = '';
  readonly busy = signal(false);
  readonly mustChange = signal(false);
  readonly problem = signal<ProblemView | null>(null);
  /** Null until known; the password form shows meanwhile, as it did before single sign-on. */
  readonly providers = signal<SignInProvidersResponse | null>(null);

  constructor() {
    // Single sign-on comes back here with ?error=<reason> when it did not end in a session.
    this.problem.set(signInErrorProblem(inject(ActivatedRoute).snapshot.queryParamMap.get('error')));
    this.auth.providers().then(
      (providers) => this.providers.set(providers),
      () => this.providers.set(null),
    );
  }

  async login(): Promise<void> {
    this.busy.set(true);
    try {
      const me = await this.auth.login(this.username.trim(), this.password);
      if (me.mustChangePassword) this.mustChange.set(true);
      else await this.router.navigateByUrl('/');
      this.problem.set(null);
    } catch (error) {
      this.problem.set(this.problems.describe(error));
    } finally {
      this.busy.set(false);
    }
  }

  async change(): Promise<void> {
    this.busy.set(true);
    try {
      await this.auth.changePassword(this.password, this.newPassword);
      await this.router.navigateByUrl('/');
    } catch (error) {
      this.problem.set(this.problems.describe(error));
    } finally {
      this.busy.set(false);
    }
  }
}
