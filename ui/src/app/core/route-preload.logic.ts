import type { Route, Routes } from '@angular/router';

type PageLoader = NonNullable<Route['loadComponent']>;

/**
 * The `loadComponent` of the page a URL path shows, found in the route table alone. Called
 * before the console starts, it lets the page's code download while the console boots and its
 * guards ask who is signed in, instead of after (the router loads a page only once its guards
 * have passed). Guards still decide: this only warms the browser's module cache.
 */
export function pageLoaderFor(routes: Routes, path: string): PageLoader | null {
  const segments = path.split(/[?#]/)[0]!.split('/').filter((segment) => segment !== '');
  return find(routes, segments, 0);
}

function find(routes: Routes, segments: readonly string[], depth: number): PageLoader | null {
  if (depth > 8) return null;
  for (const route of routes) {
    if (route.matcher || route.redirectTo !== undefined || route.path === '**') continue;
    const parts = (route.path ?? '').split('/').filter((part) => part !== '');
    if (parts.length > segments.length || !parts.every((part, i) => part.startsWith(':') || part === segments[i])) continue;
    const rest = segments.slice(parts.length);
    if (route.children) {
      const found = find(route.children, rest, depth + 1);
      if (found) return found;
    } else if (route.loadComponent && rest.length === 0) return route.loadComponent;
  }
  return null;
}
