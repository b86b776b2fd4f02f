// Disconnect Profile: close one profile's session and take its rows away; the others stay
// connected, and its credentials stay stored (Connect Profile brings it back).
import * as vscode from 'vscode';
import { pickProfile, profileNameIn } from './support/session';
import { Cancelled } from './support/boundary';
import type { QboCommand } from './types';

export const disconnectProfile: QboCommand = {
  id: 'qbo.disconnectProfile',
  async run(context, ...args) {
    await context.manager.ensureStarted();
    const given = typeof args[0] === 'string' ? args[0] : profileNameIn(args);
    const names = context.manager.state.kind === 'ready' ? context.manager.state.profiles.map((profile) => profile.name) : [];
    if (names.length === 0) throw new Cancelled();
    const name =
      given ??
      (names.length === 1 ? names[0] : (await pickProfile(context.manager.profiles, vscode.l10n.t('Disconnect a qbo Profile'))).name);
    if (name === undefined || !names.includes(name)) throw new Cancelled();
    await context.profiles.disconnect(name);
    await context.manager.reload();
    context.output.info(`disconnected profile "${name}"`);
    return true;
  },
};
