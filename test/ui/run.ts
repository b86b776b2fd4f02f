// UI end-to-end tests: a user in a real VS Code (code-server, driven by Chromium through
// playwright-core) clicks through the qbo Explorer against the real emulator process. The
// extension finds the emulator's cli.json in a fake HOME, so it connects with zero setup.
//
//   npm run build && npx tsc -p tsconfig.json && npm run test:ui
//
// `--dialect single` runs the same steps against a single-reply server without deleted pushes
// (test/support/dialects.ts), its results in test-results/ui-single/.
// Every step is one test; a failed step leaves test-results/ui/FAILED-<step number>.png (and
// code-server's log) and the steps that need it are skipped (and counted as failed). Screenshots of
// the key moments go to test-results/ui/ on every run, and to docs/images/ when
// QBO_UPDATE_SCREENSHOTS=1 and every step passed. The whole run has a hard timeout
// (QBO_UI_TIMEOUT_MS, default 8 min); code-server, the emulator and the browser are always stopped.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  ROOT,
  startCodeServer,
  startEmulatorProcess,
  workbenchUrl,
  type CodeServer,
  type EmulatorProcess,
} from '../support/processes';
import {
  DIALECT,
  DOCS_IMAGES_DIR,
  EMULATOR_SPEED,
  HARD_TIMEOUT_MS,
  harmlessConsoleError,
  log,
  noteClicks,
  RESULTS_DIR,
  Run,
  secretsOf,
  started,
  UI_SETTINGS,
  UPDATE_SCREENSHOTS,
  VIEWPORT,
  type Outcome,
  type Step,
} from './context';
import { installStandInKubectl } from '../support/standInKubectl';
import { featureSteps } from './steps';
import { STEP_TIMEOUT_MS, until, Workbench } from './workbench';

function scenario(run: Run, open: () => Promise<void>): Step[] {
  const { wb } = run;
  const OPEN = 'the qbo view lists the clusters dev and prod';
  const STOP = 'Stop Cluster from the context menu: dev goes stopping → stopped';
  return [
    {
      name: OPEN,
      needs: [],
      async run() {
        await open();
        await wb.openViewContainer('qbo');
        await wb.widenSidebar(560);
        const dev = wb.row('dev', 1);
        const prod = wb.row('prod', 1);
        await until(
          async () => (await dev.count()) === 1 && (await prod.count()) === 1,
          `rows dev and prod (visible: ${(await wb.visibleRows()).join(' | ') || 'none'})`,
          60_000,
        );
        await wb.waitForDescription(dev, (text) => text === 'running', 'dev to be described as running');
        await wb.waitForDescription(prod, (text) => text === 'stopped', 'prod to be described as stopped');
        const labels = await wb.row(/.*/, 1).evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label')));
        if (labels.length !== 2) throw new Error(`expected exactly 2 clusters, the tree shows ${labels.join(' | ')}`);
        // Zero set-up: the credentials came from ~/.qbo/cli.json, and the view says so.
        const header = wb.page.locator('.pane-header', { hasText: /clusters/i }).first();
        await until(
          async () => /from ~\/\.qbo\/cli\.json/.test(await header.innerText()),
          'the view header to name ~/.qbo/cli.json as the source',
        );
        await run.parkPointer();
        await run.shot('clusters');
      },
    },
    {
      name: 'expanding dev → Nodes → a node shows its pods',
      needs: [OPEN],
      async run() {
        await wb.expand(wb.row('dev', 1));
        const nodes = wb.row('Nodes', 2);
        await nodes.waitFor({ timeout: STEP_TIMEOUT_MS });
        const count = await wb.descriptionOf(nodes);
        if (count !== '3') throw new Error(`dev's Nodes folder says ${count} nodes, the emulator has 3`);
        await wb.expand(nodes);
        const nodeRows = wb.row(/^control-|^worker-/, 3);
        await until(async () => (await nodeRows.count()) === 3, "dev's 3 node rows");
        // The control plane runs the most pods: the richest picture for the README.
        const control = wb.row(/^control-/, 3).first();
        const nodeDescription = await wb.descriptionOf(control);
        if (!nodeDescription.startsWith('running')) throw new Error(`the control-plane node is described as "${nodeDescription}"`);
        await wb.expand(control);
        const kubeProxy = wb.row(/^kube-proxy-[a-z0-9]+$/, 4);
        await kubeProxy.first().waitFor({ timeout: STEP_TIMEOUT_MS });
        const podDescription = await wb.descriptionOf(kubeProxy.first());
        if (!/^Running\b/.test(podDescription) || !podDescription.includes('kube-system'))
          throw new Error(`kube-proxy is described as "${podDescription}"`);
        const pods = await wb.row(/.*/, 4).count();
        if (pods < 5) throw new Error(`the control-plane node shows only ${pods} pods`);
        await run.parkPointer();
        await run.shot('explorer', 'explorer.png');
      },
    },
    {
      name: STOP,
      needs: [OPEN],
      async run() {
        const dev = wb.row('dev', 1);
        await wb.recordDescriptions('dev');
        const items = await wb.openContextMenu(dev);
        if (!items.includes('Stop Cluster')) throw new Error(`dev's context menu has no "Stop Cluster" (it has: ${items.join(' | ')})`);
        if (items.includes('Start Cluster'))
          throw new Error(`the running dev's context menu offers "Start Cluster" (it has: ${items.join(' | ')})`);
        await run.shot('context-menu', 'context-menu.png');
        noteClicks('Stop Cluster', await wb.chooseMenuItem('Stop Cluster'));
        await wb.waitForDescription(dev, (text) => text === 'stopped', 'dev to be described as stopped');
        const seen = await wb.recordedDescriptions('dev');
        const stopping = seen.indexOf('stopping');
        if (stopping < 0 || seen.indexOf('stopped') < stopping)
          throw new Error(`dev's description went ${seen.join(' → ')}, not through stopping to stopped`);
        log(`  dev: ${seen.join(' → ')}`);
        await run.parkPointer();
        await run.shot('dev-stopped');
      },
    },
    {
      name: 'the "qbo" output channel shows `> qbo stop clusters dev`',
      needs: [STOP],
      async run() {
        await wb.runCommand('qbo: Show Output');
        await wb.outputEditor.waitFor({ timeout: STEP_TIMEOUT_MS });
        await until(async () => (await wb.outputChannel()) === 'qbo', 'the output panel to show the "qbo" channel');
        await until(
          async () => (await wb.outputText()).includes('> qbo stop clusters dev'),
          `"> qbo stop clusters dev" in the output (it shows:\n${await wb.outputText()})`,
        );
        await run.parkPointer();
        await run.shot('output', 'output.png');
        await wb.runCommand('View: Hide Panel');
        await wb.outputEditor.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
      },
    },
    {
      name: 'a cluster name selected in an editor offers Reveal and the actions that fit its state',
      needs: [STOP],
      async run() {
        await wb.runCommand('File: New Untitled Text File');
        const editor = wb.page.locator('.editor-instance .monaco-editor').first();
        await editor.waitFor({ timeout: STEP_TIMEOUT_MS });
        await wb.page.keyboard.type('dev');
        await wb.page.keyboard.press('Control+A');
        // The qbo items sit in one "qbo" submenu, not loose among Cut/Copy/Paste.
        const top = await wb.openContextMenuOffering(editor.locator('.view-lines'), 'qbo');
        if (top.includes('Reveal in qbo Explorer') || top.includes('Start Cluster') || top.includes('Sign In with This File'))
          throw new Error(`the editor menu itself offers ${top.join(' | ')}`);
        const items = await wb.openSubmenu('qbo');
        // dev was stopped by the step before: Start fits, Stop does not.
        if (!items.includes('Reveal in qbo Explorer') || !items.includes('Start Cluster') || items.includes('Stop Cluster'))
          throw new Error(`the qbo submenu offers ${items.join(' | ')}`);
        await run.shot('editor-context-menu', 'editor-context-menu.png');
        noteClicks('Reveal in qbo Explorer', await wb.chooseSubmenuItem('Reveal in qbo Explorer'));
        const dev = wb.row('dev', 1);
        await until(async () => (await dev.getAttribute('aria-selected')) === 'true', 'dev to be selected in the tree');
        await wb.runCommand('View: Revert and Close Editor');
      },
    },
    {
      name: 'a qbo cli.json open in the editor offers "Sign In with This File"',
      needs: [OPEN],
      async run() {
        await wb.page.keyboard.press('Control+P');
        const input = wb.page.locator('.quick-input-widget .quick-input-box input');
        await input.waitFor({ timeout: STEP_TIMEOUT_MS });
        await input.fill('demo-cli.json');
        await wb.page
          .locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'demo-cli.json' })
          .first()
          .waitFor({ timeout: STEP_TIMEOUT_MS });
        await wb.page.keyboard.press('Enter');
        const editor = wb.page.locator('.editor-instance .monaco-editor').first();
        await until(async () => (await editor.locator('.view-lines').innerText()).includes('qbo_uid'), 'demo-cli.json to open');
        const items = await wb.openContextMenuOffering(editor.locator('.view-lines'), 'Sign In with This File');
        // Nothing selected names a cluster or node: no qbo submenu.
        if (items.includes('qbo')) throw new Error(`the cli.json editor menu offers the qbo submenu: ${items.join(' | ')}`);
        await wb.page.keyboard.press('Escape');
        await wb.runCommand('View: Close Editor');
      },
    },
    {
      name: 'Add Cluster (view title +) asks name, image from get images, node count, and the new cluster starts',
      needs: [OPEN],
      async run() {
        // View-title actions show while the pointer is over the view, as for a user.
        await wb.row('dev', 1).hover();
        await wb.page.locator('.part.sidebar .action-label[aria-label^="Add Cluster"] >> visible=true').first().click();
        const widget = wb.page.locator('.quick-input-widget');
        const input = widget.locator('.quick-input-box input');
        await input.waitFor({ timeout: STEP_TIMEOUT_MS });
        await input.fill('ui-new');
        await wb.page.keyboard.press('Enter');
        const image = widget.locator('.quick-input-list .monaco-list-row', { hasText: /kindest\/node:v/ }).first();
        await image.waitFor({ timeout: STEP_TIMEOUT_MS });
        await image.click();
        await until(
          async () =>
            (await input.getAttribute('title'))?.includes('nodes') ||
            (await widget.locator('.quick-input-title').innerText()).includes('nodes'),
          'the node count input',
        );
        await input.fill('2');
        await wb.page.keyboard.press('Enter');
        const row = wb.row('ui-new', 1);
        await row.waitFor({ timeout: STEP_TIMEOUT_MS });
        await wb.waitForDescription(row, (text) => text === 'running', 'ui-new to be running');
        await run.parkPointer();
        await run.shot('cluster-added');
      },
    },
    {
      name: 'Delete Cluster… on prod asks in a modal dialog; Delete removes prod',
      needs: [OPEN],
      async run() {
        const prod = wb.row('prod', 1);
        const items = await wb.openContextMenu(prod);
        if (!items.includes('Delete Cluster…'))
          throw new Error(`prod's context menu has no "Delete Cluster…" (it has: ${items.join(' | ')})`);
        noteClicks('Delete Cluster…', await wb.chooseMenuItem('Delete Cluster…'));
        await wb.dialog.waitFor({ timeout: STEP_TIMEOUT_MS });
        const message = (await wb.dialog.locator('.dialog-message-text').textContent()) ?? '';
        if (!message.includes('prod')) throw new Error(`the confirmation says "${message}", not naming prod`);
        await wb.dialogButton('Delete').waitFor({ timeout: STEP_TIMEOUT_MS });
        await run.parkPointer();
        await run.shot('delete-confirm', 'delete-confirm.png');
        await wb.dialogButton('Delete').click();
        await wb.dialog.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
        await until(
          async () => (await prod.count()) === 0,
          `prod to disappear from the tree (visible: ${(await wb.visibleRows()).join(' | ')})`,
        );
        if ((await wb.row('dev', 1).count()) !== 1) throw new Error('dev disappeared too');
        await run.parkPointer();
        await run.shot('prod-deleted');
      },
    },
    // Feature steps (test/ui/steps/) run while signed in, after the base scenario.
    ...featureSteps(run),
    {
      name: 'Sign Out shows the welcome view: one sign-in button, the other paths and the web console as links',
      needs: [OPEN],
      async run() {
        await wb.runCommand('qbo: Sign Out');
        await wb.welcome.waitFor({ timeout: STEP_TIMEOUT_MS });
        await until(
          async () => ((await wb.welcome.textContent()) ?? '').includes('Sign in to see and drive your qbo Kubernetes clusters.'),
          'the welcome text',
        );
        await wb.welcomeButton('Sign In with cli.json File').waitFor({ timeout: STEP_TIMEOUT_MS });
        const buttons = await wb.welcome.locator('.monaco-button').count();
        if (buttons !== 1) throw new Error(`the welcome view shows ${buttons} buttons, not one`);
        for (const link of ['paste cli.json', 'host, port and token', 'connect to a local emulator', 'qbo web console']) {
          await wb.welcomeLink(link).waitFor({ timeout: STEP_TIMEOUT_MS });
        }
        const href = await wb.welcomeLink('qbo web console').getAttribute('href');
        if (!href?.startsWith('https://console.cloud.qbo.io')) throw new Error(`the web console link goes to ${href ?? 'nowhere'}`);
        await until(async () => (await wb.row('dev', 1).count()) === 0, 'the cluster rows to go away');
        await run.parkPointer();
        await run.shot('welcome', 'welcome.png');
      },
    },
    {
      // The extension host's errors (e.g. an unhandled rejection in a command) reach this console.
      name: 'the browser console shows no unexpected errors',
      needs: [OPEN],
      async run() {
        if (run.consoleErrors.length > 0) throw new Error(`${run.consoleErrors.length} console error(s):\n${run.consoleErrors.join('\n')}`);
      },
    },
  ];
}

async function main(): Promise<number> {
  for (const key of Object.keys(process.env))
    if (key.startsWith('QBO_') && !key.startsWith('QBO_UI_') && key !== 'QBO_UPDATE_SCREENSHOTS' && key !== 'QBO_KEEP_TMP')
      delete process.env[key];
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  for (const file of fs.readdirSync(RESULTS_DIR))
    if (file.endsWith('.png') || file.endsWith('.log')) fs.rmSync(path.join(RESULTS_DIR, file));

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qbo-ui-'));
  const workspace = path.join(tmp, 'workspace');
  const home = path.join(tmp, 'home');
  fs.mkdirSync(workspace);
  fs.mkdirSync(path.join(home, '.qbo'), { recursive: true });
  // A token-style cli.json in the workspace (a dummy token: it may be on screen) for the editor menu.
  fs.writeFileSync(
    path.join(workspace, 'demo-cli.json'),
    `${JSON.stringify({ qbo_port: 9601, qbo_host: '127.0.0.1', qbo_uid: 'demo-token-for-the-editor-menu' }, null, 2)}\n`,
  );

  let emulator: EmulatorProcess | undefined;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let activeRun: Run | undefined;
  let timedOut = false;
  const outcomes: [string, Outcome, number][] = [];

  const cleanup = once(async () => {
    await browser?.close().catch(() => undefined);
    for (const cleanupStep of activeRun?.cleanups ?? []) await cleanupStep().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    await emulator?.stop().catch(() => undefined);
    if (!process.env.QBO_KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
  });
  const hardTimeout = setTimeout(() => {
    timedOut = true;
    log(`HARD TIMEOUT after ${HARD_TIMEOUT_MS} ms: stopping everything`);
    // Closing the browser makes the running step fail at once; the finally block awaits the same cleanup.
    void cleanup();
  }, HARD_TIMEOUT_MS);
  // Should even the cleanup hang, leave anyway (code-server runs in its own process group).
  const backstop = setTimeout(() => {
    console.log('ui: cleanup did not finish; exiting');
    process.exit(2);
  }, HARD_TIMEOUT_MS + 30_000);
  backstop.unref();
  // Playwright's own handlers would exit before code-server and the emulator are stopped.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      log(`${signal}: stopping everything`);
      void cleanup().then(() => process.exit(128 + os.constants.signals[signal]));
    });
  }

  try {
    emulator = await startEmulatorProcess(['--speed', EMULATOR_SPEED, ...DIALECT.emulatorFlags], tmp);
    log(`emulator on ${emulator.url} (speed ${EMULATOR_SPEED}, ${DIALECT.label})`);
    // The vendor CLI's own configuration: the extension picks it up with nothing stored.
    fs.copyFileSync(emulator.cliJson, path.join(home, '.qbo', 'cli.json'));
    fs.chmodSync(path.join(home, '.qbo', 'cli.json'), 0o600);
    // kubectl is the recording stand-in, first on PATH (the workload steps check what it ran); the
    // extension host may take its environment from a login shell, hence the fake HOME's .profile too.
    const kubectl = installStandInKubectl(path.join(tmp, 'kubectl-bin'));
    fs.writeFileSync(path.join(home, '.profile'), `PATH=${JSON.stringify(kubectl.binDir)}:"$PATH"\nexport PATH\n`);
    server = await startCodeServer({
      workspace,
      settings: { ...UI_SETTINGS, ...DIALECT.settings },
      env: { HOME: home, PATH: `${kubectl.binDir}${path.delimiter}${process.env.PATH ?? ''}` },
      logFile: path.join(tmp, 'code-server.log'),
    });
    log(`code-server on ${server.url}`);
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    const page = await browser.newPage({ viewport: VIEWPORT });
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    const run = new Run(new Workbench(page), secretsOf(emulator.cliJson), emulator.cliJson, kubectl, tmp, server.userDataDir);
    activeRun = run;
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = message.text();
      if (!harmlessConsoleError(text, message.location().url)) run.consoleErrors.push(text.split('\n')[0]?.slice(0, 300) ?? text);
    });
    page.on('pageerror', (error) => run.consoleErrors.push(`page error: ${error.message.slice(0, 300)}`));

    const url = workbenchUrl(server, workspace);
    const steps = scenario(run, () => run.wb.open(url));
    for (const step of steps) {
      const stepStarted = Date.now();
      const missing = step.needs.filter((need) => outcomes.find(([name]) => name === need)?.[1] !== 'passed');
      if (timedOut || missing.length > 0) {
        outcomes.push([step.name, 'skipped', 0]);
        log(`SKIP ${step.name}${timedOut ? ' (hard timeout)' : ` (needs: ${missing.join('; ')})`}`);
        continue;
      }
      try {
        await step.run();
        outcomes.push([step.name, 'passed', Date.now() - stepStarted]);
        log(`PASS ${step.name} (${Date.now() - stepStarted} ms)`);
      } catch (error) {
        outcomes.push([step.name, 'failed', Date.now() - stepStarted]);
        log(
          `FAIL ${step.name} (${Date.now() - stepStarted} ms)\n    ${(error instanceof Error ? error.message : String(error)).replace(/\n/g, '\n    ')}`,
        );
        const file = path.join(RESULTS_DIR, `FAILED-${outcomes.length}.png`);
        if (
          !timedOut &&
          (await page.screenshot({ path: file }).then(
            () => true,
            () => false,
          ))
        )
          log(`  screenshot: ${path.relative(ROOT, file)}`);
        await run.wb.dismissOverlays();
      }
    }

    const failed = outcomes.filter(([, outcome]) => outcome !== 'passed').length;
    if (failed === 0 && UPDATE_SCREENSHOTS) {
      fs.mkdirSync(DOCS_IMAGES_DIR, { recursive: true });
      for (const [name, file] of run.docsImages) fs.copyFileSync(file, path.join(DOCS_IMAGES_DIR, name));
      log(`updated docs/images: ${[...run.docsImages.keys()].join(', ')}`);
    } else if (UPDATE_SCREENSHOTS) log('docs/images left alone: not every step passed');
  } catch (error) {
    log(`ERROR ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    outcomes.push(['setup (emulator, code-server, browser)', 'failed', 0]);
  } finally {
    clearTimeout(hardTimeout);
    const failedAny = outcomes.some(([, outcome]) => outcome !== 'passed');
    if (failedAny && server && fs.existsSync(server.logFile)) fs.copyFileSync(server.logFile, path.join(RESULTS_DIR, 'code-server.log'));
    await cleanup();
  }

  const passed = outcomes.filter(([, outcome]) => outcome === 'passed').length;
  const skipped = outcomes.filter(([, outcome]) => outcome === 'skipped').length;
  const failed = outcomes.length - passed;
  log(`screenshots in ${path.relative(ROOT, RESULTS_DIR)}/`);
  console.log(
    `ui (${DIALECT.label}): ${passed} passed, ${failed} failed${skipped > 0 ? ` (${skipped} of them skipped after a failed step)` : ''} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return failed === 0 ? 0 : 1;
}

function once(action: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= action());
}

void main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    console.log(`ui (${DIALECT.label}): 0 passed, 1 failed`);
    process.exit(1);
  },
);
