// npm run package: production bundle, then a .vsix with only what runs, and its size.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const { name, version } = require('../package.json');
const out = path.join(ROOT, `${name}-${version}.vsix`);

execFileSync(process.execPath, [path.join(ROOT, 'esbuild.js'), '--production', '--quiet'], { cwd: ROOT, stdio: 'inherit' });
execFileSync(process.execPath, [require.resolve('@vscode/vsce/vsce'), 'package', '--no-dependencies', '--out', out], {
  cwd: ROOT,
  stdio: 'inherit',
});
const kb = fs.statSync(out).size / 1024;
console.log(`${path.basename(out)}: ${kb.toFixed(1)} KB`);
