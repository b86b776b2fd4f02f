// Sign Out: deletes a profile's secret (the vendor's own ~/.qbo/cli.json is never touched) and the
// temporary kubeconfigs of its terminals: the row's profile, the one named, the only one connected,
// or the one the user picks.
import * as vscode from 'vscode';
import { Cancelled } from './support/boundary';
import { removeTemporaryKubeconfigs } from './support/kubeconfig';
import { pickProfile, profileNameIn } from './support/session';
import type { QboCommand } from './types';
import { showInformation } from '../ui/notifications';

export const signOut: QboCommand = {
  id: 'qbo.signOut',
  async run(context, ...args) {
    await context.manager.ensureStarted();
    const given = typeof args[0] === 'string' ? args[0] : profileNameIn(args);
    const states = context.manager.state.kind === 'ready' ? context.manager.state.profiles : [];
    const name =
      given ??
      (states.length === 1
        ? states[0]?.name
        : states.length > 1
          ? (await pickProfile(context.manager.profiles, vscode.l10n.t('Sign Out of a qbo Profile'))).name
          : undefined);
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
