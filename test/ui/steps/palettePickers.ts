// Commands run from the Command Palette with nothing selected: they ask through their pickers and
// prompts. Add Nodes validates its count; Copy Name and Show JSON pick any object of the tree.
import type { Run, Step } from '../context';
import { STEP_TIMEOUT_MS, until } from '../workbench';
import type { EmulatorState } from './emulatorState';

export const ADD_NODES = 'Add Nodes from the palette: a cluster picker, then a count prompt that refuses a bad count';

export function palettePickerSteps(run: Run, emulator: EmulatorState, needs: string[]): Step[] {
  const { wb } = run;

  /** Clears the tree's selection (Escape in the focused tree), so commands ask instead of using it. */
  const clearTreeSelection = async (): Promise<void> => {
    const row = wb.row('ui-new', 1);
    await row.click();
    await wb.page.keyboard.press('Escape');
    await until(
      async () => (await wb.sidebar.locator('.monaco-list-row[aria-selected="true"]').count()) === 0,
      'no selected row in the tree',
    );
  };

  return [
    {
      name: ADD_NODES,
      needs,
      async run() {
        const before = await emulator.nodeCount('ui-new');
        await wb.runCommandThatAsks('qbo: Add Nodes…');
        await wb.waitForQuickInputTitle(/^Add Nodes to Cluster/);
        const offered = await wb.quickPickLabels();
        // Only running clusters can take nodes: dev was stopped by the base scenario.
        if (offered.includes('dev') || !offered.includes('ui-new')) throw new Error(`the cluster picker offers ${offered.join(' | ')}`);
        await wb.pickQuickItem(/^ui-new$/);
        await wb.waitForQuickInputTitle(/^Add nodes to ui-new: how many\?/);
        for (const bad of ['0', 'two', '101']) {
          await wb.quickInputBox.fill(bad);
          await until(
            async () => /a count is (a whole number|between 1 and 100)/.test(await wb.quickInputMessage()),
            `the validation message for "${bad}" (it says "${await wb.quickInputMessage()}")`,
          );
          await wb.page.keyboard.press('Enter');
          // A refused value keeps the prompt open and sends nothing.
          if (!(await wb.quickInput.isVisible())) throw new Error(`the count prompt accepted "${bad}"`);
        }
        await run.shot('add-nodes-validation');
        await wb.quickInputBox.fill('1');
        await until(
          async () => (await wb.quickInputMessage()) === '' || !/count is/.test(await wb.quickInputMessage()),
          'the message to clear',
        );
        await wb.page.keyboard.press('Enter');
        await until(async () => (await emulator.nodeCount('ui-new')) === before + 1, `ui-new to have ${before + 1} nodes on the emulator`);
        const nodes = wb.row('Nodes', 2);
        await wb.expand(wb.row('ui-new', 1));
        await until(
          async () => {
            for (const folder of await nodes.all()) if ((await wb.descriptionOf(folder)) === String(before + 1)) return true;
            return false;
          },
          `a Nodes folder saying ${before + 1}`,
        );
      },
    },
    {
      name: 'Copy Name from the palette asks which object, and copies its name',
      needs,
      async run() {
        await clearTreeSelection();
        await wb.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(wb.page.url()).origin });
        await wb.page.evaluate('navigator.clipboard.writeText("nothing copied yet")');
        await wb.runCommandThatAsks('qbo: Copy Name');
        await wb.waitForQuickInputTitle(/^Copy Name$/);
        await wb.quickInputBox.fill('kube-dns');
        await wb.pickQuickItem(/^kube-dns$/, /^service/);
        await wb.quickInput.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
        await until(
          async () => ((await wb.page.evaluate('navigator.clipboard.readText()')) as string) === 'kube-dns',
          'the clipboard to hold "kube-dns"',
        );
      },
    },
    {
      name: 'Show JSON from the palette asks which object, and opens its raw JSON read-only',
      needs,
      async run() {
        await clearTreeSelection();
        await wb.runCommandThatAsks('qbo: Show JSON');
        await wb.waitForQuickInputTitle(/^Show JSON$/);
        await wb.quickInputBox.fill('ui-new');
        await wb.pickQuickItem(/^ui-new$/, /^cluster$/);
        const tab = wb.page.locator('.tabs-container .tab', { hasText: 'ui-new.json' });
        await tab.waitFor({ timeout: STEP_TIMEOUT_MS });
        const editor = wb.page.locator('.editor-instance .monaco-editor').first();
        await until(async () => /"name": "ui-new"/.test(normalize(await editor.locator('.view-lines').innerText())), 'the JSON of ui-new');
        await run.shot('show-json');
        // Read-only: typing changes nothing.
        await editor.locator('.view-lines').click();
        await wb.page.keyboard.type('x');
        if ((await tab.getAttribute('class'))?.includes('dirty')) throw new Error('the JSON document became dirty: it is not read-only');
        await wb.runCommand('View: Close Editor');
      },
    },
  ];
}

function normalize(text: string): string {
  return text.replace(/\u00a0/g, ' ');
}
