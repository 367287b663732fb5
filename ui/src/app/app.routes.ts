import { inject } from '@angular/core';
import { Router, type CanActivateFn, type Routes } from '@angular/router';
import { AuthService } from './core/auth.service';

/** Signed in (or single-user mode), else to the login page. */
const signedIn: CanActivateFn = async () => {
  // inject() only works before the first await.
  const auth = inject(AuthService);
  const router = inject(Router);
  if (auth.me() || (await auth.refresh())) return true;
  return router.parseUrl('/login');
};

const adminOnly: CanActivateFn = () => inject(AuthService).isAdmin() || inject(Router).parseUrl('/');

export const routes: Routes = [
  { path: 'login', loadComponent: () => import('./features/login/login.page').then((m) => m.LoginPage), title: 'Sign in' },
  {
    path: '',
    canActivate: [signedIn],
    children: [
      { path: '', pathMatch: 'full', loadComponent: () => import('./features/dashboard/dashboard.page').then((m) => m.DashboardPage), title: 'Dashboard' },
      { path: 'wans', loadComponent: () => import('./features/wans/wans.page').then((m) => m.WansPage), title: 'WANs and settings' },
      { path: 'peers', loadComponent: () => import('./features/peers/peers.page').then((m) => m.PeersPage), title: 'Peers' },
      { path: 'peers/new', loadComponent: () => import('./features/peers/peer-form.page').then((m) => m.PeerFormPage), title: 'Add peer' },
      { path: 'peers/:id/edit', loadComponent: () => import('./features/peers/peer-form.page').then((m) => m.PeerFormPage), title: 'Edit peer' },
      { path: 'peers/:id', loadComponent: () => import('./features/peer-detail/peer-detail.page').then((m) => m.PeerDetailPage), title: 'Peer' },
      { path: 'topology', loadComponent: () => import('./features/topology/topology.page').then((m) => m.TopologyPage), title: 'Topology' },
      { path: 'services', loadComponent: () => import('./features/services/services.page').then((m) => m.ServicesPage), title: 'Services' },
      { path: 'conflicts', loadComponent: () => import('./features/conflicts/conflicts.page').then((m) => m.ConflictsPage), title: 'Conflicts' },
      { path: 'jobs', loadComponent: () => import('./features/jobs/jobs.page').then((m) => m.JobsPage), title: 'Jobs' },
      { path: 'export', loadComponent: () => import('./features/export/export.page').then((m) => m.ExportPage), title: 'Export' },
      { path: 'agents', loadComponent: () => import('./features/agents/agents.page').then((m) => m.AgentsPage), title: 'Agents' },
      { path: 'audit', canActivate: [adminOnly], loadComponent: () => import('./features/admin/audit.page').then((m) => m.AuditPage), title: 'Audit log' },
      { path: 'users', canActivate: [adminOnly], loadComponent: () => import('./features/admin/users.page').then((m) => m.UsersPage), title: 'Users and API keys' },
    ],
  },
  { path: '**', redirectTo: '' },
];
