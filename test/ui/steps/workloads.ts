// Workload actions as a user does them: sign in (by pasting cli.json) to a second emulator whose
// world has pods with containers and services with node ports, then View Logs from a pod's
// context menu (a terminal named after the pod runs the stand-in kubectl with the right
// arguments) and Open in Browser on a service (the URL the workbench opens is caught before any
// request leaves: the browser context aborts it), then switch back to the base scenario's profile.
// Signing in adds the account beside the qbo CLI profile: the tree shows both profiles, and the
// steps collapse the qbo CLI one to work in the new account's rows.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Route } from 'playwright-core';
import { ROOT, startEmulatorProcess } from '../../support/processes';
import { DIALECT, EMULATOR_SPEED, log, type Run, type Step } from '../context';
import { STEP_TIMEOUT_MS, until } from '../workbench';

const WORLD = path.join(ROOT, 'test', 'support', 'fixtures', 'workloads-world.json');
const POD = 'web-6d4b75cb6d-k2x9q';
const PROFILE = 'ui-workloads';
const CLI_PROFILE = 'qbo CLI';

export function workloadSteps(run: Run, needs: string[]): Step[] {
  const { wb } = run;
  const SIGNED_IN = 'pasting a second account’s cli.json connects it beside the qbo CLI profile, its cluster apps below its own row';
  const quickPick = wb.page.locator('.quick-input-widget');
  const quickInput = quickPick.locator('.quick-input-box input');
  const quickRow = (text: string | RegExp) => quickPick.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();

  /** Signs in by pasting a cli.json into the password box, under a profile name. */
  const pasteCliJson = async (file: string, profile: string) => {
    // From the Command Palette (wb.runCommand waits for the palette to close; this command keeps it open for its input).
    await wb.page.keyboard.press('F1');
    await quickInput.waitFor({ timeout: STEP_TIMEOUT_MS });
    await quickInput.fill('>qbo: Sign In by Pasting cli.json');
    await quickRow(/Sign In by Pasting cli\.json/).click();
    await until(
      async () =>
        (await quickPick.innerText()).includes('Paste your qbo cli.json') && (await quickInput.getAttribute('type')) === 'password',
      'the password box for the cli.json',
    );
    await quickInput.fill(JSON.stringify(JSON.parse(fs.readFileSync(file, 'utf8'))));
    await wb.page.keyboard.press('Enter');
    await until(async () => (await quickPick.innerText()).includes('Profile name'), 'the profile name box');
    await quickInput.fill(profile);
    await wb.page.keyboard.press('Enter');
  };

  return [
    {
      name: SIGNED_IN,
      needs,
      async run() {
        const dir = path.join(run.tmp, 'workloads-emulator');
        fs.mkdirSync(dir, { recursive: true });
        const emulator = await startEmulatorProcess(['--speed', EMULATOR_SPEED, ...DIALECT.emulatorFlags, '--world', WORLD], dir);
        run.cleanups.push(() => emulator.stop());
        await pasteCliJson(emulator.cliJson, PROFILE);
        await wb.waitForDescription(wb.row(PROFILE, 1), (text) => text.endsWith(' · connected'), `the ${PROFILE} row to say connected`);
        const labelsUnder = async (profile: string) =>
          (await wb.rowsUnder(profile)).filter((row) => row.level === 2).map((row) => row.label);
        await until(
          async () => (await labelsUnder(PROFILE)).includes('apps') && (await labelsUnder(CLI_PROFILE)).includes('dev'),
          `apps below ${PROFILE} and dev still below ${CLI_PROFILE} (visible: ${(await wb.visibleRows()).join(' | ')})`,
        );
        if ((await labelsUnder(PROFILE)).includes('dev') || (await labelsUnder(CLI_PROFILE)).includes('apps'))
          throw new Error(`the two accounts' clusters are mixed up: ${(await wb.visibleRows()).join(' | ')}`);
        // Collapsed, the qbo CLI profile's rows are out of the way: the levels below are the new account's.
        const cli = wb.row(CLI_PROFILE, 1);
        await cli.click();
        await until(async () => (await cli.getAttribute('aria-expanded')) === 'false', `the ${CLI_PROFILE} row to collapse`);
        await wb.waitForDescription(wb.row('apps', 2), (text) => text === 'running', 'apps to be described as running');
      },
    },
    {
      name: 'View Logs in a pod’s context menu asks for the container and runs kubectl logs -f in a terminal named after the pod',
      needs: [SIGNED_IN],
      async run() {
        await wb.expand(wb.row('apps', 2));
        await wb.expand(wb.row('Nodes', 3));
        await wb.expand(wb.row('worker-apps.localhost', 4));
        const pod = wb.row(POD, 5);
        await pod.waitFor({ timeout: STEP_TIMEOUT_MS });
        const items = await wb.openContextMenu(pod);
        for (const title of ['View Logs', 'Open Shell', 'Describe'])
          if (!items.includes(title)) throw new Error(`the pod's context menu has no "${title}" (it has: ${items.join(' | ')})`);
        if (items.includes('Stop Node') || items.includes('Open in Browser')) throw new Error(`the pod's menu offers ${items.join(' | ')}`);
        // The menu fades in: let it settle so the screenshot shows it as a user sees it.
        await wb.page.waitForTimeout(400);
        await run.shot('pod-context-menu', 'pod-context-menu.png');
        const from = run.kubectl.records().length;
        await wb.chooseMenuItem('View Logs');
        // The pod names two containers: the user picks one.
        await quickRow('metrics').waitFor({ timeout: STEP_TIMEOUT_MS });
        await quickRow(/^web/).click();
        const terminalName = `${POD} · logs`;
        await until(
          async () =>
            (await wb.page.locator(`[aria-label*="${terminalName}"]`).count()) > 0 || (await wb.visibleText()).includes(terminalName),
          `a terminal named "${terminalName}"`,
        );
        const record = await until(
          async () =>
            run.kubectl
              .records()
              .slice(from)
              .find((entry) => entry.argv[0] === 'logs'),
          'the stand-in kubectl to run logs',
        );
        const expected = ['logs', '-f', POD, '-n', 'shop', '-c', 'web'];
        if (JSON.stringify(record.argv) !== JSON.stringify(expected)) throw new Error(`kubectl ran with ${record.argv.join(' ')}`);
        if (record.kubeconfig?.mode !== '600' || !record.kubeconfig.sha256)
          throw new Error(`kubectl's KUBECONFIG was ${JSON.stringify(record.kubeconfig)}, not a private file`);
        log(`  kubectl ${record.argv.join(' ')} (KUBECONFIG mode ${record.kubeconfig.mode})`);
        await run.parkPointer();
        await run.shot('pod-logs-terminal');
        await wb.runCommand('Terminal: Kill the Active Terminal Instance');
      },
    },
    {
      name: 'Open in Browser on a service with two ports asks which, and the workbench opens its node-port URL',
      needs: [SIGNED_IN],
      async run() {
        const opened: string[] = [];
        // What the workbench opens for a loopback URL: the URL itself, or code-server's proxy of
        // that port (its asExternalUri). Caught and aborted either way: no request is served.
        const forPort = (url: string) => /^https?:\/\/127\.0\.0\.1:30080\/$|\/proxy\/30080\/?$/.test(url);
        const context = wb.page.context();
        const intercept = async (route: Route) => {
          opened.push(route.request().url());
          await route.abort();
        };
        await context.route((url) => forPort(url.toString()), intercept);
        await wb.expand(wb.row('Services', 3));
        const service = wb.row('web', 4).first();
        await service.waitFor({ timeout: STEP_TIMEOUT_MS });
        const items = await wb.openContextMenu(service);
        for (const title of ['Open in Browser', 'Copy URL', 'Port Forward'])
          if (!items.includes(title)) throw new Error(`the service's context menu has no "${title}" (it has: ${items.join(' | ')})`);
        await wb.chooseMenuItem('Open in Browser');
        await quickRow('https://127.0.0.1:30443/').waitFor({ timeout: STEP_TIMEOUT_MS });
        await quickRow('http://127.0.0.1:30080/').click();
        // VS Code may ask before opening an external site; the user says Open.
        await until(async () => {
          if (opened.length > 0) return true;
          if (await wb.dialogButton('Open').isVisible()) await wb.dialogButton('Open').click();
          return false;
        }, 'the workbench to open the service URL');
        log(`  the workbench opened ${opened.join(', ')}`);
        await context.unroute((url) => forPort(url.toString()), intercept);
        for (const page of context.pages()) if (page !== wb.page) await page.close();
        await wb.page.bringToFront();
      },
    },
    {
      name: 'Switch Profile… back to the qbo CLI profile shows dev again',
      needs: [SIGNED_IN],
      async run() {
        await wb.sidebar.hover();
        await wb.page.locator('.part.sidebar .action-label[aria-label^="Switch Profile"] >> visible=true').first().click();
        await wb.waitForQuickInputTitle(/^Switch qbo Profile$/);
        await wb.pickQuickItem(/^qbo CLI$/);
        // One profile again: its clusters are the roots, the other account's rows are gone.
        await until(
          async () =>
            (await wb.row('dev', 1).count()) === 1 && (await wb.row('apps').count()) === 0 && (await wb.row(PROFILE, 1).count()) === 0,
          `the clusters of the qbo CLI profile alone (visible: ${(await wb.visibleRows()).join(' | ')})`,
        );
      },
    },
  ];
}
