import type { ApiCall } from '@wom/renderers';
import type { RouterOsClient, RouterOsRecord } from './routeros-client';

/**
 * Sends one planned call (from `planRouterOsChanges`) through the client's typed methods, so
 * a PUT gets the client's re-read-before-repeat protection and DELETE its 404-on-retry
 * tolerance. Returns the row for PUT/PATCH. Ordering, backup and rollback are the deploy
 * engine's business, not this function's.
 */
export async function executeApiCall(client: RouterOsClient, call: ApiCall): Promise<RouterOsRecord | undefined> {
  const menu = call.change.menu;
  const prefix = `/rest${menu}`;
  if (!call.path.startsWith(prefix)) throw new Error(`Planned call ${call.method} ${call.path} is not in menu ${menu}.`);
  const rest = call.path.slice(prefix.length);
  const { 'place-before': placeBefore, ...fields } = call.body ?? {};
  switch (call.method) {
    case 'PUT':
      return client.create(menu, fields, placeBefore === undefined ? {} : { placeBefore });
    case 'PATCH':
      return client.update(menu, rest.slice(1), fields);
    case 'DELETE':
      await client.remove(menu, rest.slice(1));
      return undefined;
    case 'POST':
      await client.command(call.path.slice('/rest'.length), call.body ?? {});
      return undefined;
  }
}

/** Runs planned calls in order and stops at the first failure (the error says which). */
export async function executeApiCalls(client: RouterOsClient, calls: readonly ApiCall[]): Promise<void> {
  for (const call of calls) await executeApiCall(client, call);
}
