// Bundles the extension and the emulator into dist/. `--production` minifies;
// `--watch` rebuilds on change. `vscode` is provided by the host, never bundled.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const quiet = process.argv.includes('--quiet');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  minify: production,
  logLevel: quiet ? 'warning' : 'info',
  external: ['vscode', 'bufferutil', 'utf-8-validate'],
};

/**
 * Packages the extension needs only after activation (the socket, the service-account JWE, kubeconfig
 * YAML). Each ships as its own file in dist/vendor/ and is read when first required, so activation
 * neither reads nor compiles them (docs/PERFORMANCE.md, "Activation"). Each file is what the
 * extension requires of the package: `ws` as `require()` sees it (its ES-module wrapper would export
 * an object, not the class), `yaml` whole (the Document API reaches most of it), and of `jose` only
 * the two functions the JWE is made with, so the rest of it is not shipped (~60 → ~21 KB).
 */
const deferredPackages = {
  ws: "module.exports = require('ws');",
  jose: "export { CompactEncrypt, importJWK } from 'jose';",
  yaml: "module.exports = require('yaml');",
};

/** Points `require('ws')` etc. of the extension at dist/vendor/<name>.js, loaded at run time. */
const deferredPackagesPlugin = {
  name: 'deferred-packages',
  setup(build) {
    const filter = new RegExp(`^(${Object.keys(deferredPackages).join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'deferred-package' }));
    // A CommonJS forwarder: `import('jose')` and `require('ws')` both become a plain require of the
    // vendor file, so the host never needs ES-module loading for it.
    build.onLoad({ filter: /.*/, namespace: 'deferred-package' }, (args) => ({
      contents: `module.exports = require('./vendor/${args.path}.js');`,
      loader: 'js',
    }));
    build.onResolve({ filter: /^\.\/vendor\// }, (args) =>
      args.namespace === 'deferred-package' ? { path: args.path, external: true } : undefined,
    );
  },
};

/**
 * Every `import * as vscode from 'vscode'` of a bundled module becomes one interop copy of the whole
 * API object (some 400 names) at load. Routing them through one ES module makes that copy happen once.
 */
const vscodeOncePlugin = {
  name: 'vscode-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' },
    );
    build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';", loader: 'js' }));
  },
};

const entries = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    plugins: [deferredPackagesPlugin, vscodeOncePlugin],
  },
  ...Object.entries(deferredPackages).map(([name, contents]) => ({
    ...common,
    stdin: { contents, resolveDir: __dirname, sourcefile: `vendor-${name}.js` },
    outfile: `dist/vendor/${name}.js`,
  })),
  { ...common, entryPoints: ['src/emulator/main.ts'], outfile: 'dist/emulator.js' },
];

async function main() {
  if (watch) {
    const contexts = await Promise.all(entries.map((options) => esbuild.context(options)));
    await Promise.all(contexts.map((context) => context.watch()));
    return;
  }
  await Promise.all(entries.map((options) => esbuild.build(options)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
