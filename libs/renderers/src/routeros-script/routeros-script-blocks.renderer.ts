import { MENU_SCHEMAS, ownedFields, TERMINAL_FILTER_ACTIONS, type DesiredRow, type RouterOsMenu } from '../routeros-rest';
import { routerOsCommentText, routerOsString } from './routeros-string.encoder';

/**
 * Script blocks, one per menu (removal) or per row (add or set). Every block is wrapped in
 * `{ }` so its `:local` variables live for the whole block even when RouterOS imports the
 * file line by line, and every command names its full menu path so no block depends on a
 * previous one having changed the current menu.
 */

const FIELD_NAME = /^[a-z][a-z0-9-]*$/;

/** Removes this peer's rows (matching `prefix`) whose comment no desired row carries. */
export function removalBlock(menu: RouterOsMenu, rows: readonly DesiredRow[], prefix: string): string[] {
  const path = MENU_SCHEMAS[menu].consolePath;
  const keep = rows.filter((row) => row.menu === menu).map((row) => routerOsString(row.comment));
  return [
    '{',
    `  :local keep ${keep.length > 0 ? `{${keep.join(';')}}` : '[:toarray ""]'}`,
    `  :foreach i in=[${path} find where comment~${routerOsString(`^${prefix}`)}] do={`,
    `    :if ([:typeof [:find $keep [${path} get $i comment]]] = "nil") do={`,
    `      ${path} remove $i`,
    '    }',
    '  }',
    '}',
  ];
}

/** Adds the row when no row carries its comment, otherwise sets every field it owns. */
export function rowBlock(row: DesiredRow, prefix: string): string[] {
  const path = MENU_SCHEMAS[row.menu].consolePath;
  const add = `${path} add ${args(row.fields)} comment=${routerOsString(row.comment)}`;
  const set = `${path} set $id ${args(ownedFields(row))}`;
  const anchor = anchorLookup(row, prefix);
  const lines = [`# ${routerOsCommentText(row.label)}`, '{'];
  if (anchor) lines.push(`  :local anchor ${anchor}`);
  lines.push(`  :local id [${path} find where comment=${routerOsString(row.comment)}]`, '  :if ([:len $id] = 0) do={');
  lines.push(...conflictGuard(row).map((line) => `    ${line}`));
  if (anchor) {
    lines.push(
      '    :if ([:typeof $anchor] = "nil") do={',
      `      ${add}`,
      '    } else={',
      `      ${add} place-before=$anchor`,
      '    }',
    );
  } else {
    lines.push(`    ${add}`);
  }
  lines.push('  } else={', `    ${set}`);
  if (anchor && MENU_SCHEMAS[row.menu].placement === 'before-first-drop') lines.push(...moveBack(path).map((line) => `    ${line}`));
  lines.push('  }', '}');
  return lines;
}

/** `name="value"` pairs; names come from our own code, values are always string literals. */
function args(fields: Readonly<Record<string, string>>): string {
  return Object.entries(fields)
    .map(([field, value]) => {
      // A bad name is our bug, not bad input, so this is a plain Error rather than a DomainError.
      if (!FIELD_NAME.test(field)) throw new Error(`Refusing to write property name "${field}" to a RouterOS script.`);
      return `${field}=${routerOsString(value)}`;
    })
    .join(' ');
}

/** The same anchor the REST planner uses, found on the router: `:pick` of an empty list is nil. */
function anchorLookup(row: DesiredRow, prefix: string): string | undefined {
  const placement = MENU_SCHEMAS[row.menu].placement;
  const chain = row.fields['chain'];
  if (placement === 'append' || chain === undefined) return undefined;
  const path = MENU_SCHEMAS[row.menu].consolePath;
  const notOurs = `!(comment~${routerOsString(`^${prefix}`)})`;
  const terminal =
    placement === 'before-first-drop'
      ? ` and (${[...TERMINAL_FILTER_ACTIONS].map((action) => `action=${routerOsString(action)}`).join(' or ')})`
      : '';
  return `[:pick [${path} find where chain=${routerOsString(chain)}${terminal} and dynamic=no and ${notOurs}] 0]`;
}

/** Stops the import with a clear message instead of RouterOS's own duplicate error. */
function conflictGuard(row: DesiredRow): string[] {
  const key = MENU_SCHEMAS[row.menu].naturalKey;
  if (key.length === 0) return [];
  const path = MENU_SCHEMAS[row.menu].consolePath;
  const match = key.map((field) => `${field}=${routerOsString(row.fields[field] ?? '')}`).join(' and ');
  const held = key.map((field) => `${field}=${row.fields[field] ?? ''}`).join(' ');
  const message = `WAN-Overlay-Manager: ${path} already has an unmanaged row with ${held}; rename or remove it, then run this script again.`;
  return [`:if ([:len [${path} find where ${match}]] > 0) do={`, `  :error ${routerOsString(message)}`, '}'];
}

/** Moves an existing rule back above the anchor when someone moved it below. */
function moveBack(path: string): string[] {
  return [
    ':if ([:typeof $anchor] != "nil") do={',
    `  :local all [${path} find]`,
    '  :if ([:find $all [:pick $id 0]] > [:find $all $anchor]) do={',
    `    ${path} move $id destination=$anchor`,
    '  }',
    '}',
  ];
}
