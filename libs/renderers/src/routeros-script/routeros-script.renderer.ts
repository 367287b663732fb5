import type { DesiredState } from '@wom/domain';
import { managedCommentPrefix, MENU_SCHEMAS, ROUTEROS_MENUS, toRouterOsResources } from '../routeros-rest';
import { removalBlock, rowBlock } from './routeros-script-blocks.renderer';
import { routerOsCommentText, routerOsString } from './routeros-string.encoder';

export interface RouterOsScriptOptions {
  /** Printed in the header; a parameter so output is reproducible. */
  readonly generatedAt: string;
  /** Only when an operator insists; otherwise the router generates its own key. */
  readonly privateKey?: string;
}

/**
 * The manual fallback of spec §8.3: a `.rsc` script that brings a router to the same rows the
 * REST deploy would (it is built from the same {@link toRouterOsResources} rows). It is
 * idempotent and non-destructive: it removes only this peer's rows that are no longer wanted,
 * adds missing ones, sets existing ones, and never touches a row without this peer's comment.
 */
export function renderRouterOsScript(state: DesiredState, options: RouterOsScriptOptions): string {
  const rows = toRouterOsResources(state, options.privateKey === undefined ? {} : { privateKey: options.privateKey });
  const prefix = managedCommentPrefix(state.peerId);
  const lines = [
    `# WAN-Overlay-Manager: ${routerOsCommentText(state.peerName)}`,
    `# Configuration ID: ${routerOsCommentText(state.contentHash)}`,
    `# Generated: ${routerOsCommentText(options.generatedAt)}`,
    `# Managed rows: comment starts with ${prefix}`,
    '#',
    '# IMPORTANT: Review this script before applying it (/import file-name=<this file>).',
    '# It is non-destructive: it adds, sets and removes only rows whose comment carries the',
    '# prefix above, and leaves every other row as it is. Running it twice changes nothing.',
    '',
    '# Step 1: remove rows of this configuration that are no longer wanted (NAT first).',
  ];
  for (const menu of [...ROUTEROS_MENUS].reverse()) lines.push(...removalBlock(menu, rows, prefix));

  ROUTEROS_MENUS.forEach((menu, index) => {
    const menuRows = rows.filter((row) => row.menu === menu);
    if (menuRows.length === 0) return;
    lines.push('', `# Step ${index + 2}: ${MENU_SCHEMAS[menu].consolePath}`);
    for (const row of menuRows) lines.push(...rowBlock(row, prefix));
  });

  lines.push(
    '',
    `# Step ${ROUTEROS_MENUS.length + 2}: verify.`,
    `:put ${routerOsString(`WAN-Overlay-Manager: configuration for ${state.peerName} applied. Check the peer handshakes below.`)}`,
    `/interface wireguard print where comment~${routerOsString(`^${prefix}`)}`,
    `/interface wireguard peers print where comment~${routerOsString(`^${prefix}`)}`,
  );
  return `${lines.join('\n')}\n`;
}
