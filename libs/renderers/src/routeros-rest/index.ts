export * from './routeros-rest.model';
export {
  MANAGED_COMMENT_PREFIX,
  hasManagedPrefix,
  isManagedByPeer,
  isManagedComment,
  managedComment,
  managedCommentPrefix,
  managedUuid,
} from './managed-comment';
export { MENU_SCHEMAS, SENSITIVE_FIELDS, TERMINAL_FILTER_ACTIONS, ownedFields, type MenuSchema } from './routeros-menu.schema';
export { toRouterOsResources, type RouterOsResourceOptions } from './routeros-resources.renderer';
export { MASKED_SECRET, normalizeRouterOsValue, routerOsValuesEqual } from './routeros-value.normalizer';
export { compareRow, diffRouterOsRows } from './routeros-rows.differ';
export { planRouterOsChanges } from './routeros-changes.planner';
export { placementAnchor } from './routeros-placement.planner';
