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

const entries = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' },
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
