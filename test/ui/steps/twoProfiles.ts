// Two accounts live side by side (issue 20): while signed in to the suite's emulator, Connect to a
// Local Emulator starts a second emulator and connects it beside the qbo CLI profile. The roots are
// then the two profiles, each listing its own clusters (both have a `dev`); the status bar sums
// them up and its menu lists each. An action on one profile's `dev` row reaches that account only
// (each emulator's own state says so); the profile row's inline Disconnect leaves the qbo CLI
// profile alone, its clusters at the root again, for the steps after these.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { log, secretsOf, type Run, type Step } from '../context';
import { STEP_TIMEOUT_MS, until } from '../workbench';
import { describeClusters, EmulatorState } from './emulatorState';

const LOCAL = 'Local emulator';
const CLI = 'qbo CLI';
/** Where the extension's emulator supervisor writes the local emulator's cli.json (its global storage). */
const LOCAL_CLI_JSON = path.join('User', 'globalStorage', 'qbo-explorer.qbo-explorer', 'emulator-cli.json');

const CONNECTED = 'Connect to a Local Emulator while signed in: two profile rows, each with its own clusters (both have a dev)';
const ONLY_THAT_DEV = 'Stop Cluster on the Local emulator’s dev stops that dev only; Start on the qbo CLI’s dev starts that one only';

export function twoProfileSteps(run: Run, suiteEmulator: EmulatorState, needs: string[]): Step[] {
  const { wb } = run;
  const statusBar = wb.statusBarItem(/qbo/);
  const header = wb.page.locator('.pane-header', { hasText: /clusters/i }).first();
  let localEmulator: EmulatorState | undefined;
  const local = (): EmulatorState => {
    if (!localEmulator) throw new Error('the local emulator was not connected');
    return localEmulator;
  };
  /** name → description of the clusters below a profile's row. */
  const clustersUnder = async (profile: string): Promise<Map<string, string>> =>
    new Map((await wb.rowsUnder(profile)).filter((row) => row.level === 2).map((row) => [row.label, row.description]));
  const roots = async (): Promise<string[]> => (await wb.treeRows()).filter((row) => row.level === 1).map((row) => row.label);
  const clusterState = async (emulator: EmulatorState, name: string): Promise<string | undefined> => (await emulator.clusters()).get(name);

  return [
    {
      name: CONNECTED,
      needs,
      async run() {
        await wb.runCommand('qbo: Connect to a Local Emulator');
        await until(
          async () => JSON.stringify(await roots()) === JSON.stringify([LOCAL, CLI]),
          `the roots to be the profiles ${LOCAL} and ${CLI} (visible: ${(await wb.visibleRows()).join(' | ')})`,
          60_000,
        );
        for (const profile of [LOCAL, CLI]) {
          const row = wb.row(profile, 1);
          await wb.waitForDescription(row, (text) => / @ 127\.0\.0\.1 · connected$/.test(text), `the ${profile} row to say connected`);
          // (An earlier step collapsed the qbo CLI profile's row; the tree may remember that.)
          await wb.expand(row);
        }
        // A second emulator, not the suite's: its own account, its own world.
        const cliJson = path.join(run.userDataDir, LOCAL_CLI_JSON);
        if (!fs.existsSync(cliJson)) throw new Error(`no local emulator cli.json at ${cliJson}`);
        if (fs.realpathSync(cliJson) === fs.realpathSync(run.cliJson)) throw new Error('the local emulator is the suite emulator');
        for (const secret of secretsOf(cliJson)) run.addSecret(secret);
        localEmulator = new EmulatorState(cliJson);
        run.cleanups.push(() => Promise.resolve(localEmulator?.dispose()));
        log(
          `  local emulator: ${describeClusters(await local().clusters())}; suite emulator: ${describeClusters(await suiteEmulator.clusters())}`,
        );

        // Each profile's clusters below its own row, as its own emulator holds them.
        await until(
          async () => {
            const localRows = await clustersUnder(LOCAL);
            return localRows.get('dev') === 'running' && localRows.get('prod') === 'stopped' && localRows.size === 2;
          },
          `the ${LOCAL} profile to list dev running and prod stopped (visible: ${(await wb.visibleRows()).join(' | ')})`,
        );
        await until(
          async () => {
            const cliRows = await clustersUnder(CLI);
            return cliRows.has('dev') && cliRows.has('ui-new') && !cliRows.has('prod');
          },
          `the ${CLI} profile to list its dev and ui-new, not the deleted prod (visible: ${(await wb.visibleRows()).join(' | ')})`,
        );
        const suite = await suiteEmulator.clusters();
        const cliRows = await clustersUnder(CLI);
        for (const [name, state] of suite)
          if (cliRows.get(name) !== state)
            throw new Error(`the ${CLI} row of ${name} says "${cliRows.get(name) ?? 'nothing'}", its emulator says ${state}`);
        if (cliRows.size !== suite.size)
          throw new Error(`${CLI} lists ${[...cliRows.keys()].join(', ')}; its emulator holds ${describeClusters(suite)}`);

        await until(
          async () => /qbo: 2 connected/.test(await statusBar.first().innerText()),
          `the status bar to say "qbo: 2 connected" (it says "${await statusBar.first().innerText()}")`,
        );
        await until(async () => (await header.innerText()).includes('2 profiles'), 'the view header to say "2 profiles"');
      },
    },
    {
      name: 'the status bar menu lists both profiles; a profile’s entry opens that profile’s own actions',
      needs: [CONNECTED],
      async run() {
        await statusBar.first().click();
        await wb.waitForQuickInputTitle(/^qbo$/);
        const offered = await wb.quickPickLabels();
        for (const entry of [LOCAL, CLI, 'Connect Another Profile…', 'Switch Profile…', 'Sign In…', 'Show Output'])
          if (!offered.includes(entry)) throw new Error(`the status bar menu has no "${entry}" (it has: ${offered.join(' | ')})`);
        // With several profiles, the actions of one profile are not loose in the first menu.
        if (offered.includes('Disconnect') || offered.includes('Sign Out'))
          throw new Error(`the status bar menu offers one profile's actions at its top: ${offered.join(' | ')}`);
        await run.shot('status-bar-menu-two-profiles');
        // (The entry's label starts with its account icon.)
        await wb.pickQuickItem(new RegExp(`${LOCAL}$`));
        await wb.waitForQuickInputTitle(new RegExp(`^qbo: ${LOCAL}$`));
        const actions = await wb.quickPickLabels();
        for (const action of ['Refresh / Reconnect', 'Disconnect', 'Sign Out'])
          if (!actions.includes(action)) throw new Error(`${LOCAL}'s actions have no "${action}" (they are: ${actions.join(' | ')})`);
        await wb.page.keyboard.press('Escape');
        await wb.quickInput.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
      },
    },
    {
      name: ONLY_THAT_DEV,
      needs: [CONNECTED],
      async run() {
        // The base scenario stopped the suite's dev: start it from its own row first (an inline
        // action), so that both devs run and a stop reaching the wrong account would show.
        if ((await clusterState(suiteEmulator, 'dev')) !== 'running') {
          await wb.clickInlineAction(await wb.rowUnder(CLI, 'dev'), 'Start Cluster');
          await until(async () => (await clusterState(suiteEmulator, 'dev')) === 'running', "the suite emulator's dev to run", 60_000);
          await until(async () => (await clustersUnder(CLI)).get('dev') === 'running', `${CLI}'s dev row to say running`);
        }
        if ((await clusterState(local(), 'dev')) !== 'running')
          throw new Error(`the local emulator's dev is ${await clusterState(local(), 'dev')}`);

        // Stop from the context menu of the Local emulator's dev row (the other dev is its twin by name).
        const localDev = await wb.rowUnder(LOCAL, 'dev');
        const items = await wb.openContextMenu(localDev);
        if (!items.includes('Stop Cluster'))
          throw new Error(`the local dev's context menu has no "Stop Cluster" (it has: ${items.join(' | ')})`);
        await wb.chooseMenuItem('Stop Cluster');
        await until(async () => (await clusterState(local(), 'dev')) === 'stopped', "the local emulator's dev to stop", 60_000);
        await until(
          async () => (await clustersUnder(LOCAL)).get('dev') === 'stopped',
          `${LOCAL}'s dev row to say stopped (it says "${(await clustersUnder(LOCAL)).get('dev') ?? 'nothing'}")`,
        );
        const suiteDev = await clusterState(suiteEmulator, 'dev');
        if (suiteDev !== 'running')
          throw new Error(`the suite emulator's dev is ${suiteDev ?? 'gone'}: the stop reached the other account`);
        const cliDev = (await clustersUnder(CLI)).get('dev');
        if (cliDev !== 'running') throw new Error(`${CLI}'s dev row says "${cliDev ?? 'nothing'}", not running`);
        log(`  ${LOCAL}: ${describeClusters(await local().clusters())}; ${CLI}: ${describeClusters(await suiteEmulator.clusters())}`);
        // For the README's picture: no toast left over from earlier steps (e.g. the terminal's hint).
        await wb.runCommand('Notifications: Clear All Notifications');
        await until(
          async () => (await wb.page.locator('.notification-toast >> visible=true').count()) === 0,
          'the notification toasts to go',
        );
        await run.parkPointer();
        await run.shot('two-profiles', 'two-profiles.png');
      },
    },
    {
      name: 'the Local emulator row’s inline Disconnect leaves the qbo CLI profile alone, its clusters at the root',
      needs: [CONNECTED],
      async run() {
        try {
          await wb.clickInlineAction(wb.row(LOCAL, 1), 'Disconnect Profile');
          await until(
            async () =>
              (await wb.row(LOCAL).count()) === 0 &&
              (await wb.row(CLI, 1).count()) === 0 &&
              (await wb.row('dev', 1).count()) === 1 &&
              (await wb.row('ui-new', 1).count()) === 1,
            `the qbo CLI profile alone, its clusters at the root (visible: ${(await wb.visibleRows()).join(' | ')})`,
          );
          await until(
            async () => /from ~\/\.qbo\/cli\.json/.test(await header.innerText()),
            'the view header to name ~/.qbo/cli.json again',
          );
          await until(
            async () => /qbo: \S+ @ 127\.0\.0\.1/.test(await statusBar.first().innerText()),
            `the status bar to name the user again (it says "${await statusBar.first().innerText()}")`,
          );
          await wb.waitForDescription(wb.row('dev', 1), (text) => text === 'running', "the qbo CLI profile's dev to be running");
          // Disconnected, not signed out: the profile stays stored, ready to connect again.
          await wb.runCommandThatAsks('qbo: Connect Profile…');
          await wb.waitForQuickInputTitle(/^Connect a qbo Profile$/);
          const offered = await wb.quickPickLabels();
          if (!offered.includes(LOCAL))
            throw new Error(`Connect Profile does not offer ${LOCAL} again (it offers: ${offered.join(' | ')})`);
          await wb.page.keyboard.press('Escape');
          await wb.quickInput.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
        } finally {
          localEmulator?.dispose();
        }
      },
    },
  ];
}
