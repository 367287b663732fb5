// Bundles the control plane into dist/main.js. esbuild resolves and bundles; SWC compiles each
// TypeScript file because esbuild emits no decorator metadata, which Nest's injection needs.
import { Buffer } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from '@swc/core';
import { build } from 'esbuild';

const projectRoot = dirname(fileURLToPath(import.meta.url));

/** Compiles .ts files with SWC so classes keep `design:paramtypes` metadata. */
const swcDecorators = {
  name: 'swc-decorators',
  setup(builder) {
    builder.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      const { code, map } = await transform(source, {
        filename: path,
        sourceMaps: true,
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
        },
      });
      const inlineMap = `\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(map ?? '').toString('base64')}`;
      return { contents: code + inlineMap, loader: 'js' };
    });
  },
};

/** Our workspace libraries ship TypeScript sources, so they are bundled; every npm package stays external. */
const externalPackages = {
  name: 'external-packages',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, ({ path }) => (path.startsWith('@wom/') ? undefined : { path, external: true }));
  },
};

// `--tool` builds the developer tools under tools/ instead of the server.
const tool = process.argv.includes('--tool');
await build({
  entryPoints: tool ? [join(projectRoot, 'tools/schema-diff.ts')] : [join(projectRoot, 'src/main.ts')],
  outdir: join(projectRoot, tool ? 'dist/tools' : 'dist'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  tsconfig: join(projectRoot, 'tsconfig.json'),
  plugins: [externalPackages, swcDecorators],
  logLevel: 'warning',
});
console.log(`control-plane: built ${tool ? 'dist/tools' : 'dist/main.js'}`);
