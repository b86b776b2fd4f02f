// Sign Out: deletes the active profile's secret (the vendor's own ~/.qbo/cli.json is never touched)
// and the temporary kubeconfigs of its terminals.
import * as vscode from 'vscode';
import { Cancelled } from './support/boundary';
import { removeTemporaryKubeconfigs } from './support/kubeconfig';
import type { QboCommand } from './types';
import { showInformation } from '../ui/notifications';

export const signOut: QboCommand = {
  id: 'qbo.signOut',
  async run(context, ...args) {
    await context.manager.ensureStarted();
    const name = typeof args[0] === 'string' ? args[0] : context.manager.activeProfile?.profile.name;
    if (!name) {
      void showInformation(vscode.l10n.t('qbo: not signed in.'));
      throw new Cancelled();
    }
    await context.profiles.signOut(name);
    await removeTemporaryKubeconfigs(context, name);
    await context.manager.reload();
    context.output.info(`signed out of profile "${name}"`);
    return true;
  },
};
