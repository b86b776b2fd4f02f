// What a new user meets: the packaged .vsix installed into a real VS Code (code-server) shows the
// qbo view, and `npm start` serves a workbench with the emulator's clusters. Exits non-zero on failure.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  CODE_SERVER_ENTRY,
  ROOT,
  startCodeServer,
  startEmulatorProcess,
  stopProcess,
  waitFor,
} from '../support/processes';

const SHOTS = path.join(ROOT, 'test-results', 'ship');
const results: { name: string; ok: boolean; error?: string }[] = [];

async function step(name: string, action: () => Promise<void>): Promise<void> {
  try {
    await action();
    results.push({ name, ok: true });
    console.log(`  ✔ ${name}`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    results.push({ name, ok: false, error: message });
    console.log(`  ✗ ${name}: ${message}`);
  }
}

/** Opens the qbo view and waits for the emulator's two clusters. */
async function expectClusters(page: Page, url: string, shot: string): Promise<void> {
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  const icon = page.locator('.activitybar [aria-label^="qbo"]').first();
  await icon.waitFor({ timeout: 60_000 });
  await icon.click();
  for (const name of ['dev', 'prod'])
    await page
      .locator('.monaco-list-row', { hasText: new RegExp(`^${name}`) })
      .first()
      .waitFor({ timeout: 30_000 });
  await page.screenshot({ path: path.join(SHOTS, shot) });
}

async function main(): Promise<number> {
  fs.mkdirSync(SHOTS, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qbo-ship-'));
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });

    let vsix = '';
    await step('npm run package builds a .vsix holding only what runs', async () => {
      // stdin closed: a vsce prompt ("Do you want to continue?") aborts instead of waiting.
      const packaging = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'package.js')], {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const output = `${packaging.stdout}${packaging.stderr}`;
      if (packaging.status !== 0) throw new Error(`npm run package failed (${packaging.status}): ${output.slice(-500)}`);
      // vsce's warnings: " WARNING " on stderr, or "::warning::" on stdout under GitHub Actions.
      const warnings = output.split('\n').filter((line) => /\bWARNING\b|::warning::/i.test(line));
      if (warnings.length > 0) throw new Error(`packaging printed warnings: ${warnings.join(' | ')}`);
      const match = /([\w.-]+\.vsix): ([\d.]+) KB/.exec(output);
      if (!match) throw new Error(`no size line in: ${output.slice(-300)}`);
      vsix = path.join(ROOT, match[1] as string);
      const listing = execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).split('\n').filter(Boolean);
      const unexpected = listing.filter(
        (entry) =>
          entry.startsWith('extension/') &&
          !/^extension\/(dist\/(extension|emulator|vendor\/(ws|jose|yaml))\.js|media\/.+|l10n\/.+|package\.json|package\.nls\.json|readme\.md|changelog\.md|LICENSE\.txt)$/.test(
            entry,
          ),
      );
      if (unexpected.length > 0) throw new Error(`unexpected files in the vsix: ${unexpected.join(', ')}`);
      for (const required of [
        'extension/dist/extension.js',
        // Loaded on first use, after activation (esbuild.js): without them the socket never opens.
        'extension/dist/vendor/ws.js',
        'extension/dist/vendor/jose.js',
        'extension/dist/vendor/yaml.js',
        'extension/package.json',
        'extension/package.nls.json',
        'extension/l10n/bundle.l10n.json',
      ])
        if (!listing.includes(required)) throw new Error(`missing ${required}`);
      // The gallery tile: the manifest's icon is in the package and the VSIX manifest names it.
      const { icon } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { icon?: string };
      if (!icon) throw new Error('package.json has no icon');
      if (!listing.includes(`extension/${icon}`)) throw new Error(`the icon ${icon} is not in the vsix`);
      const vsixManifest = execFileSync('unzip', ['-p', vsix, 'extension.vsixmanifest'], { encoding: 'utf8' });
      if (!vsixManifest.includes(`<Icon>extension/${icon}</Icon>`))
        throw new Error(`extension.vsixmanifest does not name the icon ${icon}`);
      console.log(`    ${path.basename(vsix)}: ${match[2]} KB`);
    });

    await step('the .vsix installs into code-server and its view activates', async () => {
      const extensionsDir = path.join(tmp, 'extensions');
      execFileSync(process.execPath, [CODE_SERVER_ENTRY, '--extensions-dir', extensionsDir, '--install-extension', vsix], {
        env: { ...process.env, XDG_CONFIG_HOME: path.join(tmp, 'xdg'), XDG_DATA_HOME: path.join(tmp, 'xdg') },
        stdio: 'pipe',
      });
      const emulator = await startEmulatorProcess(['--speed', '0'], tmp);
      // A machine where the qbo CLI is already configured: ~/.qbo/cli.json is picked up.
      const home = path.join(tmp, 'home');
      fs.mkdirSync(path.join(home, '.qbo'), { recursive: true });
      fs.copyFileSync(emulator.cliJson, path.join(home, '.qbo', 'cli.json'));
      const workspace = path.join(tmp, 'workspace');
      fs.mkdirSync(workspace, { recursive: true });
      const server = await startCodeServer({ workspace, extensionsDir, env: { HOME: home }, logFile: path.join(tmp, 'code-server.log') });
      try {
        await expectClusters(page, `${server.url}?folder=${encodeURIComponent(workspace)}`, 'vsix-installed.png');
      } finally {
        await server.stop();
        await emulator.stop();
      }
    });

    await step('npm start serves a workbench showing the emulator clusters', async () => {
      const start = spawn(process.execPath, [path.join(ROOT, 'scripts', 'start.js'), '--no-open'], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      let output = '';
      start.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      start.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      try {
        const url = await waitFor(
          () => /(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)/.exec(output)?.[1],
          120_000,
          'the URL printed by npm start',
        );
        await expectClusters(page, url, 'npm-start.png');
      } finally {
        if (start.pid) process.kill(-start.pid, 'SIGTERM');
        await stopProcess(start);
      }
    });
  } finally {
    await browser?.close().catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const failed = results.filter((result) => !result.ok).length;
  console.log(`ship: ${results.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

void main().then((code) => process.exit(code));
