import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/** Libraries a pure library may never import: frameworks, drivers and process spawners. */
const FRAMEWORKS = ['@nestjs/*', '@angular/*', 'typeorm', 'pg', 'nats', '@nats-io/*', 'undici', 'execa', 'rxjs'];

const PURE = 'Pure libraries take no framework or I/O imports.';

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', '**/coverage/**', '**/.nx/**', '**/tmp/**', 'libs/contracts/src/generated/**', '**/*.cjs'] },
  js.configs.recommended,
  {
    // Node scripts of the workspace itself.
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          banTransitiveDependencies: false,
          depConstraints: [
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: [], bannedExternalImports: FRAMEWORKS },
            { sourceTag: 'type:renderers', onlyDependOnLibsWithTags: ['type:domain'], bannedExternalImports: FRAMEWORKS },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [], bannedExternalImports: FRAMEWORKS },
            {
              sourceTag: 'type:routeros',
              onlyDependOnLibsWithTags: ['type:domain', 'type:renderers', 'type:contracts'],
              bannedExternalImports: ['@nestjs/*', '@angular/*', 'typeorm', 'pg', 'nats', '@nats-io/*'],
            },
            { sourceTag: 'type:app-server', onlyDependOnLibsWithTags: ['type:domain', 'type:renderers', 'type:routeros', 'type:contracts'] },
            { sourceTag: 'type:app-agent', onlyDependOnLibsWithTags: ['type:domain', 'type:renderers', 'type:routeros', 'type:contracts'] },
            { sourceTag: 'type:app-ui', onlyDependOnLibsWithTags: ['type:domain', 'type:contracts'] },
            // Benchmarks and scripts drive the libraries from outside; nothing depends on them.
            { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:domain', 'type:renderers', 'type:routeros', 'type:contracts'] },
          ],
        },
      ],
    },
  },
  {
    // A pure library imports no framework, driver or process spawner. This holds even before
    // such a package is installed, which the project-graph rule above cannot see.
    files: ['libs/domain/src/**/*.ts', 'libs/renderers/src/**/*.ts', 'libs/contracts/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/__fixtures__/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['fs', 'child_process', 'net', 'crypto', 'http', 'https', 'os'].map((name) => ({ name, message: PURE })),
          patterns: [{ group: [...FRAMEWORKS, 'node:*'], message: PURE }],
        },
      ],
    },
  },
  {
    // Tests may use Node's own modules (child_process for the real wg and nft tools).
    files: ['**/*.spec.ts', '**/__fixtures__/**/*.ts', 'bench/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
];
