// qbo tasks as a user runs them: Tasks: Run Task → qbo → start prod, and the task's terminal says
// it ended with exit code 0 once prod runs (checked against the emulator's own state). The base
// scenario deleted prod, so this step first brings a stopped prod back, over its own socket.
import * as fs from 'node:fs';
import { QboClient } from '../../../src/qbo/client';
import { addClusterCommand, byNames, getCommand, namedTargets, stopCommand } from '../../../src/qbo/commands';
import { QboConnection } from '../../../src/qbo/connection';
import { buildCookie, parseCliJson } from '../../../src/qbo/credentials';
import { log, type Run, type Step } from '../context';
import { STEP_TIMEOUT_MS, normalizeText, until } from '../workbench';

/** Makes sure the emulator holds a stopped cluster `name` (adding it with one node if it is gone). */
async function stoppedCluster(cliJsonFile: string, name: string): Promise<void> {
  const credentials = parseCliJson(fs.readFileSync(cliJsonFile, 'utf8'), cliJsonFile);
  const connection = new QboConnection({ host: credentials.host, port: credentials.port, cookie: () => buildCookie(credentials) });
  const client = new QboClient(connection, { requestTimeoutMs: 30_000 });
  try {
    connection.connect();
    await until(() => Promise.resolve(connection.isOpen), 'a socket of our own to the emulator');
    const listed = await client.send(getCommand('clusters')).done;
    const exists = listed.data.some((message) =>
      message.payloads.some((payload) => payload.key === 'clusters' && payload.items.some((item) => item.name === name)),
    );
    if (!exists) await client.send(addClusterCommand([name], { nodes: 1 })).done;
    await client.send(stopCommand('clusters', namedTargets('clusters', name))).done;
    const after = await client.send(getCommand('clusters', byNames(name))).done;
    const state = after.data.flatMap((message) => message.payloads).find((payload) => payload.key === 'clusters')?.items[0]?.state;
    if (state !== 'stopped') throw new Error(`${name} is ${String(state)} on the emulator, not stopped`);
  } finally {
    client.dispose();
    connection.dispose();
  }
}

export function taskSteps(run: Run, needs: string[]): Step[] {
  const { wb } = run;
  return [
    {
      name: 'Tasks: Run Task → qbo → start prod starts the stopped prod, and its terminal ends with exit code 0',
      needs,
      async run() {
        await stoppedCluster(run.cliJson, 'prod');
        const prod = wb.row('prod', 1);
        await prod.waitFor({ timeout: STEP_TIMEOUT_MS });
        // The row's state comes first; the Activity view's note on it (this step's own socket stopped
        // prod: another client of the account) may follow it after " · ", a moment later.
        await wb.waitForDescription(prod, (text) => text.split(' · ')[0] === 'stopped', 'prod to be described as stopped');

        await wb.runCommandThatAsks('Tasks: Run Task');
        // The first level lists task types; qbo's tasks are under "qbo" (labels carry an icon before the text).
        await wb.pickQuickItem(/^\s*qbo\s*$/);
        await wb.pickQuickItem(/^\s*(qbo: )?start prod\s*$/);
        await run.shot('task-running');
        await wb.waitForDescription(prod, (text) => text.split(' · ')[0] === 'running', 'prod to be described as running');

        // The task's terminal: its text as rendered (xterm's DOM rows), else as a user would copy it.
        await wb.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(wb.page.url()).origin });
        const terminalText = await until(async () => {
          const rows = wb.page.locator('.part.panel .terminal-wrapper.active .xterm-rows, .part.panel .xterm-rows').first();
          let text = (await rows.count()) > 0 ? normalizeText(await rows.innerText()) : '';
          if (!/The qbo task ended with exit code \d/.test(text)) {
            await wb.runCommand('Terminal: Focus Terminal');
            await wb.runCommand('Terminal: Select All');
            await wb.page.keyboard.press('Control+Shift+C');
            text = normalizeText((await wb.page.evaluate('navigator.clipboard.readText()')) as string);
          }
          return /The qbo task ended with exit code \d/.test(text) ? text : undefined;
        }, 'the task terminal to say how the task ended');
        if (!/Done in [\d.]+ s: prod: running, \d+ of \d+ nodes running\./.test(terminalText))
          throw new Error(`the task terminal does not say prod runs:\n${terminalText}`);
        if (!/The qbo task ended with exit code 0\./.test(terminalText))
          throw new Error(`the task did not end with exit code 0:\n${terminalText}`);
        if (!terminalText.includes('> qbo start clusters prod'))
          throw new Error(`the terminal does not show the command:\n${terminalText}`);
        await run.parkPointer();
        await run.shot('task-done');
        log(`  ${terminalText.trim().split('\n').slice(-2).join(' | ')}`);
        await wb.runCommand('View: Hide Panel');
      },
    },
  ];
}
