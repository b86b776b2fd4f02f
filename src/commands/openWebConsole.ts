// Opens the qbo web console of the active profile in the browser (where tokens and cli.json come from).
import * as vscode from 'vscode';
import { webConsoleUrl } from '../qbo/webConsole';
import { EMULATOR_PROFILE_NAME } from './connectToEmulator';
import type { QboCommand } from './types';

export const openWebConsole: QboCommand = {
  id: 'qbo.openWebConsole',
  async run(context) {
    const state = context.manager.state;
    const profile = state.kind === 'session' ? state.active.profile : undefined;
    // The local emulator serves no console: the cloud's is where real credentials come from.
    const url = webConsoleUrl(profile && profile.name !== EMULATOR_PROFILE_NAME ? profile : undefined);
    await vscode.env.openExternal(vscode.Uri.parse(url));
    return url;
  },
};
