import type { NestExpressApplication } from '@nestjs/platform-express';

interface ExpressLayer {
  readonly route?: { readonly path: string | string[]; readonly methods: Record<string, boolean> };
}

/**
 * Every route the running app registered, as `METHOD /path/:param`, read from Express's own
 * router so a new endpoint cannot slip past the role matrix unnoticed.
 */
export function registeredRoutes(app: NestExpressApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: ExpressLayer[] } };
  const routes = new Set<string>();
  for (const layer of express.router.stack) {
    if (!layer.route) continue;
    const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
    for (const method of Object.keys(layer.route.methods)) {
      if (method === '_all') continue;
      for (const path of paths) routes.add(`${method.toUpperCase()} ${path}`);
    }
  }
  return [...routes].sort();
}

/** Routes that are not endpoints: framework catch-alls, method-not-allowed stubs, the docs UI. */
export function isEndpoint(route: string): boolean {
  return (
    !route.startsWith('M-SEARCH') &&
    !route.includes('*') &&
    !/ \/api$/.test(route) &&
    !/ \/api\/docs/.test(route) &&
    !/^(?!GET)\w+ \/(healthz|readyz|metrics|install\/)/.test(route) &&
    !/ \/metrics\/$/.test(route)
  );
}

/** `GET /api/peers/:id` and `GET /api/peers/:peer` name the same route. */
export const routeShape = (route: string): string => route.replace(/:[A-Za-z]+/g, ':param');
