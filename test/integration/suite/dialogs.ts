// Proving "it asked" in the extension host (docs/DECISIONS.md, "Proving it asked"): VS Code under
// test refuses to show a modal dialog and fails the call with the dialog's text; the commands'
// error boundary reports that failure (one log line naming the command) and the command resolves
// to false. A command that ran without asking resolves to true and logs no such line.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitForValue } from '../../support/wait';
import { logText } from './files';
import type { TestApi } from './testApi';

/** Runs a command that must ask first and returns the text of the dialog it tried to show. */
export async function dialogShownBy(api: TestApi, command: string, ...args: unknown[]): Promise<string> {
  const result = await vscode.commands.executeCommand(command, ...args);
  assert.equal(result, false, `${command} did not stop at a dialog (it resolved to ${String(result)})`);
  const line = await waitForValue(
    () =>
      logText(api.logUri)
        .split('\n')
        .find((entry) => entry.includes(`${command}: `) && entry.includes('refused to show dialog')),
    `the dialog of ${command} in the qbo log`,
    10_000,
  );
  return line.slice(line.indexOf('refused to show dialog'));
}
