import { inject } from '@angular/core';
import { Router, type CanActivateFn, type Routes } from '@angular/router';
import { AuthService } from './core/auth.service';
import { knownWan, legacyWanPage, peerInItsWan, toWanPage } from './core/wan-routing';

/** Signed in (or single-user mode), else to the login page. */
const signedIn: CanActivateFn = async () => {
  // inject() only works before the first await.
  const auth = inject(AuthService);
  const router = inject(Router);
  if (auth.me() || (await auth.refresh())) return true;
  return router.parseUrl('/login');
};

const adminOnly: CanActivateFn = () => inject(AuthService).isAdmin() || inject(Router).parseUrl('/');

const dashboard = () => import('./features/dashboard/dashboard.page').then((m) => m.DashboardPage);
const wansPage = () => import('./features/wans/wans.page').then((m) => m.WansPage);

/** The pages of one WAN, under `/wans/:wanId/`: the URL says which WAN a page shows. */
const wanPages: Routes = [
  { path: '', pathMatch: 'full', loadComponent: dashboard, title: 'Dashboard' },
  { path: 'settings', loadComponent: wansPage, title: 'WANs and settings' },
  { path: 'peers', loadComponent: () => import('./features/peers/peers.page').then((m) => m.PeersPage), title: 'Peers' },
  { path: 'peers/new', loadComponent: () => import('./features/peers/peer-form.page').then((m) => m.PeerFormPage), title: 'Add peer' },
  { path: 'peers/:id/edit', canActivate: [peerInItsWan], loadComponent: () => import('./features/peers/peer-form.page').then((m) => m.PeerFormPage), title: 'Edit peer' },
  { path: 'peers/:id', canActivate: [peerInItsWan], loadComponent: () => import('./features/peer-detail/peer-detail.page').then((m) => m.PeerDetailPage), title: 'Peer' },
  { path: 'topology', loadComponent: () => import('./features/topology/topology.page').then((m) => m.TopologyPage), title: 'Topology' },
  { path: 'services', loadComponent: () => import('./features/services/services.page').then((m) => m.ServicesPage), title: 'Services' },
  { path: 'conflicts', loadComponent: () => import('./features/conflicts/conflicts.page').then((m) => m.ConflictsPage), title: 'Conflicts' },
  { path: 'drift', loadComponent: () => import('./features/drift/drift.page').then((m) => m.DriftPage), title: 'Drift' },
  { path: 'jobs', loadComponent: () => import('./features/jobs/jobs.page').then((m) => m.JobsPage), title: 'Jobs' },
  { path: 'export', loadComponent: () => import('./features/export/export.page').then((m) => m.ExportPage), title: 'Export' },
  { path: 'agents', loadComponent: () => import('./features/agents/agents.page').then((m) => m.AgentsPage), title: 'Agents' },
  { path: 'audit', canActivate: [adminOnly], loadComponent: () => import('./features/admin/audit.page').then((m) => m.AuditPage), title: 'Audit log' },
  { path: '**', redirectTo: '' },
];

export const routes: Routes = [
  { path: 'login', loadComponent: () => import('./features/login/login.page').then((m) => m.LoginPage), title: 'Sign in' },
  {
    path: '',
    canActivate: [signedIn],
    children: [
      // `/` opens the remembered WAN's dashboard; with no WAN yet it is the welcome.
      { path: '', pathMatch: 'full', canActivate: [toWanPage], loadComponent: dashboard, title: 'Dashboard' },
      // `/wans` is the selected WAN's settings; with no WAN yet, where the first one is created.
      { path: 'wans', pathMatch: 'full', canActivate: [toWanPage], loadComponent: wansPage, title: 'WANs and settings' },
      { path: 'wans/:wanId', canActivate: [knownWan], children: wanPages },
      { path: 'users', canActivate: [adminOnly], loadComponent: () => import('./features/admin/users.page').then((m) => m.UsersPage), title: 'Users and API keys' },
      // Links from before pages were WAN-scoped (`/peers/<id>`, `/jobs?batch=…`) keep working.
      { matcher: legacyWanPage, canActivate: [toWanPage], children: [] },
    ],
  },
  { path: '**', redirectTo: '' },
];
