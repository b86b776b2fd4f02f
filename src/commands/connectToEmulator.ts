// Connect to a local emulator: start the bundled one and sign in to it, no qbo account needed.
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import { signInWithCliJsonText } from './support/signIn';
import type { QboCommand } from './types';

export const EMULATOR_PROFILE_NAME = 'Local emulator';

export const connectToEmulator: QboCommand = {
  id: 'qbo.connectToEmulator',
  async run(context) {
    const { url, cliJson } = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Starting the local qbo emulator…') },
      () => context.emulator.start(),
    );
    const text = await fs.readFile(cliJson, 'utf8');
    await signInWithCliJsonText(context, text, cliJson, { name: EMULATOR_PROFILE_NAME });
    context.output.info(`connected to the local emulator at ${url}`);
    return true;
  },
};
