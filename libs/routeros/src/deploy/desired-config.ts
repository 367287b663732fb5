import { MENU_SCHEMAS, SENSITIVE_FIELDS, toRouterOsResources, type ApiCall, type DesiredRow, type RouterOsRow } from '@wom/renderers';
import { REDACTED } from '../client/call-log';
import type { DesiredConfig, DesiredConfigOptions, PlannedCall } from './engine.types';

/** The peer whose rows are managed, and the rows it should have (none for a removal). */
export interface ResolvedConfig {
  readonly peerId: string;
  readonly rows: readonly DesiredRow[];
}

/** Renders (and so validates) the desired state; throws the domain's DomainError on bad input. */
export function resolveDesiredConfig(desired: DesiredConfig, options: DesiredConfigOptions = {}): ResolvedConfig {
  if ('removed' in desired) return { peerId: desired.peerId, rows: [] };
  const rows = toRouterOsResources(desired, options.privateKey === undefined ? {} : { privateKey: options.privateKey });
  return { peerId: desired.peerId, rows };
}

/** A planned call as the outside world may see it: secret values replaced. */
export function toPlannedCall(call: ApiCall): PlannedCall {
  return {
    method: call.method,
    path: call.path,
    ...(call.body ? { body: redactStrings(call.body) } : {}),
    kind: call.change.kind,
    menu: call.change.menu,
    comment: call.change.comment,
    ...(call.change.label ? { label: call.change.label } : {}),
  };
}

function redactStrings(body: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(body).map(([key, value]) => [key, SENSITIVE_FIELDS.has(key.replace(/^!/, '')) ? REDACTED : value]));
}

/** The row without read-only state or secrets: what a backup keeps and a restore compares. */
export function configurableFields(menu: DesiredRow['menu'], row: RouterOsRow): Record<string, string> {
  const skip = new Set<string>(MENU_SCHEMAS[menu].readOnly);
  return Object.fromEntries(Object.entries(row).filter(([field]) => !skip.has(field) && !SENSITIVE_FIELDS.has(field)));
}
