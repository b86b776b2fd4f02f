// The Activity view: another client of the same account (a socket of the test runner, naming
// itself as a qbo CLI) starts and stops dev; the user expands the Activity view (collapsed by
// default) and sees its command and the state change it caused, the view's description counts the
// other clients as the server lists them, and dev's row in the Clusters view says who stopped it.
// The Activity view is collapsed again at the end, so the steps after it see the Clusters rows only.
import * as fs from 'node:fs';
import { machineCommand } from '../../../src/qbo/commands';
import { DEFAULT_USER_AGENT } from '../../../src/qbo/connection';
import { parseCliJson } from '../../../src/qbo/credentials';
import { EmulatorProbe } from '../../support/emulatorProbe';
import type { Run, Step } from '../context';
import { STEP_TIMEOUT_MS, until } from '../workbench';

const OTHER_AGENT = 'qbo-cli/1.0 (ui test)';

export function activitySteps(run: Run, needs: string[]): Step[] {
  const { wb, page } = run;
  const pane = () => wb.sidebar.locator('.pane', { has: page.locator('.pane-header', { hasText: /^\s*Activity/ }) });
  const header = () => pane().locator('.pane-header').first();
  const rows = () => pane().locator('.monaco-list-row[role="treeitem"]');
  const activityRow = (label: string) => rows().filter({ has: page.locator('.label-name', { hasText: label }) });
  const labels = async (): Promise<string> => (await rows().locator('.label-name').allTextContents()).join(' | ') || 'none';
  const setExpanded = async (expanded: boolean): Promise<void> => {
    if (((await header().getAttribute('aria-expanded')) === 'true') !== expanded) await header().click();
    await until(
      async () => ((await header().getAttribute('aria-expanded')) === 'true') === expanded,
      `the Activity view to ${expanded ? 'expand' : 'collapse'}`,
    );
  };

  /** Drags the sash above the Activity view's header up to the middle of the sidebar. */
  const giveActivityRoom = async (): Promise<void> => {
    const box = await header().boundingBox();
    const sidebar = await wb.sidebar.boundingBox();
    if (!box || !sidebar) return;
    await page.mouse.move(box.x + box.width / 2, box.y - 1);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, sidebar.y + sidebar.height * 0.45, { steps: 8 });
    await page.mouse.up();
  };

  return [
    {
      name: 'another client stops dev: the Activity view (expanded) shows its command and the change, dev’s row says who did it',
      needs,
      async run() {
        const credentials = parseCliJson(fs.readFileSync(run.cliJson, 'utf8'), run.cliJson);
        const user = credentials.user ?? 'dev@localhost';
        const other = new EmulatorProbe(credentials, OTHER_AGENT);
        try {
          await other.open();
          if ((await header().getAttribute('aria-expanded')) === 'true') throw new Error('the Activity view is not collapsed by default');
          // A start or stop with single replies answers only when done, possibly after the probe's timeout: watch the server instead.
          const move = async (verb: 'start' | 'stop', state: string): Promise<void> => {
            await other.run(machineCommand(verb, 'clusters', [{ ref: { name: 'dev' }, cluster: 'dev' }])).catch(() => undefined);
            await until(async () => (await other.clusterState('dev')) === state, `dev ${state} on the emulator`, 60_000);
          };
          if ((await other.clusterState('dev')) !== 'running') await move('start', 'running');
          await move('stop', 'stopped');

          // VS Code shows a view's description only while it is expanded. It counts the clients the
          // server lists, but not this window's own sockets (one per profile on this server).
          await setExpanded(true);
          const others = (await other.clients()).filter((client) => client.agent !== DEFAULT_USER_AGENT).length;
          await until(
            async () => (await header().innerText()).includes(`${others} other client${others === 1 ? '' : 's'}`),
            `the Activity view's header to count ${others} other clients (it says: ${await header().innerText()})`,
          );
          const command = activityRow(`${user}: qbo stop clusters dev`);
          await until(async () => (await command.count()) >= 1, `a row naming the other client's stop (rows: ${await labels()})`);
          const where = await wb.descriptionOf(command.first());
          if (!where.startsWith(`${OTHER_AGENT}, 127.0.0.1 · `)) throw new Error(`the command's row says "${where}"`);
          const change = activityRow('dev: running → stopped');
          await until(async () => (await change.count()) >= 1, `the row of dev's state change (rows: ${await labels()})`);
          const cause = await wb.descriptionOf(change.first());
          if (!cause.startsWith(`by ${user} · `)) throw new Error(`the state change's row says "${cause}", not who caused it`);
          // dev's row (the first one: with several profiles of this account, each has its dev).
          await wb.waitForDescription(
            wb.row('dev').first(),
            (text) => text.startsWith(`stopped · ${user} stopped it`),
            "dev's row in the Clusters view to say who stopped it",
          );
          // Room for the picture: the Activity view's top edge dragged up (cosmetic, so not checked).
          await giveActivityRoom().catch(() => undefined);
          await run.parkPointer();
          await run.shot('activity', 'activity.png');
          // A click on the row reveals dev in the Clusters view.
          await change.first().click();
          const selectedDev = wb.sidebar.locator('.monaco-list-row[aria-selected="true"]', {
            has: page.locator('.label-name', { hasText: /^dev$/ }),
          });
          await until(async () => (await selectedDev.count()) === 1, 'dev to be selected in the Clusters view');
        } finally {
          other.dispose();
          await setExpanded(false).catch(() => undefined);
        }
        await rows()
          .first()
          .waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS })
          .catch(() => undefined);
      },
    },
  ];
}
