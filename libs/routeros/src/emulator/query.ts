import { badRequest, type Row } from './emulator.model';
import { sameValue } from './values';

/**
 * Reading rows: GET `?k=v` filters, `.proplist`, and the POST print `.query` stack
 * (ROUTEROS-REST.md §4). There is deliberately no regex or prefix operator: RouterOS has none.
 */

/** GET query string: every pair is an exact (type-aware) equality, ANDed. */
export function matchesFilters(row: Row, filters: readonly (readonly [string, string])[]): boolean {
  return filters.every(([field, value]) => sameValue(row[field], value));
}

/** `"a,b"` or `["a","b"]` → names; undefined when absent. */
export function parseProplist(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const names = Array.isArray(value) ? value.map(String) : String(value).split(',');
  return names.map((name) => name.trim()).filter(Boolean);
}

/** Keeps the named properties; unknown names are simply absent. GET always keeps `.id`. */
export function project(row: Row, proplist: readonly string[] | undefined, keepId: boolean): Row {
  if (!proplist) return row;
  const names = keepId && !proplist.includes('.id') ? ['.id', ...proplist] : proplist;
  const out: Row = {};
  for (const name of names) if (row[name] !== undefined) out[name] = row[name];
  return out;
}

/**
 * Evaluates API query words on a stack: `name` present, `-name` absent, `name=x` equal,
 * `<name=x` / `>name=x` less / greater, and `#` operations (`|` or, `&` and, `!` not,
 * `.` duplicate top, a digit pushes a copy of that stack entry). The row matches when no
 * `false` is left on the stack.
 */
export function matchesQuery(row: Row, words: readonly string[]): boolean {
  const stack: boolean[] = [];
  for (const word of words) {
    if (word.startsWith('#')) applyOperations(stack, word.slice(1));
    else stack.push(evaluateWord(row, word));
  }
  return stack.every(Boolean);
}

function evaluateWord(row: Row, word: string): boolean {
  if (word.startsWith('-')) return row[word.slice(1)] === undefined;
  const compare = word[0] === '<' || word[0] === '>' ? word[0] : undefined;
  const text = compare ? word.slice(1) : word;
  const eq = text.indexOf('=');
  if (eq < 0) {
    if (compare) throw badRequest(`invalid query word ${word}`);
    return row[text] !== undefined;
  }
  const field = text.slice(0, eq);
  const wanted = text.slice(eq + 1);
  const actual = row[field];
  if (!compare) return sameValue(actual, wanted);
  if (actual === undefined) return false;
  const numeric = /^-?\d+$/.test(actual) && /^-?\d+$/.test(wanted);
  const order = numeric ? Number(actual) - Number(wanted) : actual < wanted ? -1 : actual > wanted ? 1 : 0;
  return compare === '<' ? order < 0 : order > 0;
}

function applyOperations(stack: boolean[], operations: string): void {
  const pop = (): boolean => {
    const value = stack.pop();
    if (value === undefined) throw badRequest('invalid query: stack underflow');
    return value;
  };
  for (const op of operations) {
    if (op === '|' || op === '&') {
      const b = pop();
      const a = pop();
      stack.push(op === '|' ? a || b : a && b);
    } else if (op === '!') {
      stack.push(!pop());
    } else if (op === '.') {
      const top = pop();
      stack.push(top, top);
    } else if (/\d/.test(op)) {
      const value = stack[Number(op)];
      if (value === undefined) throw badRequest('invalid query: stack underflow');
      stack.push(value);
    } else {
      throw badRequest(`invalid query operation ${op}`);
    }
  }
}
