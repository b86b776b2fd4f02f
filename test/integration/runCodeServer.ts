// Runs the integration suite inside a real VS Code (code-server, driven by Debian's Chromium),
// against the real emulator process. Exits non-zero on any failure or timeout.
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
  waitFor,
  workbenchUrl,
  type CodeServer,
  type EmulatorProcess,
} from '../support/processes';
import { CONFIG_FILE, type IntegrationConfig, type IntegrationResult } from './config';
import { TEST_SETTINGS } from './testSettings';

const TIMEOUT_MS = Number(process.env.QBO_IT_TIMEOUT_MS ?? 300_000);

async function main(): Promise<number> {
  const started = Date.now();
  const log = (message: string): void => console.log(`[integration +${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qbo-it-'));
  const workspace = path.join(tmp, 'workspace');
  fs.mkdirSync(workspace);
  const resultFile = path.join(tmp, 'result.json');
  let emulator: EmulatorProcess | undefined;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  try {
    emulator = await startEmulatorProcess(['--speed', '0.05'], tmp);
    log(`emulator on ${emulator.url}`);
    const config: IntegrationConfig = { cliJson: emulator.cliJson, emulatorUrl: emulator.url, resultFile };
    fs.writeFileSync(CONFIG_FILE, JSON.stringify(config, null, 2));
    server = await startCodeServer({ workspace, settings: TEST_SETTINGS, logFile: path.join(tmp, 'code-server.log') });
    log(`code-server on ${server.url}`);
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
    await waitFor(() => exit !== undefined || fs.existsSync(resultFile), TIMEOUT_MS, 'the integration suite');
    const result = fs.existsSync(resultFile) ? (JSON.parse(fs.readFileSync(resultFile, 'utf8')) as IntegrationResult) : undefined;
    if (!result) throw new Error(`the suite ended (code ${exit}) without a result`);
    for (const failure of result.failed) log(`FAILED ${failure.title}: ${failure.error}`);
    // The settings VS Code wrote must hold nothing secret.
    const settings = fs.readFileSync(path.join(server.userDataDir, 'User', 'settings.json'), 'utf8');
    const cli = JSON.parse(fs.readFileSync(emulator.cliJson, 'utf8')) as { qbo_aux?: string };
    let failures = result.failures;
    let passes = result.passes;
    if (cli.qbo_aux && settings.includes(cli.qbo_aux)) {
      log('FAILED settings.json contains qbo_aux');
      failures++;
    } else passes++;
    if (result.activateMs !== undefined) {
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
    console.log(`integration: ${passes} passed, ${failures} failed`);
    return failures === 0 ? 0 : 1;
  } catch (error) {
    log(`ERROR ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    if (server) log(`code-server log: ${server.logFile}`);
    console.log('integration: 0 passed, 1 failed');
    return 1;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await emulator?.stop();
    fs.rmSync(CONFIG_FILE, { force: true });
    if (!process.env.QBO_KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
  }
}

void main().then((code) => process.exit(code));
