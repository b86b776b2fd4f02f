// The Sign In chooser, the token sign-in through its prompts (host, port, a password box for the
// token, the profile name), which connects the new profile beside the qbo CLI one (the emulator
// rejects the token: two profile rows, one of them "credentials rejected"), Switch Profile back to
// the qbo CLI profile alone, and the status bar's menu.
import type { Run, Step } from '../context';
import { STEP_TIMEOUT_MS, until } from '../workbench';

export const TOKEN_SIGN_IN =
  'Sign In… chooser → Host, Port and Token: three prompts, the token in a password box never shown; the rejected profile shows beside the qbo CLI one';
const SWITCH_BACK = 'Switch Profile… (view title) lists both profiles and switches back to the qbo CLI one alone';
const CLI_PROFILE = 'qbo CLI';

export function signInAndProfileSteps(run: Run, emulatorPort: number, needs: string[]): Step[] {
  const { wb } = run;
  // A made-up token: the emulator rejects it, which is what the user then sees. It must never be on screen.
  const token = `ui-secret-token-${Date.now().toString(36)}`;
  const profileName = 'ui-token';
  const statusBar = wb.statusBarItem(/qbo/);

  return [
    {
      name: TOKEN_SIGN_IN,
      needs,
      async run() {
        await wb.runCommandThatAsks('qbo: Sign In…');
        await wb.waitForQuickInputTitle(/^Sign in to qbo$/);
        const paths = await wb.quickPickLabels();
        for (const expected of [/cli\.json file/, /Paste cli\.json/, /Host, port and temporary token/, /local emulator/])
          if (!paths.some((label) => expected.test(label)))
            throw new Error(`the chooser has no ${String(expected)} (it has: ${paths.join(' | ')})`);
        await run.shot('sign-in-chooser');
        await wb.pickQuickItem(/Host, port and temporary token/);

        await wb.waitForQuickInputTitle(/^qbo host$/);
        await wb.quickInputBox.fill('not a host/');
        await until(async () => /A host name or IP address/.test(await wb.quickInputMessage()), 'the host validation message');
        await wb.quickInputBox.fill('127.0.0.1');
        await wb.page.keyboard.press('Enter');

        await wb.waitForQuickInputTitle(/^qbo port$/);
        if ((await wb.quickInputBox.inputValue()) !== '443') throw new Error('the port prompt does not propose 443');
        await wb.quickInputBox.fill(String(emulatorPort));
        await wb.page.keyboard.press('Enter');

        await wb.waitForQuickInputTitle(/^Temporary token$/);
        if ((await wb.quickInputBox.getAttribute('type')) !== 'password') throw new Error('the token box is not a password box');
        await wb.page.keyboard.type(token);
        const shown = await wb.visibleText();
        if (shown.includes(token)) throw new Error('the typed token is visible on the page');
        await run.shot('token-password-box');
        await wb.page.keyboard.press('Enter');

        await wb.waitForQuickInputTitle(/^Profile name$/);
        await wb.quickInputBox.fill(profileName);
        await wb.page.keyboard.press('Enter');
        await wb.quickInput.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });

        // Signing in adds an account: ui-token is connected beside the qbo CLI profile, so the
        // roots are the two profiles (in name order). The emulator refuses the made-up token:
        // ui-token says so on its own row, and the qbo CLI profile keeps its clusters.
        await wb.waitForDescription(
          wb.row(profileName, 1),
          (text) => text.endsWith(' · credentials rejected'),
          `the ${profileName} row to say "credentials rejected"`,
        );
        await wb.waitForDescription(
          wb.row(CLI_PROFILE, 1),
          (text) => / @ 127\.0\.0\.1 · connected$/.test(text),
          `the ${CLI_PROFILE} row to say "user @ 127.0.0.1 · connected"`,
        );
        const roots = (await wb.treeRows()).filter((row) => row.level === 1).map((row) => row.label);
        if (JSON.stringify(roots) !== JSON.stringify([CLI_PROFILE, profileName]))
          throw new Error(`the tree's roots are ${roots.join(' | ')}, not the profiles ${CLI_PROFILE} and ${profileName}`);
        await until(
          async () => {
            const clusters = (await wb.rowsUnder(CLI_PROFILE)).filter((row) => row.level === 2).map((row) => row.label);
            return clusters.includes('dev') && clusters.includes('ui-new');
          },
          `the ${CLI_PROFILE} profile to keep its clusters dev and ui-new (visible: ${(await wb.visibleRows()).join(' | ')})`,
        );
        const underRejected = await wb.rowsUnder(profileName);
        if (underRejected.some((row) => row.label === 'dev' || row.label === 'ui-new'))
          throw new Error(`the rejected profile shows clusters: ${underRejected.map((row) => row.label).join(' | ')}`);
        // The status bar sums the two up rather than saying "credentials rejected" for everything.
        await until(
          async () => /qbo: 1 of 2 connected/.test(await statusBar.first().innerText()),
          `the status bar to say "qbo: 1 of 2 connected" (it says "${await statusBar.first().innerText()}")`,
        );
        if (/credentials rejected/.test(await statusBar.first().innerText()))
          throw new Error('the status bar says "credentials rejected" although the qbo CLI profile is connected');
        const header = wb.page.locator('.pane-header', { hasText: /clusters/i }).first();
        await until(async () => (await header.innerText()).includes('2 profiles'), 'the view header to say "2 profiles"');
        await run.parkPointer();
        if ((await wb.visibleText()).includes(token)) throw new Error('the token is visible on the page after signing in');
        await run.shot('token-rejected');
      },
    },
    {
      name: SWITCH_BACK,
      needs: [TOKEN_SIGN_IN],
      async run() {
        await wb.sidebar.hover();
        await wb.page.locator('.part.sidebar .action-label[aria-label^="Switch Profile"] >> visible=true').first().click();
        await wb.waitForQuickInputTitle(/^Switch qbo Profile$/);
        const offered = await wb.quickPickLabels();
        if (!offered.includes(profileName) || !offered.includes('qbo CLI'))
          throw new Error(`Switch Profile offers ${offered.join(' | ')}, not both ${profileName} and qbo CLI`);
        await wb.pickQuickItem(/^qbo CLI$/);
        // One profile again: no profile rows, the clusters are the roots.
        await until(
          async () =>
            (await wb.row('ui-new', 1).count()) === 1 &&
            (await wb.row(profileName, 1).count()) === 0 &&
            (await wb.row(CLI_PROFILE, 1).count()) === 0,
          `the qbo CLI profile alone, its clusters at the root (visible: ${(await wb.visibleRows()).join(' | ')})`,
        );
        await until(
          async () => /qbo: \S+ @ 127\.0\.0\.1/.test(await statusBar.first().innerText()),
          'the status bar to name the user again',
        );
      },
    },
    {
      name: 'the status bar menu offers the connection actions; Show Output opens the qbo channel',
      needs: [SWITCH_BACK],
      async run() {
        await statusBar.first().click();
        // The title names the server's version once it answered ("qbo · server 0.1.0").
        await wb.waitForQuickInputTitle(/^qbo( · server .+)?$/);
        const offered = await wb.quickPickLabels();
        for (const action of ['Connect Another Profile…', 'Switch Profile…', 'Sign In…', 'Refresh / Reconnect', 'Sign Out', 'Show Output'])
          if (!offered.includes(action)) throw new Error(`the status bar menu has no "${action}" (it has: ${offered.join(' | ')})`);
        await run.shot('status-bar-menu');
        await wb.pickQuickItem(/Show Output$/);
        await wb.outputEditor.waitFor({ timeout: STEP_TIMEOUT_MS });
        await until(async () => (await wb.outputChannel()) === 'qbo', 'the output panel to show the "qbo" channel');
        await until(async () => (await wb.outputText()).includes(profileName), 'the log to mention the token sign-in');
        if ((await wb.outputText()).includes(token)) throw new Error('the token reached the output channel');
        await wb.runCommand('View: Hide Panel');
      },
    },
  ];
}
