// The "all clusters" actions through their confirmations, checked against the emulator's own
// state: Stop All / Start All ask in a modal (Cancel does nothing), Delete All asks you to type
// `delete` (anything else deletes nothing). Delete All runs last of the feature steps: it leaves
// no cluster behind.
import type { Run, Step } from '../context';
import { STEP_TIMEOUT_MS, until } from '../workbench';
import { describeClusters, type EmulatorState } from './emulatorState';

const STOP_ALL = 'Stop All Clusters… asks in a modal: Cancel stops nothing, Stop All stops every cluster';
const START_ALL = 'Start All Clusters… asks in a modal; Start All starts every cluster';

export function allClustersSteps(run: Run, emulator: EmulatorState, needs: string[]): Step[] {
  const { wb } = run;
  const everyState = async (state: string): Promise<boolean> => {
    const clusters = await emulator.clusters();
    return clusters.size > 0 && [...clusters.values()].every((value) => value === state);
  };
  /** Runs a palette command and waits for its modal; returns the modal's message. */
  const modalOf = async (title: string): Promise<string> => {
    await wb.runCommand(title);
    await wb.dialog.waitFor({ timeout: STEP_TIMEOUT_MS });
    return (await wb.dialog.locator('.dialog-message-text').textContent()) ?? '';
  };
  /** Nothing changes on the emulator for a while (a command sent anyway would show by then). */
  const unchangedFor = async (before: Map<string, string>, ms: number): Promise<void> => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    const after = await emulator.clusters();
    if (describeClusters(after) !== describeClusters(before))
      throw new Error(`the emulator changed without confirmation: ${describeClusters(before)} → ${describeClusters(after)}`);
  };

  return [
    {
      name: STOP_ALL,
      needs,
      async run() {
        const before = await emulator.clusters();
        if (![...before.values()].includes('running')) throw new Error(`no running cluster to stop: ${describeClusters(before)}`);
        const message = await modalOf('qbo: Stop All Clusters…');
        if (!new RegExp(`Stop all ${before.size} qbo clusters\\?`).test(message)) throw new Error(`the modal says "${message}"`);
        await wb.dialogButton('Cancel').click();
        await wb.dialog.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
        await unchangedFor(before, 1500);
        await modalOf('qbo: Stop All Clusters…');
        await run.shot('stop-all-confirm');
        await wb.dialogButton('Stop All').click();
        await until(() => everyState('stopped'), 'every cluster stopped on the emulator');
        await wb.waitForDescription(wb.row('ui-new', 1), (text) => text === 'stopped', 'ui-new to be described as stopped');
      },
    },
    {
      name: START_ALL,
      needs: [STOP_ALL],
      async run() {
        const message = await modalOf('qbo: Start All Clusters…');
        if (!/Start all \d+ qbo clusters\?/.test(message)) throw new Error(`the modal says "${message}"`);
        await wb.dialogButton('Start All').click();
        await until(() => everyState('running'), 'every cluster running on the emulator', 60_000);
        await wb.waitForDescription(wb.row('dev', 1), (text) => text === 'running', 'dev to be described as running');
      },
    },
    {
      name: 'Delete All Clusters… deletes nothing unless you type "delete", then deletes them all',
      needs,
      async run() {
        try {
          const before = await emulator.clusters();
          if (before.size < 2) throw new Error(`expected at least 2 clusters to delete, the emulator has ${describeClusters(before)}`);
          await wb.runCommandThatAsks('qbo: Delete All Clusters…');
          await wb.waitForQuickInputTitle(new RegExp(`^Delete all ${before.size} qbo clusters\\?`));
          // A near miss is refused in place: the box stays open and says what it wants.
          await wb.quickInputBox.fill('Delete');
          await until(async () => /Type exactly "delete"/.test(await wb.quickInputMessage()), 'the "Type exactly" message');
          await wb.page.keyboard.press('Enter');
          if (!(await wb.quickInput.isVisible())) throw new Error('the box accepted "Delete"');
          await run.shot('delete-all-refused');
          // Escape, and an empty answer, delete nothing.
          await wb.page.keyboard.press('Escape');
          await wb.quickInput.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
          await wb.runCommandThatAsks('qbo: Delete All Clusters…');
          await wb.waitForQuickInputTitle(/^Delete all \d+ qbo clusters\?/);
          await wb.quickInputBox.fill('');
          await wb.page.keyboard.press('Enter');
          await wb.quickInput.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
          await unchangedFor(before, 1500);
          if ((await wb.row('dev', 1).count()) !== 1) throw new Error('dev left the tree although nothing was deleted');

          await wb.runCommandThatAsks('qbo: Delete All Clusters…');
          await wb.waitForQuickInputTitle(/^Delete all \d+ qbo clusters\?/);
          await wb.quickInputBox.fill('delete');
          await wb.page.keyboard.press('Enter');
          await until(async () => (await emulator.clusters()).size === 0, 'the emulator to hold no cluster', 60_000);
          await until(async () => (await wb.row(/.*/, 1).count()) === 0, 'the tree to show no cluster');
          await run.parkPointer();
          await run.shot('all-deleted');
        } finally {
          emulator.dispose();
        }
      },
    },
  ];
}
