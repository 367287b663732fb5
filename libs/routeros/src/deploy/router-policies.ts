import { RouterOsError } from '../client/errors';
import type { RouterOsClient } from '../client/routeros-client';

/**
 * What a deployment cannot do without: `read` and `write` for the tables, `api` and `rest-api`
 * for REST itself (ROUTEROS-REST.md §1, §6). `test` only serves the optional ping check, so
 * its absence does not fail a connection test.
 */
export const DEPLOY_POLICIES = ['read', 'write', 'api', 'rest-api'] as const;

/**
 * The deployment policies the client's own user lacks, read from `/user` and `/user/group`
 * (any user with `read` may list them). A read-only account answers every read, so without
 * this check it would pass a connection test and fail at its first write. RouterOS prints a
 * group's policy as `read,api,…,!write,…`: names marked `!` are the ones it does not have.
 * Undefined when the router can't tell (a RADIUS user, or no such menu): then the first write
 * is the test.
 */
export async function missingDeployPolicies(client: RouterOsClient): Promise<{ group: string; missing: string[] } | undefined> {
  try {
    const [user] = await client.list('/user', { filter: { name: client.username }, proplist: ['name', 'group'] });
    const groupName = user?.['group'];
    if (groupName === undefined) return undefined;
    const [group] = await client.list('/user/group', { filter: { name: groupName }, proplist: ['name', 'policy'] });
    if (group?.['policy'] === undefined) return undefined;
    const granted = new Set(group['policy'].split(',').filter((policy) => !policy.startsWith('!')));
    return { group: groupName, missing: DEPLOY_POLICIES.filter((policy) => !granted.has(policy)) };
  } catch (error) {
    if (error instanceof RouterOsError && (error.code === 'ROUTEROS.INCOMPATIBLE_VERSION' || error.code === 'ROUTEROS.NOT_FOUND')) return undefined;
    throw error;
  }
}
