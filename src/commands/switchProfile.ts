// Switch Profile: use one stored profile (or the qbo CLI's own configuration) alone, disconnecting
// the others: for users who want one at a time.
import * as vscode from 'vscode';
import { CLI_PROFILE_NAME } from '../session/profileStore';
import { Cancelled } from './support/boundary';
import type { QboCommand } from './types';
import { safePickItem } from '../ui/safeText';

export const switchProfile: QboCommand = {
  id: 'qbo.switchProfile',
  async run(context, ...args) {
    const active = context.manager.sole?.name;
    let name = typeof args[0] === 'string' ? args[0] : undefined;
    if (!name) {
      const items: (vscode.QuickPickItem & { profile: string })[] = [];
      for (const profile of context.profiles.profiles()) {
        const signedIn = await context.profiles.hasCredentials(profile.name);
        items.push(
          safePickItem({
            label: profile.name,
            description: `${profile.host}:${profile.port}${profile.name === active ? ` · ${vscode.l10n.t('active')}` : ''}`,
            detail: signedIn ? undefined : vscode.l10n.t('signed out'),
            profile: profile.name,
          }),
        );
      }
      items.push({
        label: CLI_PROFILE_NAME,
        description: vscode.l10n.t('QBO_* environment or ~/.qbo/cli.json'),
        profile: CLI_PROFILE_NAME,
      });
      const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Switch qbo Profile') });
      name = picked?.profile;
    }
    if (!name) throw new Cancelled();
    await context.profiles.setActive(name);
    await context.manager.ensureStarted();
    await context.manager.reload();
    return true;
  },
};
