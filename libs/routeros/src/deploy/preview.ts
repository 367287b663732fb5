import type { RouterOsClient } from '../client/routeros-client';
import { readRouterTables } from '../client/router-tables';
import { resolveDesiredConfig, toPlannedCall } from './desired-config';
import { planDeployment } from './deployment-plan';
import type { DeploymentPreview, DesiredConfig, DesiredConfigOptions } from './engine.types';

/** Reads every managed menu once (GET only) and returns the diff and the calls a deploy would send. */
export async function previewDeploymentImpl(client: RouterOsClient, desired: DesiredConfig, options: DesiredConfigOptions): Promise<DeploymentPreview> {
  const config = resolveDesiredConfig(desired, options);
  const plan = planDeployment(await readRouterTables(client), config);
  return { peerId: config.peerId, menus: plan.menus, calls: plan.calls.map(toPlannedCall), conflicts: plan.conflicts, summary: plan.summary };
}
