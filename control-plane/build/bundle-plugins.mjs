// esbuild plugins for the server bundle: compile our TypeScript with decorator metadata, keep
// out of the bundle only what cannot live in it, and make hidden requires visible to esbuild.
import { Buffer } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import { transform } from '@swc/core';

/**
 * Packages left out of the bundle and shipped as files next to it, each for a reason esbuild
 * cannot work around. Everything else an import reaches is inlined.
 */
export const RUNTIME_PACKAGES = new Map([
  // A native addon: index.js requires the platform package's `.node` file.
  ['@node-rs/argon2', 'loads a native .node addon'],
  // Reads pglite.wasm and pglite.data next to its own modules (new URL(..., import.meta.url)).
  ['@electric-sql/pglite', 'reads its .wasm and .data files from its own directory'],
  // @nestjs/swagger serves /api/docs's scripts and styles from this package's directory.
  ['swagger-ui-dist', 'its directory is served as /api/docs assets'],
  // TypeORM loads its driver with require(name), a computed name esbuild cannot follow.
  ['pg', 'TypeORM requires it by a computed name'],
]);

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
export const packageName = (specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

/** Compiles .ts files with SWC so classes keep `design:paramtypes` metadata, which Nest's injection needs. */
export const swcDecorators = {
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

/** Every npm package stays external: the developer tools run from the repository only. */
export const allPackagesExternal = {
  name: 'all-packages-external',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, ({ path }) => (path.startsWith('@wom/') ? undefined : { path, external: true }));
  },
};

/**
 * Marks RUNTIME_PACKAGES external, and any package that is not installed: those are optional
 * requires (Nest probes for @nestjs/microservices, @nestjs/websockets, @fastify/static, …)
 * that fail at run time exactly as they do unbundled, and that the caller catches. The names
 * of the latter are collected in `missing` so the build can list them.
 */
export function runtimeExternals(missing) {
  return {
    name: 'runtime-externals',
    setup(builder) {
      builder.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData?.probing || args.path.startsWith('node:') || args.path.startsWith('@wom/')) return undefined;
        if (RUNTIME_PACKAGES.has(packageName(args.path))) return { path: args.path, external: true };
        const found = await builder.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { probing: true } });
        if (found.errors.length === 0) return found;
        missing.add(args.path);
        return { path: args.path, external: true };
      });
    },
  };
}

const HIDDEN_REQUIRE = /^(\s*)(const|let|var) require = (?:\w+\.)?createRequire\(import\.meta\.url\);?$/m;

/**
 * Some ESM packages load others with `const require = createRequire(import.meta.url)`, which
 * esbuild does not follow (evanw/esbuild#1828): @nestjs/mapped-types reaches class-validator and
 * class-transformer's metadata storage that way, @nestjs/typeorm reaches typeorm. Bundled, those
 * calls would resolve from dist/ at run time and find a second copy on disk (or nothing), whose
 * metadata is not the bundle's. Dropping the declaration hands the `require()` calls to esbuild,
 * which bundles them like any other.
 */
export const visibleRequires = {
  name: 'visible-requires',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]node_modules[\\/].*\.(m?js)$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      if (!HIDDEN_REQUIRE.test(source)) return undefined;
      return { contents: source.replace(HIDDEN_REQUIRE, '$1/* require: bundled by esbuild */'), loader: 'js' };
    });
  },
};
