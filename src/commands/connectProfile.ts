// Connect Profile: connect a stored profile (or the qbo CLI's own configuration) beside the ones
// connected now; each keeps its own live session.
import * as vscode from 'vscode';
import { CLI_PROFILE_NAME } from '../session/profileStore';
import { Cancelled, orCancel } from './support/boundary';
import type { QboCommand } from './types';
import { showInformation } from '../ui/notifications';
import { safePickItem } from '../ui/safeText';

export const connectProfile: QboCommand = {
  id: 'qbo.connectProfile',
  async run(context, ...args) {
    await context.manager.ensureStarted();
    const connected = new Set(await context.profiles.currentlyConnected());
    let name = typeof args[0] === 'string' ? args[0] : undefined;
    if (name === undefined) {
      const items: (vscode.QuickPickItem & { profile: string })[] = [];
      for (const profile of context.profiles.profiles()) {
        if (connected.has(profile.name) || !(await context.profiles.hasCredentials(profile.name))) continue;
        items.push(safePickItem({ label: profile.name, description: `${profile.host}:${profile.port}`, profile: profile.name }));
      }
      if (!connected.has(CLI_PROFILE_NAME) && !context.profiles.profiles().some((profile) => profile.name === CLI_PROFILE_NAME))
        items.push({
          label: CLI_PROFILE_NAME,
          description: vscode.l10n.t('QBO_* environment or ~/.qbo/cli.json'),
          profile: CLI_PROFILE_NAME,
        });
      if (items.length === 0) {
        const signIn = vscode.l10n.t('Sign In…');
        void showInformation(vscode.l10n.t('qbo: every stored profile is connected. Sign in to add another.'), signIn).then((choice) =>
          choice === signIn ? vscode.commands.executeCommand('qbo.signIn') : undefined,
        );
        throw new Cancelled();
      }
      name = orCancel(await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Connect a qbo Profile') })).profile;
    }
    if (connected.has(name)) return true;
    await context.profiles.connect(name);
    await context.manager.reload();
    context.output.info(`connected profile "${name}"`);
    return true;
  },
};
