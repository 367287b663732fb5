import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The pure libraries must stay free of frameworks and I/O. This runs the workspace's real
 * ESLint configuration on probe files, so a loosened rule fails here, not in review.
 */
const root = join(__dirname, '..', '..', '..');

function lint(code: string, filePath: string): string[] {
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--format', 'json', '--stdin', '--stdin-filename', filePath], {
    cwd: root,
    input: code,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const [report] = JSON.parse(result.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
  return report!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const probe = (modules: readonly string[]) =>
  modules.map((module, i) => `import * as probe${i} from '${module}';\nexport const used${i} = probe${i};\n`).join('');

describe('module boundaries of the pure libraries', () => {
  it.each([
    ['libs/domain/src/probe.ts', ['@nestjs/common', 'typeorm', 'pg', '@nats-io/transport-node', 'node:fs', 'child_process']],
    ['libs/renderers/src/probe.ts', ['undici', 'execa', '@angular/core', 'node:crypto', 'fs']],
  ])('%s may import none of %j', (file, modules) => {
    const errors = lint(probe(modules), file);
    expect(errors).toHaveLength(modules.length);
    modules.forEach((module, i) => expect(errors[i]).toContain(`'${module}'`));
  });

  it('lets them import each other and the crypto primitives they are built on', () => {
    expect(lint(probe(['@noble/curves/ed25519.js', '@wom/domain']), 'libs/renderers/src/probe.ts')).toEqual([]);
  });
});
