import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { Router } from '@angular/router';
import { AuthService } from '../../core/auth.service';
import type { ProblemView } from '../../core/api-error.logic';
import { ProblemService } from '../../core/problem.service';
import { ProblemBannerComponent } from '../../shared/problem-banner.component';

@Component({
  selector: 'wom-login',
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatInputModule, ProblemBannerComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="page login">
      <h1>Sign in</h1>
      @if (!mustChange()) {
        <form (ngSubmit)="login()" class="card">
          <mat-form-field appearance="outline"><mat-label>User name</mat-label><input matInput name="username" autocomplete="username" [(ngModel)]="username" required /></mat-form-field>
          <mat-form-field appearance="outline"><mat-label>Password</mat-label><input matInput name="password" type="password" autocomplete="current-password" [(ngModel)]="password" required /></mat-form-field>
          <button mat-flat-button type="submit" [disabled]="busy()">Sign in</button>
        </form>
      } @else {
        <form (ngSubmit)="change()" class="card">
          <p>This account has a one-time password. Choose your own (at least 12 characters).</p>
          <mat-form-field appearance="outline"><mat-label>New password</mat-label><input matInput name="newPassword" type="password" autocomplete="new-password" [(ngModel)]="newPassword" required minlength="12" /></mat-form-field>
          <button mat-flat-button type="submit" [disabled]="busy()">Set password</button>
        </form>
      }
      <wom-problem-banner [problem]="problem()" (dismiss)="problem.set(null)" />
    </section>
  `,
  styles: `.login { max-width: 420px; margin: 48px auto; } form { display: flex; flex-direction: column; }`,
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
