// Figures a user feels, in a real VS Code (code-server + Chromium, the UI tests' harness):
//  - first rows: from the click on the view's activity-bar icon to the first cluster rows, for
//    the small and the large world, beside a one-static-row extension opened the same way (VS
//    Code's floor), with the extension's own milestones from its log;
//  - push to pixel: from the emulator committing a state change (its clock) to the row's text
//    changing in the DOM (a MutationObserver in the page; the same machine's clock);
//  - first rows of two profiles connected at once (the large world as the qbo CLI's profile, the
//    small world as a stored profile), beside the large world's profile alone opened the same way.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, ROOT, startCodeServer, type CodeServer } from '../../test/support/processes';
import { STEP_TIMEOUT_MS, until, Workbench } from '../../test/ui/workbench';
import { EmulatorHost, median, quantile, round } from '../lib';
import type { HostWorld } from '../emulatorHost';
import { CHANGE_COUNT, installProbeScript, READ_FIRSTS, readChangesScript, type ProbeFirsts } from './probe';
import { STATIC_CONTAINER_TITLE, STATIC_ROW_LABEL, writeStaticViewExtension } from './staticViewExtension';

const VIEWPORT = { width: 1280, height: 900 };
const QBO_TITLE = 'qbo';
/** The profile the extension makes of ~/.qbo/cli.json (ProfileStore's CLI_PROFILE_NAME). */
const CLI_PROFILE = 'qbo CLI';
/** The stored profile of the two-profile runs: it sorts before "qbo CLI", so its rows are above the large world's 100 clusters, on screen. */
const STORED_PROFILE = 'bench small';
const SMALL_ROWS = '^(dev|prod)$';
const LARGE_ROWS = '^cluster-\\d+$';

export interface FirstRowsRun {
  click_to_rows_ms: number;
  /** Milliseconds after the click; absent when not seen. */
  view_shown_ms?: number;
  welcome_shown_ms?: number;
  connecting_shown_ms?: number;
  activated_ms?: number;
  credentials_resolved_ms?: number;
  socket_open_ms?: number;
  listed_ms?: number;
  /** Two profiles: the first profile row, each profile's first cluster row, each profile's listing (from the log). */
  profile_rows_ms?: number;
  small_rows_ms?: number;
  large_rows_ms?: number;
  small_listed_ms?: number;
  large_listed_ms?: number;
}

export interface FirstRowsResult {
  runs: number;
  median_ms: number;
  breakdown_median_ms: Partial<Record<keyof FirstRowsRun, number>>;
  /** Runs in which the signed-out welcome showed at all (it should never, with credentials). */
  welcome_flashes: number;
  samples: FirstRowsRun[];
}

export interface PushToPixelResult {
  pushes: number;
  seen: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  max_ms: number;
}

export interface WorkbenchResult {
  first_rows_small?: FirstRowsResult;
  first_rows_large?: FirstRowsResult;
  first_rows_baseline?: FirstRowsResult;
  push_to_pixel?: PushToPixelResult;
  push_to_pixel_burst?: PushToPixelResult;
  /** Two profiles connected: click → the first rows of both drawn. */
  two_profiles_first_rows?: FirstRowsResult;
  /** The large world's profile alone, opened exactly as the two-profile runs are (same browser context, same code-server). */
  two_profiles_first_rows_one_profile?: FirstRowsResult;
}

function devPathUrl(server: CodeServer, workspace: string, extensionPaths: string[]): string {
  const payload = extensionPaths.map((extensionPath) => ['extensionDevelopmentPath', `vscode-remote://${server.host}${extensionPath}`]);
  return `${server.url}?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** The extension's log lines (code-server writes each extension's log under the user-data folder). */
function extensionLogLines(userDataDir: string): { at: number; text: string }[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'qbo.log' || (full.includes('qbo-explorer') && entry.name.endsWith('.log'))) files.push(full);
    }
  };
  const logs = path.join(userDataDir, 'logs');
  if (fs.existsSync(logs)) walk(logs);
  const lines: { at: number; text: string }[] = [];
  for (const file of files) {
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{3}) \[\w+\] (.*)$/.exec(line);
      if (!match) continue;
      const [, y, mo, d, h, mi, s, ms, text] = match;
      const at = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(ms)).getTime();
      lines.push({ at, text: text ?? '' });
    }
  }
  return lines.sort((a, b) => a.at - b.at);
}

/** Where a run's page comes from: a fresh browser context (nothing remembered), or a shared one (its storage kept). */
type PageSource = Browser | BrowserContext;

async function newPage(source: PageSource): Promise<Page> {
  return 'contexts' in source ? source.newPage({ viewport: VIEWPORT }) : source.newPage();
}

async function openFresh(source: PageSource, url: string, containerTitle: string): Promise<Page> {
  const page = await newPage(source);
  page.setDefaultTimeout(90_000);
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor();
  await page.locator(`.part.activitybar a.action-label[aria-label="${containerTitle}"]`).waitFor();
  // Let the workbench finish starting (extension host, restored views) before the user clicks.
  await page.waitForTimeout(2_000);
  return page;
}

/** What one first-rows measurement opens and waits for. */
interface FirstRowsSpec {
  extensionPath: string;
  containerTitle: string;
  /** Rows whose first appearance is the figure. */
  rowPattern: string;
  /**
   * Rows that must all show (each timed into the breakdown); the figure is then the last of them.
   * Absent: the first row `rowPattern` matches.
   */
  allOf?: Partial<Record<keyof FirstRowsRun, string>>;
  /** The profile each milestone of the log is about (the log tags each session's line with it), and its breakdown keys. */
  logProfiles?: { profile: string; listed: keyof FirstRowsRun; connecting?: keyof FirstRowsRun; open?: keyof FirstRowsRun }[];
}

const ONE_CLI_PROFILE: FirstRowsSpec['logProfiles'] = [
  { profile: CLI_PROFILE, connecting: 'credentials_resolved_ms', open: 'socket_open_ms', listed: 'listed_ms' },
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function firstRowsOnce(
  source: PageSource,
  server: CodeServer,
  scratch: string,
  run: number,
  spec: FirstRowsSpec,
): Promise<FirstRowsRun> {
  // A workspace of its own per run: VS Code would otherwise reopen the view container it showed last.
  const workspace = fs.mkdtempSync(path.join(scratch, `ws-${run}-`));
  const page = await openFresh(source, devPathUrl(server, workspace, [spec.extensionPath]), spec.containerTitle);
  try {
    const allOf = Object.entries(spec.allOf ?? {}) as [keyof FirstRowsRun, string][];
    await page.evaluate(installProbeScript(spec.rowPattern, Object.fromEntries(allOf)));
    const clickedAt = Date.now();
    await page.locator(`.part.activitybar a.action-label[aria-label="${spec.containerTitle}"]`).click();
    const shown = ['rows', ...allOf.map(([key]) => key)].map((key) => `${JSON.stringify(key)} in window.__benchProbe.first`).join(' && ');
    await page.waitForFunction(shown, undefined, { timeout: 90_000 });
    const firsts = (await page.evaluate(READ_FIRSTS)) as ProbeFirsts;
    const t0 = firsts.pointerDown ?? clickedAt;
    const after = (at: number | undefined): number | undefined => (at === undefined ? undefined : round(at - t0, 1));
    const lastShown = allOf.length > 0 ? Math.max(...allOf.map(([key]) => firsts.first[key] as number)) : (firsts.first.rows as number);
    const result: FirstRowsRun = { click_to_rows_ms: round(lastShown - t0, 1) };
    const optional: [keyof FirstRowsRun, number | undefined][] = [
      ['view_shown_ms', after(firsts.first.view)],
      ['welcome_shown_ms', after(firsts.first.welcome)],
      ['connecting_shown_ms', after(firsts.first.connecting)],
      ...allOf.map(([key]): [keyof FirstRowsRun, number | undefined] => [key, after(firsts.first[key])]),
    ];
    if (spec.extensionPath === ROOT) {
      // Log timestamps have millisecond resolution and the same wall clock.
      const lines = extensionLogLines(server.userDataDir).filter((line) => line.at >= t0 - 5);
      const at = (pattern: RegExp): number | undefined => lines.find((line) => pattern.test(line.text))?.at;
      optional.push(['activated_ms', after(at(/^activated/))]);
      for (const { profile, connecting, open, listed } of spec.logProfiles ?? []) {
        const tag = `^\\[${escapeRegExp(profile)}\\] `;
        if (connecting) optional.push([connecting, after(at(new RegExp(`${tag}connecting to `)))]);
        if (open) optional.push([open, after(at(new RegExp(`${tag}connected to `)))]);
        optional.push([listed, after(at(new RegExp(`${tag}listed \\d+ clusters`)))]);
      }
    }
    for (const [key, value] of optional) if (value !== undefined) result[key] = value as never;
    return result;
  } finally {
    await page.close();
  }
}

async function firstRows(
  source: PageSource,
  server: CodeServer,
  scratch: string,
  runs: number,
  spec: FirstRowsSpec,
): Promise<FirstRowsResult> {
  const samples: FirstRowsRun[] = [];
  // One warm-up (cold disk caches, code-server's first extension scan), then the measured runs.
  await firstRowsOnce(source, server, scratch, -1, spec);
  for (let i = 0; i < runs; i++) samples.push(await firstRowsOnce(source, server, scratch, i, spec));
  const keys = [...new Set(samples.flatMap((sample) => Object.keys(sample)))] as (keyof FirstRowsRun)[];
  const breakdown: Partial<Record<keyof FirstRowsRun, number>> = {};
  for (const key of keys) {
    const values = samples.map((sample) => sample[key]).filter((value): value is number => value !== undefined);
    if (values.length > 0) breakdown[key] = round(median(values), 1);
  }
  return {
    runs,
    median_ms: round(median(samples.map((sample) => sample.click_to_rows_ms)), 1),
    breakdown_median_ms: breakdown,
    welcome_flashes: samples.filter((sample) => sample.welcome_shown_ms !== undefined).length,
    samples,
  };
}

/**
 * Stores the small world as a second profile and connects it beside the qbo CLI's, the way a user
 * does (Sign In… → Paste cli.json…, a profile name). VS Code keeps what that stored in the browser
 * context (globalState: the connected profiles; SecretStorage: the credentials, encrypted in
 * localStorage by code-server) and in the user settings (the profile): every later window of the
 * same context starts with both profiles connected.
 */
async function connectStoredProfile(context: BrowserContext, server: CodeServer, scratch: string, cliJson: unknown): Promise<void> {
  const workspace = fs.mkdtempSync(path.join(scratch, 'ws-sign-in-'));
  const page = await context.newPage();
  page.setDefaultTimeout(90_000);
  const wb = new Workbench(page);
  try {
    await wb.open(devPathUrl(server, workspace, [ROOT]));
    // As before each measured click: the workbench finishes starting (the palette lists the
    // extension's commands once the extension host has read its manifest).
    await page.waitForTimeout(2_000);
    await wb.runCommandThatAsks('qbo: Sign In…');
    await wb.waitForQuickInputTitle(/^Sign in to qbo$/);
    await wb.pickQuickItem(/Paste cli\.json/);
    await wb.waitForQuickInputTitle(/^Paste your qbo cli\.json$/);
    await wb.quickInputBox.fill(JSON.stringify(cliJson));
    await page.keyboard.press('Enter');
    await wb.waitForQuickInputTitle(/^Profile name$/);
    await wb.quickInputBox.fill(STORED_PROFILE);
    await page.keyboard.press('Enter');
    await wb.quickInput.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
    const statusBar = wb.statusBarItem(/qbo/).first();
    await until(async () => /qbo: 2 connected/.test(await statusBar.innerText()), 'the status bar to say "qbo: 2 connected"', 60_000);
    // The workbench writes its storage shortly after a change; let it before the window goes.
    await page.waitForTimeout(1_000);
  } finally {
    await page.close();
  }
}

interface RowChange {
  name: string;
  description: string;
  at: number;
}

/** State changes committed by the emulator to rows on screen: cluster rows and the nodes of an expanded cluster. */
async function pushToPixel(
  browser: Browser,
  server: CodeServer,
  host: EmulatorHost,
  scratch: string,
  pushes: number,
  burstPushes: number,
): Promise<{ isolated: PushToPixelResult; burst: PushToPixelResult }> {
  const workspace = fs.mkdtempSync(path.join(scratch, 'ws-pixel-'));
  const page = await openFresh(browser, devPathUrl(server, workspace, [ROOT]), QBO_TITLE);
  try {
    await page.evaluate(installProbeScript('^cluster-001$'));
    await page.locator(`.part.activitybar a.action-label[aria-label="${QBO_TITLE}"]`).click();
    const row = (label: string, level: number) =>
      page
        .locator(`.part.sidebar .monaco-list-row[role="treeitem"][aria-level="${level}"]`)
        .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) });
    await row('cluster-001', 1).waitFor();
    await row('cluster-001', 1).click();
    await row('Nodes', 2).first().waitFor();
    await row('Nodes', 2).first().click();
    const nodeRows = page.locator('.part.sidebar .monaco-list-row[role="treeitem"][aria-level="3"]');
    await page.waitForFunction(
      `document.querySelectorAll('.part.sidebar .monaco-list-row[role="treeitem"][aria-level="3"]').length >= 10`,
      undefined,
      { timeout: 60_000 },
    );
    const nodeNames = (await nodeRows.locator('.label-name').allTextContents()).map((text) => text.trim());
    const clusterNames = (
      await page.locator('.part.sidebar .monaco-list-row[role="treeitem"][aria-level="1"] .label-name').allTextContents()
    )
      .map((text) => text.trim())
      .filter((name) => /^cluster-\d+$/.test(name));
    // The emulator's ids for those names.
    const ids = (await host.call({ op: 'ids', names: [...clusterNames, ...nodeNames] })) as Record<
      string,
      { kind: 'clusters' | 'nodes'; id: string; state: string }
    >;
    const targets = Object.entries(ids).filter(([name]) => clusterNames.includes(name) || nodeNames.includes(name));
    if (targets.length < 10) throw new Error(`push to pixel: only ${targets.length} rows on screen to change`);
    const states = new Map(targets.map(([name, target]) => [name, target.state]));
    // Isolated changes first: each committed 250 ms after the previous one showed, past the 200 ms
    // during which VS Code's extension host holds further refreshes of a tree it just refreshed
    // (ExtHostTreeView debounces onDidChangeTreeData: 200 ms, leading edge). Then a burst, one
    // change 40 ms after the previous showed: what that debounce costs, reported apart.
    const isolated = await measurePushes(page, host, targets, states, pushes, 250);
    const burst = await measurePushes(page, host, targets, states, burstPushes, 40);
    return { isolated, burst };
  } finally {
    await page.close();
  }
}

type PushTarget = [string, { kind: 'clusters' | 'nodes'; id: string; state: string }];

async function measurePushes(
  page: Page,
  host: EmulatorHost,
  targets: PushTarget[],
  states: Map<string, string>,
  pushes: number,
  gapMs: number,
): Promise<PushToPixelResult> {
  const latencies: number[] = [];
  let seen = 0;
  for (let i = 0; i < pushes; i++) {
    const [name, target] = targets[i % targets.length] as PushTarget;
    const next = states.get(name) === 'stopped' ? 'running' : 'stopped';
    states.set(name, next);
    const from = (await page.evaluate(CHANGE_COUNT)) as number;
    const committedAt = (await host.call({ op: 'push', kind: target.kind, objectId: target.id, patch: { state: next } })) as number;
    const deadline = Date.now() + 10_000;
    let shownAt: number | undefined;
    while (shownAt === undefined && Date.now() < deadline) {
      const changes = (await page.evaluate(readChangesScript(from))) as RowChange[];
      shownAt = changes.find((change) => change.name === name && change.description.split(/\s|·/)[0] === next)?.at;
      if (shownAt === undefined) await page.waitForTimeout(5);
    }
    if (shownAt !== undefined) {
      seen++;
      latencies.push(shownAt - committedAt);
    }
    await page.waitForTimeout(gapMs);
  }
  if (seen < pushes) throw new Error(`push to pixel: ${pushes - seen} of ${pushes} changes never reached the screen`);
  return {
    pushes,
    seen,
    p50_ms: round(quantile(latencies, 0.5), 1),
    p95_ms: round(quantile(latencies, 0.95), 1),
    p99_ms: round(quantile(latencies, 0.99), 1),
    max_ms: round(Math.max(...latencies), 1),
  };
}

async function withWorld<T>(world: HostWorld, scratch: string, body: (server: CodeServer, host: EmulatorHost) => Promise<T>): Promise<T> {
  const host = await EmulatorHost.start(world);
  const home = fs.mkdtempSync(path.join(scratch, `home-${world}-`));
  fs.mkdirSync(path.join(home, '.qbo'));
  fs.writeFileSync(path.join(home, '.qbo', 'cli.json'), JSON.stringify(host.cliJson), { mode: 0o600 });
  const workspace = fs.mkdtempSync(path.join(scratch, 'ws-'));
  const server = await startCodeServer({ workspace, env: { HOME: home }, logFile: path.join(scratch, `code-server-${world}.log`) });
  try {
    return await body(server, host);
  } finally {
    await server.stop();
    await host.close();
  }
}

export async function measureWorkbench(log: (text: string) => void, runs = 5, pushes = 120): Promise<WorkbenchResult> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'qbo-bench-workbench-'));
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  const result: WorkbenchResult = {};
  const qbo = (rowPattern: string): FirstRowsSpec => ({
    extensionPath: ROOT,
    containerTitle: QBO_TITLE,
    rowPattern,
    logProfiles: ONE_CLI_PROFILE,
  });
  try {
    const staticExtension = writeStaticViewExtension(scratch, path.join(ROOT, 'media', 'qbo.svg'));
    await withWorld('small', scratch, async (server) => {
      log('workbench: first rows of a one-static-row extension (VS Code’s floor)');
      result.first_rows_baseline = await firstRows(browser, server, scratch, runs, {
        extensionPath: staticExtension,
        containerTitle: STATIC_CONTAINER_TITLE,
        rowPattern: `^${STATIC_ROW_LABEL}$`,
      });
      log('workbench: first rows, small world');
      result.first_rows_small = await firstRows(browser, server, scratch, runs, qbo(SMALL_ROWS));
    });
    await withWorld('large', scratch, async (server, host) => {
      log('workbench: first rows, large world');
      result.first_rows_large = await firstRows(browser, server, scratch, runs, qbo(LARGE_ROWS));
      log(`workbench: push to pixel, ${pushes} state changes`);
      const pixel = await pushToPixel(browser, server, host, scratch, pushes, 60);
      result.push_to_pixel = pixel.isolated;
      result.push_to_pixel_burst = pixel.burst;
    });
    await withWorld('large', scratch, async (server) => {
      // One browser context for every run (each in a fresh window and workspace): the stored
      // profile's credentials and the connected set live in the context's storage.
      const small = await EmulatorHost.start('small');
      const context = await browser.newContext({ viewport: VIEWPORT });
      try {
        log('workbench: first rows, the large world’s profile alone, in the context the two-profile runs use');
        result.two_profiles_first_rows_one_profile = await firstRows(context, server, scratch, runs, qbo(LARGE_ROWS));
        log(`workbench: connecting the small world as a second profile ("${STORED_PROFILE}") through Sign In…`);
        await connectStoredProfile(context, server, scratch, small.cliJson);
        log('workbench: first rows, two profiles (large + small world)');
        result.two_profiles_first_rows = await firstRows(context, server, scratch, runs, {
          extensionPath: ROOT,
          containerTitle: QBO_TITLE,
          rowPattern: `^(${escapeRegExp(CLI_PROFILE)}|${escapeRegExp(STORED_PROFILE)})$`,
          // The profile rows come first (their clusters are their children); the figure is the later of the two profiles' cluster rows.
          allOf: {
            profile_rows_ms: `^(${escapeRegExp(CLI_PROFILE)}|${escapeRegExp(STORED_PROFILE)})$`,
            small_rows_ms: SMALL_ROWS,
            large_rows_ms: LARGE_ROWS,
          },
          logProfiles: [
            { profile: STORED_PROFILE, listed: 'small_listed_ms' },
            { profile: CLI_PROFILE, listed: 'large_listed_ms' },
          ],
        });
        const profileRows = result.two_profiles_first_rows.breakdown_median_ms;
        log(
          `workbench: two profiles: small rows ${profileRows.small_rows_ms} ms, large rows ${profileRows.large_rows_ms} ms after the click`,
        );
      } finally {
        await context.close();
        await small.close();
      }
    });
    return result;
  } finally {
    await browser.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
