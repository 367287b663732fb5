/**
 * Small pieces of nft syntax. Callers pass only validated values: interface names from
 * `assertInterfaceName`, addresses and ports that parsed. Nothing here escapes text,
 * because nft strings have no escape for `"`; values that could need one are rejected
 * before they get here.
 */

const INDENT = '\t';

export function indent(lines: readonly string[], depth = 1): string[] {
  return lines.map((line) => (line === '' ? line : `${INDENT.repeat(depth)}${line}`));
}

/** A validated interface name in double quotes, so nft never reads it as a keyword. */
export function quoted(name: string): string {
  return `"${name}"`;
}

export interface SetDeclaration {
  readonly kind: 'set' | 'map';
  readonly name: string;
  /** Why the set exists, printed as a `#` comment above it. */
  readonly why: string;
  readonly type: string;
  readonly interval: boolean;
  readonly elements: readonly string[];
}

/** A named set or map; an empty one has no `elements` line, which nft would reject. */
export function declareSet(set: SetDeclaration): string[] {
  const body = [`type ${set.type}`];
  if (set.interval) body.push('flags interval');
  if (set.elements.length > 0) {
    const last = set.elements.length - 1;
    body.push('elements = {', ...indent(set.elements.map((element, index) => (index < last ? `${element},` : element))), '}');
  }
  return [`# ${set.why}`, `${set.kind} ${set.name} {`, ...indent(body), '}'];
}

export interface ChainDeclaration {
  readonly name: string;
  readonly why: readonly string[];
  /** `type ... hook ... priority ...; policy ...;` */
  readonly hook: string;
  readonly rules: readonly string[];
}

export function declareChain(chain: ChainDeclaration): string[] {
  return [...chain.why.map((line) => `# ${line}`), `chain ${chain.name} {`, ...indent([chain.hook, ...chain.rules]), '}'];
}
