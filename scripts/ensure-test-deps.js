// Makes sure what the end-to-end suites need is installed before they run: code-server (a real
// VS Code, in .cache/code-server) and Debian's Chromium, ripgrep and build headers. Called by
// `npm run test:integration`, `test:ui` and `test:ship`, so `npm install && npm test` works on a
// fresh clone, and by the bench when its workbench section runs (bench/run.ts); it does nothing
// (in milliseconds) once both are there. The unit and system tests do
// not need it and run before it in `npm test`.
//
// When the Debian packages are missing and cannot be installed (no root, no sudo), it stops with
// the exact command to run. QBO_SETUP_SIMULATE_NO_ROOT=1 and QBO_SETUP_SIMULATE_MISSING="pkg …"
// exercise that path on a machine that has everything (see .ci/setup-chromium.sh).
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const VERSION = process.env.CODE_SERVER_VERSION ?? '4.100.3';
const CODE_SERVER_DIR = path.join(ROOT, '.cache', 'code-server');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

const codeServerReady = () =>
  fs.existsSync(path.join(CODE_SERVER_DIR, `.installed-${VERSION}`)) &&
  fs.existsSync(path.join(CODE_SERVER_DIR, 'package', 'out', 'node', 'entry.js'));
const simulating = process.env.QBO_SETUP_SIMULATE_NO_ROOT === '1' || Boolean(process.env.QBO_SETUP_SIMULATE_MISSING);

function runScript(script) {
  // The scripts' progress goes to stderr so that it does not mix with the tests' summary lines.
  const result = spawnSync('bash', [path.join(ROOT, '.ci', script)], { cwd: ROOT, stdio: ['ignore', 2, 2], env: process.env });
  return result.status === 0;
}

function main() {
  if (codeServerReady() && fs.existsSync(CHROMIUM) && !simulating) return 0;
  console.error(
    'ensure-test-deps: setting up what the integration, UI and ship tests and the bench workbench section need (once; cached in .cache/)',
  );
  // Debian packages first: code-server's native modules build against their headers.
  if (!runScript('setup-chromium.sh')) {
    console.error('ensure-test-deps: the Debian packages above are missing; the unit and system tests do not need them.');
    return 1;
  }
  if (!codeServerReady() && !runScript('setup-code-server.sh')) {
    console.error('ensure-test-deps: installing code-server failed (see above and .cache/code-server/install.log).');
    return 1;
  }
  if (!fs.existsSync(CHROMIUM)) {
    console.error(`ensure-test-deps: no Chromium at ${CHROMIUM}: install Debian's chromium, or point CHROMIUM at a Chromium binary.`);
    return 1;
  }
  return 0;
}

process.exit(main());
