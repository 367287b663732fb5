import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * Imports between the library's own files, type-only imports and re-exports included: a
 * circle of `import type` still ties the files into one unit that can't be read, tested or
 * split on its own. Package imports (`@wom/*`, `node:*`) are left out; they can't close a
 * circle inside this folder.
 */
function importGraph(root: string): Map<string, string[]> {
  const files = sourceFiles(root);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles
      .map(({ fileName }) => fileName)
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => resolveModule(dirname(file), specifier))
      .filter((target): target is string => target !== undefined && files.includes(target));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

function resolveModule(from: string, specifier: string): string | undefined {
  const base = resolve(from, specifier);
  return [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
}

/** Every import circle, each as the path of files that closes it (depth-first, one per back edge). */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return cycles;
}

const SRC = resolve(__dirname, '..');
const show = (cycles: string[][]): string[] => cycles.map((cycle) => cycle.map((file) => relative(SRC, file)).join(' → '));

describe('import graph', () => {
  it('finds a circle when there is one (the check itself works)', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(findCycles(graph)).toEqual([['a', 'b', 'c', 'a']]);
    expect(findCycles(new Map([['a', ['b']], ['b', []]]))).toEqual([]);
  });

  it('has no import circle in the deploy engine: the steps import the types, the facade imports the steps', () => {
    const graph = importGraph(__dirname);
    expect(graph.size).toBeGreaterThan(10);
    expect(show(findCycles(graph))).toEqual([]);
    const facade = join(__dirname, 'engine.api.ts');
    const importersOfFacade = [...graph].filter(([, targets]) => targets.includes(facade)).map(([file]) => relative(SRC, file));
    expect(importersOfFacade).toEqual([]);
  });

  it('has no import circle anywhere in the library', () => {
    expect(show(findCycles(importGraph(SRC)))).toEqual([]);
  });
});
