import { ChangeDetectionStrategy, Component, inject, output } from '@angular/core';
import { MatListModule } from '@angular/material/list';
import { RouterLink, RouterLinkActive } from '@angular/router';
import { AuthService } from '../core/auth.service';
import { WanLinkPipe } from '../core/wan-link.pipe';

/** The main navigation: the selected WAN's pages, then what belongs to no WAN. */
@Component({
  selector: 'wom-main-nav',
  imports: [MatListModule, RouterLink, RouterLinkActive, WanLinkPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <nav aria-label="Main">
      <mat-nav-list>
        @for (item of wanItems; track item.path) {
          <a mat-list-item [routerLink]="item.path | wanLink" routerLinkActive="active" #rla="routerLinkActive" [activated]="rla.isActive"
             [routerLinkActiveOptions]="{ exact: item.path === '' }" [attr.aria-current]="rla.isActive ? 'page' : null" (click)="navigated.emit()">{{ item.label }}</a>
        }
        @if (auth.isAdmin()) {
          <a mat-list-item [routerLink]="'audit' | wanLink" routerLinkActive="active" #audit="routerLinkActive" [activated]="audit.isActive"
             [attr.aria-current]="audit.isActive ? 'page' : null" (click)="navigated.emit()">Audit log</a>
          <a mat-list-item routerLink="/users" routerLinkActive="active" #users="routerLinkActive" [activated]="users.isActive"
             [attr.aria-current]="users.isActive ? 'page' : null" (click)="navigated.emit()">Users &amp; API keys</a>
        }
      </mat-nav-list>
    </nav>
  `,
  styles: `
    nav { padding: 4px 0; }
    a.active { font-weight: 600; }
  `,
})
export class MainNavComponent {
  readonly auth = inject(AuthService);
  /** A link was followed: a drawer over the page closes. */
  readonly navigated = output<void>();
  readonly wanItems = [
    { path: '', label: 'Dashboard' },
    { path: 'topology', label: 'Topology' },
    { path: 'peers', label: 'Peers' },
    { path: 'services', label: 'Services' },
    { path: 'conflicts', label: 'Conflicts' },
    { path: 'drift', label: 'Drift' },
    { path: 'jobs', label: 'Jobs' },
    { path: 'export', label: 'Export' },
    { path: 'agents', label: 'Agents' },
    { path: 'settings', label: 'WANs & settings' },
  ] as const;
}
