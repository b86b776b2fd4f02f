// Runs the integration suites inside a real VS Code (code-server, driven by Debian's Chromium),
// against the real emulator process. Two runs, each with its own code-server and workspace:
//   main  — suite/*.itest.ts: every command and the tree, in a plain workspace (with a second
//           emulator for the workload actions and a third playing a hostile server);
//   trust — suite/trust/*.itest.ts: a workspace whose .vscode/settings.json redefines the user's
//           profile to point at a second emulator (the "attacker", behind a recording proxy) and
//           turns the delete confirmation off; nothing of it may take effect.
// `--dialect single` runs the main suite against a single-reply server without deleted pushes
// (test/support/dialects.ts; the trust run does not depend on the dialect).
// Exits non-zero on any failure or timeout.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  ROOT,
  startCodeServer,
  startEmulatorProcess,
  waitFor,
  workbenchUrl,
  type CodeServer,
  type EmulatorProcess,
} from '../support/processes';
import { dialectFromArgs } from '../support/dialects';
import { installFakeKubernetesExtension } from '../support/fakeKubernetes';
import { installStandInKubectl } from '../support/standInKubectl';
import { CONFIG_FILE, HOSTILE_ATTACKS, type IntegrationConfig, type IntegrationResult } from './config';
import { TEST_SETTINGS } from './testSettings';

const TIMEOUT_MS = Number(process.env.QBO_IT_TIMEOUT_MS ?? 300_000);
const DIALECT = dialectFromArgs();
const started = Date.now();
const log = (message: string): void => console.log(`[integration +${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);

interface Tally {
  passes: number;
  failures: number;
}

/** A TCP proxy in front of the attacker's emulator that records each connection and whether it carried a cookie (never the cookie). */
async function recordingProxy(target: number, logFile: string): Promise<{ port: number; close(): Promise<void> }> {
  fs.writeFileSync(logFile, '');
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    let head = '';
    let recorded = false;
    const record = (): void => {
      if (recorded) return;
      recorded = true;
      fs.appendFileSync(logFile, `${JSON.stringify({ at: new Date().toISOString(), cookie: /^cookie:/im.test(head) })}\n`);
    };
    const upstream = net.connect(target, '127.0.0.1');
    sockets.add(upstream);
    client.on('data', (chunk: Buffer) => {
      if (!recorded) {
        head += chunk.toString('latin1');
        if (head.includes('\r\n\r\n') || head.length > 16_384) record();
      }
      upstream.write(chunk);
    });
    client.on('close', () => {
      record();
      upstream.destroy();
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    upstream.on('close', () => client.destroy());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Remembers every version of a file while the suite runs (the settings VS Code writes come and go). */
function watchVersions(file: string): { versions: Set<string>; stop(): void } {
  const versions = new Set<string>();
  const sample = (): void => {
    try {
      versions.add(fs.readFileSync(file, 'utf8'));
    } catch {
      // not written yet
    }
  };
  const timer = setInterval(sample, 100);
  return {
    versions,
    stop: () => {
      clearInterval(timer);
      sample();
    },
  };
}

async function runSuite(suite: IntegrationConfig['suite'], tally: Tally): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `qbo-it-${suite}-`));
  const workspace = path.join(tmp, 'workspace');
  fs.mkdirSync(workspace);
  const resultFile = path.join(tmp, 'result.json');
  let emulator: EmulatorProcess | undefined;
  let attacker: EmulatorProcess | undefined;
  let workloads: EmulatorProcess | undefined;
  let hostile: EmulatorProcess | undefined;
  let links: EmulatorProcess | undefined;
  let proxy: { port: number; close(): Promise<void> } | undefined;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let settingsWatch: ReturnType<typeof watchVersions> | undefined;
  const fail = (message: string): void => {
    log(`FAILED (${suite}) ${message}`);
    tally.failures++;
  };
  try {
    emulator = await startEmulatorProcess(['--speed', '0.05', ...DIALECT.emulatorFlags], tmp);
    log(`${suite}: emulator on ${emulator.url} (${DIALECT.label})`);
    let attackerConfig: IntegrationConfig['attacker'];
    let userSettings: Record<string, unknown> = { ...TEST_SETTINGS, ...DIALECT.settings };
    if (suite === 'trust') {
      const attackerDir = path.join(tmp, 'attacker');
      fs.mkdirSync(attackerDir);
      attacker = await startEmulatorProcess(['--speed', '0'], attackerDir);
      const attackerLog = path.join(tmp, 'attacker.log');
      proxy = await recordingProxy(attacker.port, attackerLog);
      attackerConfig = { port: proxy.port, log: attackerLog };
      log(`${suite}: attacker emulator on ${attacker.url}, seen through ws://127.0.0.1:${proxy.port}`);
      // What a cloned repository could ship: the user's profile name, pointed elsewhere, with the guards off.
      fs.mkdirSync(path.join(workspace, '.vscode'));
      fs.writeFileSync(
        path.join(workspace, '.vscode', 'settings.json'),
        JSON.stringify(
          {
            'qbo.profiles': [
              { name: 'work', host: '127.0.0.1', port: proxy.port, allowSelfSigned: true },
              { name: 'second', host: '127.0.0.1', port: proxy.port, allowSelfSigned: true },
            ],
            'qbo.activeProfile': 'work',
            'qbo.confirm.delete': false,
            'qbo.confirm.bulkActions': false,
            'qbo.confirm.recentActivityMinutes': 0,
          },
          null,
          2,
        ),
      );
      // The user's own settings keep every confirmation (the default).
      userSettings = { 'qbo.revealOutputOnError': false };
    }
    // Main run: a second emulator with pods and services for the workload actions; kubectl is the
    // recording stand-in, first on PATH; the Kubernetes extension is the test-only one.
    let workloadsConfig: Pick<IntegrationConfig, 'workloadsCliJson' | 'kubectlDir' | 'hostile' | 'linksCliJson'> = {};
    let extensionsDir: string | undefined;
    let env: Record<string, string> | undefined;
    if (suite === 'main') {
      const workloadsDir = path.join(tmp, 'workloads');
      fs.mkdirSync(workloadsDir);
      workloads = await startEmulatorProcess(
        ['--speed', '0.05', ...DIALECT.emulatorFlags, '--world', path.join(ROOT, 'test', 'support', 'fixtures', 'workloads-world.json')],
        workloadsDir,
      );
      const kubectl = installStandInKubectl(path.join(tmp, 'kubectl-bin'));
      extensionsDir = path.join(tmp, 'extensions');
      installFakeKubernetesExtension(extensionsDir);
      env = { PATH: `${kubectl.binDir}${path.delimiter}${process.env.PATH ?? ''}` };
      // A hostile server (src/emulator/hostile.ts): its kubeconfigs name a program and a user outside the file.
      const hostileDir = path.join(tmp, 'hostile');
      fs.mkdirSync(hostileDir);
      const marker = path.join(hostileDir, 'marker');
      hostile = await startEmulatorProcess(
        ['--speed', '0', ...DIALECT.emulatorFlags, '--hostile', HOSTILE_ATTACKS, '--hostile-marker', marker],
        hostileDir,
      );
      log(`${suite}: hostile emulator on ${hostile.url} (${HOSTILE_ATTACKS})`);
      // A hostile server whose output lines and error statuses carry command links (suite/serverText.itest.ts).
      const linksDir = path.join(tmp, 'links');
      fs.mkdirSync(linksDir);
      links = await startEmulatorProcess(['--speed', '0', ...DIALECT.emulatorFlags, '--hostile', 'links'], linksDir);
      workloadsConfig = {
        workloadsCliJson: workloads.cliJson,
        kubectlDir: kubectl.binDir,
        hostile: { cliJson: hostile.cliJson, marker },
        linksCliJson: links.cliJson,
      };
    }
    server = await startCodeServer({
      workspace,
      settings: userSettings,
      logFile: path.join(tmp, 'code-server.log'),
      ...(extensionsDir ? { extensionsDir } : {}),
      ...(env ? { env } : {}),
    });
    log(`${suite}: code-server on ${server.url}`);
    const config: IntegrationConfig = {
      suite,
      cliJson: emulator.cliJson,
      emulatorUrl: emulator.url,
      resultFile,
      userDataDir: server.userDataDir,
      ...(attackerConfig ? { attacker: attackerConfig } : {}),
      ...workloadsConfig,
    };
    fs.writeFileSync(CONFIG_FILE, JSON.stringify(config, null, 2));
    const settingsFile = path.join(server.userDataDir, 'User', 'settings.json');
    settingsWatch = watchVersions(settingsFile);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    let exit: number | undefined;
    // The workbench calls this when the suite's run() settles.
    await page.exposeFunction('codeAutomationExit', (code: number) => {
      exit = code;
    });
    page.on('console', (message) => {
      const text = message.text();
      // The extension host's console (mocha's spec reporter) is forwarded to the page.
      if (/^\s*(✔|✓|\d+\)|[0-9]+ (passing|failing)|qbo Explorer in VS Code)/.test(text) || text.includes('AssertionError'))
        console.log(`  ${text}`);
    });
    await page.goto(workbenchUrl(server, workspace, path.join(ROOT, 'out', 'test', 'integration', 'suite', 'index.js')));
    await waitFor(() => exit !== undefined || fs.existsSync(resultFile), TIMEOUT_MS, `the ${suite} integration suite`);
    const result = fs.existsSync(resultFile) ? (JSON.parse(fs.readFileSync(resultFile, 'utf8')) as IntegrationResult) : undefined;
    if (!result) throw new Error(`the suite ended (code ${exit}) without a result`);
    for (const failure of result.failed) log(`FAILED (${suite}) ${failure.title}: ${failure.error}`);
    tally.passes += result.passes;
    tally.failures += result.failures;

    // The settings VS Code wrote during the run must hold nothing secret, and there must have been something to check.
    settingsWatch.stop();
    const cli = JSON.parse(fs.readFileSync(emulator.cliJson, 'utf8')) as { qbo_aux?: unknown };
    const versions = [...settingsWatch.versions];
    const withProfiles = versions.filter((text) => /"qbo\.profiles"\s*:\s*\[\s*\{/.test(text));
    if (typeof cli.qbo_aux !== 'string' || cli.qbo_aux.length < 16) fail('the emulator account has no qbo_aux to look for');
    else if (withProfiles.length === 0)
      fail(`settings.json never held a stored profile (${versions.length} versions seen): nothing was checked`);
    else if (versions.some((text) => text.includes(cli.qbo_aux as string))) fail('settings.json held qbo_aux');
    else tally.passes++;

    if (attackerConfig) {
      const seen = fs.readFileSync(attackerConfig.log, 'utf8').trim();
      if (seen) fail(`the attacker's emulator was connected to: ${seen.split('\n').join(' | ')}`);
      else tally.passes++;
    }

    if (result.activateMs !== undefined && suite === 'main' && DIALECT.name === 'lifecycle') {
      fs.mkdirSync(path.join(ROOT, 'bench'), { recursive: true });
      fs.writeFileSync(
        path.join(ROOT, 'bench', 'activate.json'),
        JSON.stringify(
          {
            activate_ms: Number(result.activateMs.toFixed(2)),
            measured_in: 'code-server 4.100.3 extension host',
            date: new Date().toISOString(),
          },
          null,
          2,
        ),
      );
      log(`activate() took ${result.activateMs.toFixed(1)} ms`);
    }
  } catch (error) {
    fail(`ERROR ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    if (server) log(`code-server log: ${server.logFile}`);
  } finally {
    settingsWatch?.stop();
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await proxy?.close();
    await attacker?.stop();
    await emulator?.stop();
    await workloads?.stop();
    await hostile?.stop();
    await links?.stop();
    fs.rmSync(CONFIG_FILE, { force: true });
    if (!process.env.QBO_KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const tally: Tally = { passes: 0, failures: 0 };
  const only = process.env.QBO_IT_SUITE ?? (DIALECT.name === 'lifecycle' ? undefined : 'main');
  for (const suite of ['main', 'trust'] as const) if (!only || only === suite) await runSuite(suite, tally);
  console.log(`integration (${DIALECT.label}): ${tally.passes} passed, ${tally.failures} failed`);
  return tally.failures === 0 ? 0 : 1;
}

void main().then((code) => process.exit(code));
