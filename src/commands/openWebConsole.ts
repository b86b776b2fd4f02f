// Opens the qbo web console of the active profile in the browser (where tokens and cli.json come from).
import * as vscode from 'vscode';
import { webConsoleUrl } from '../qbo/webConsole';
import { EMULATOR_PROFILE_NAME } from './connectToEmulator';
import { pickProfile, profileNameIn } from './support/session';
import type { QboCommand } from './types';

export const openWebConsole: QboCommand = {
  id: 'qbo.openWebConsole',
  async run(context, ...args) {
    await context.manager.ensureStarted();
    const named = profileNameIn(args);
    const connected = named !== undefined ? context.manager.profile(named) : context.manager.sole;
    const profile = (
      connected ??
      (context.manager.profiles.length > 1 ? await pickProfile(context.manager.profiles, vscode.l10n.t('Open Web Console')) : undefined)
    )?.active.profile;
    // The local emulator serves no console: the cloud's is where real credentials come from.
    const url = webConsoleUrl(profile && profile.name !== EMULATOR_PROFILE_NAME ? profile : undefined);
    await vscode.env.openExternal(vscode.Uri.parse(url));
    return url;
  },
};
