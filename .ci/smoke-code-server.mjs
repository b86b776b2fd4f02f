#!/usr/bin/env node
// Smoke test: real code-server (web workbench + Node extension host) driven by
// Debian's Chromium through playwright-core runs an extension-tests module.
//
//   bash .ci/setup-code-server.sh            # installs .cache/code-server/package
//   (mkdir -p /tmp/pwsmoke && cd /tmp/pwsmoke && npm install playwright-core@1)
//   node .ci/smoke-code-server.mjs           # exit 0 = pass
//
// Env: PLAYWRIGHT_CORE_DIR (default: normal resolution, then /tmp/pwsmoke),
//      CHROMIUM (default /usr/bin/chromium), SMOKE_OUT (default /tmp/pwsmoke).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const entry = path.join(root, '.cache/code-server/package/out/node/entry.js');
const outDir = process.env.SMOKE_OUT || '/tmp/pwsmoke';
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const t0 = Date.now();
const log = (...a) => console.log(`[smoke +${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

function loadPlaywright() {
  const tries = [process.env.PLAYWRIGHT_CORE_DIR, path.join(root, 'package.json'), '/tmp/pwsmoke/package.json'];
  for (const t of tries.filter(Boolean)) {
    try { return createRequire(t.endsWith('.json') ? t : path.join(t, 'x.js'))('playwright-core'); } catch {}
  }
  throw new Error('playwright-core not found; run: mkdir -p /tmp/pwsmoke && cd /tmp/pwsmoke && npm install playwright-core@1');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function waitFor(fn, timeoutMs, what) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timeout (${timeoutMs} ms) waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

if (!fs.existsSync(entry)) throw new Error(`${entry} missing: run bash .ci/setup-code-server.sh`);
const { chromium } = loadPlaywright();
fs.mkdirSync(outDir, { recursive: true });

// --- temp layout -----------------------------------------------------------
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-smoke-'));
const dirs = Object.fromEntries(['ud', 'exts', 'ws', 'ext', 'xdg'].map((d) => [d, path.join(tmp, d)]));
Object.values(dirs).forEach((d) => fs.mkdirSync(d, { recursive: true }));
const resultFile = path.join(tmp, 'result.json');
fs.writeFileSync(path.join(dirs.ws, 'hello.txt'), 'hello from the smoke test\n');
fs.mkdirSync(path.join(dirs.ud, 'User'), { recursive: true });
fs.writeFileSync(path.join(dirs.ud, 'User/settings.json'), JSON.stringify({
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
}, null, 2));

// A loopback server the extension host must be able to reach.
const echo = http.createServer((req, res) => res.end(JSON.stringify({ pong: true, url: req.url })));
await new Promise((r) => echo.listen(0, '127.0.0.1', r));
const echoPort = echo.address().port;

// --- dummy extension + tests module ----------------------------------------
fs.writeFileSync(path.join(dirs.ext, 'package.json'), JSON.stringify({
  name: 'smoke-ext', publisher: 'smoke', version: '0.0.1',
  engines: { vscode: '^1.100.0' }, main: './ext.js',
  activationEvents: ['onStartupFinished'], extensionKind: ['workspace'],
}, null, 2));
fs.writeFileSync(path.join(dirs.ext, 'ext.js'),
  `exports.activate = () => { console.log('smoke-ext activated'); }; exports.deactivate = () => {};\n`);
fs.writeFileSync(path.join(dirs.ext, 'smoke.json'), JSON.stringify({ resultFile, echoPort, fail: !!process.env.SMOKE_FAIL }));
fs.writeFileSync(path.join(dirs.ext, 'suite.js'), `
const vscode = require('vscode');
const fs = require('fs');
const http = require('http');
const cfg = require('./smoke.json');
function get(url) {
  return new Promise((resolve) => {
    http.get(url, (res) => { let b = ''; res.on('data', (c) => (b += c)); res.on('end', () => resolve(b)); })
      .on('error', (e) => resolve('ERROR ' + e.message));
  });
}
exports.run = async function run() {
  const folders = (vscode.workspace.workspaceFolders || []).map((f) => f.uri.toString());
  const ext = vscode.extensions.getExtension('smoke.smoke-ext');
  const activeAtStart = ext ? ext.isActive : null;  // onStartupFinished may not have fired yet
  if (ext) await ext.activate();
  const loopback = await get('http://127.0.0.1:' + cfg.echoPort + '/ping');
  const result = { ok: true, vscodeVersion: vscode.version, appHost: vscode.env.appHost,
    remoteName: vscode.env.remoteName, uiKind: vscode.env.uiKind, folders,
    activeAtStart, activeAfter: ext ? ext.isActive : null, loopback, pid: process.pid, node: process.version };
  fs.writeFileSync(cfg.resultFile, JSON.stringify(result, null, 2));
  if (cfg.fail) throw new Error('SMOKE_FAIL requested');
};
`);

// --- code-server ------------------------------------------------------------
const port = await freePort();
const host = `127.0.0.1:${port}`;
const csArgs = [entry, '--auth', 'none', '--bind-addr', host,
  '--extensions-dir', dirs.exts, '--user-data-dir', dirs.ud,
  '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', dirs.ws];
const csLog = fs.createWriteStream(path.join(outDir, 'code-server.log'));
const cs = spawn(process.execPath, csArgs, {
  // XDG_*: code-server writes a default config.yaml and state under them; keep $HOME clean.
  env: { ...process.env, XDG_CONFIG_HOME: dirs.xdg, XDG_DATA_HOME: dirs.xdg },
  stdio: ['ignore', 'pipe', 'pipe'], detached: true,
});
let csExit = null;
cs.on('exit', (code, sig) => { csExit = { code, sig }; });
cs.stdout.pipe(csLog); cs.stderr.pipe(csLog);

let browser;
let exitCode = 1;
const consoleErrors = [];
let automationExit = null;
try {
  await waitFor(() => new Promise((r) => {
    http.get(`http://${host}/healthz`, (res) => { res.resume(); r(res.statusCode === 200); }).on('error', () => r(false));
  }), 30000, 'code-server /healthz');
  log(`code-server up on ${host}`);

  // --- chromium -------------------------------------------------------------
  browser = await chromium.launch({
    executablePath: chromiumPath, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  let extLogForwarded = false;  // extension-host console.log shows up in the page console
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
    if (m.text().includes('smoke-ext activated')) extLogForwarded = true;
  });
  page.on('pageerror', (e) => consoleErrors.push('pageerror: ' + e.message));
  page.on('response', (r) => { if (r.status() >= 400) consoleErrors.push(`HTTP ${r.status()} ${r.url()}`); });
  page.on('requestfailed', (r) => consoleErrors.push(`request failed ${r.url()} ${r.failure()?.errorText}`));
  let pageClosed = false;
  page.on('close', () => { pageClosed = true; });
  // The workbench calls window.codeAutomationExit(code, logs) when the tests' run() settles.
  await page.exposeFunction('codeAutomationExit', (code, logs) => {
    automationExit = { code, logs: (logs || []).map((l) => l.relativePath) };
  });

  const payload = [
    ['extensionDevelopmentPath', `vscode-remote://${host}${dirs.ext}`],
    ['extensionTestsPath', `vscode-remote://${host}${dirs.ext}/suite.js`],
  ];
  const url = `http://${host}/?folder=${encodeURIComponent(dirs.ws)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  log('open', url);
  await page.goto(url);
  await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
  log('workbench rendered');

  const result = await waitFor(() => fs.existsSync(resultFile) && JSON.parse(fs.readFileSync(resultFile, 'utf8')),
    120000, 'result.json');
  log('result', JSON.stringify(result));
  await waitFor(() => automationExit, 15000, 'codeAutomationExit').catch((e) => log(e.message));
  log('codeAutomationExit:', JSON.stringify(automationExit));
  await page.waitForTimeout(1500);
  await page.screenshot({ path: path.join(outDir, 'workbench.png') });
  log(`after run(): pageClosed=${pageClosed} code-server running=${csExit === null} extLogForwarded=${extLogForwarded}`);

  const expectCode = process.env.SMOKE_FAIL ? 1 : 0;  // SMOKE_FAIL=1: run() rejects -> exit code 1
  const ok = result.ok === true && result.activeAfter === true && /^1\.100\./.test(result.vscodeVersion) && /pong/.test(result.loopback)
    && automationExit && automationExit.code === expectCode;
  exitCode = ok ? 0 : 1;
} catch (e) {
  log('FAIL', e.stack || e);
} finally {
  if (consoleErrors.length) log(`${consoleErrors.length} console errors:\n  ` + consoleErrors.map((e) => e.slice(0, 200)).join('\n  '));
  if (browser) await browser.close().catch(() => {});
  if (csExit === null) { try { process.kill(-cs.pid, 'SIGTERM'); } catch {} }
  await waitFor(() => csExit !== null, 10000, 'code-server exit').catch(() => { try { process.kill(-cs.pid, 'SIGKILL'); } catch {} });
  echo.close();
  if (!process.env.SMOKE_KEEP) fs.rmSync(tmp, { recursive: true, force: true });
  log(exitCode === 0 ? '1 passed, 0 failed' : '0 passed, 1 failed');
  process.exit(exitCode);
}
