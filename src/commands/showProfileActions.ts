// The status bar's menu: everything about the connections in one quick pick. With one profile
// connected, its actions are listed at once (its placeholder names the server's version); with
// several, each profile is an entry that opens its own actions.
import * as vscode from 'vscode';
import type { ConnectedProfile } from '../session/sessionManager';
import { versionSummary } from '../ui/serverText';
import { orCancel } from './support/boundary';
import type { QboCommand } from './types';
import { safeName } from '../ui/safeText';

interface Action {
  label: string;
  command: string;
  description?: string;
  /** Passed as `{ profile }` so the command acts on that profile. */
  profile?: string;
}

/** What can be done with one connected profile. */
function profileActions(profile: ConnectedProfile | undefined, severalConnected: boolean): Action[] {
  if (!profile) return [];
  const of = profile.name;
  return [
    { label: vscode.l10n.t('$(refresh) Refresh / Reconnect'), command: 'qbo.refresh', profile: of },
    { label: vscode.l10n.t('$(broadcast) Show Connected Clients'), command: 'qbo.showConnectedClients', profile: of },
    { label: vscode.l10n.t('$(key) Create Service Account…'), command: 'qbo.createServiceAccount', profile: of },
    { label: vscode.l10n.t('$(terminal) Show CLI Configuration'), command: 'qbo.showCliConfiguration', profile: of },
    ...(severalConnected
      ? [{ label: vscode.l10n.t('$(debug-disconnect) Disconnect'), command: 'qbo.disconnectProfile', profile: of }]
      : []),
    { label: vscode.l10n.t('$(sign-out) Sign Out'), command: 'qbo.signOut', profile: of },
  ];
}

function run(action: Action): Thenable<unknown> {
  return action.profile !== undefined
    ? vscode.commands.executeCommand(action.command, { profile: action.profile })
    : vscode.commands.executeCommand(action.command);
}

export const showProfileActions: QboCommand = {
  id: 'qbo.showProfileActions',
  async run(context) {
    const profiles = context.manager.profiles;
    const sole = profiles.length === 1 ? profiles[0] : undefined;
    const general: Action[] = [
      { label: vscode.l10n.t('$(plug) Connect Another Profile…'), command: 'qbo.connectProfile' },
      { label: vscode.l10n.t('$(arrow-swap) Switch Profile…'), command: 'qbo.switchProfile' },
      { label: vscode.l10n.t('$(sign-in) Sign In…'), command: 'qbo.signIn' },
    ];
    // The icon is ours; the profile's name (a service account's carries the server's e-mail and host) is made safe.
    const perProfile: Action[] = profiles.map((profile) => ({
      label: `$(account) ${safeName(profile.name)}`,
      description: versionSummary(profile.facts.version) ?? safeName(profile.active.profile.host),
      command: '',
      profile: profile.name,
    }));
    const actions: Action[] = [
      ...(sole ? [] : perProfile),
      ...general,
      ...profileActions(sole, false),
      { label: vscode.l10n.t('$(output) Show Output'), command: 'qbo.showOutput' },
    ];
    const version = sole ? versionSummary(sole.facts.version) : undefined;
    const picked = orCancel(
      await vscode.window.showQuickPick(actions, {
        title: vscode.l10n.t('qbo'),
        ...(version ? { placeHolder: vscode.l10n.t('Connected to qbo server {0}', version) } : {}),
      }),
    );
    if (picked.command !== '') return run(picked);
    // A profile entry: that profile's own actions.
    const profile = profiles.find((candidate) => candidate.name === picked.profile);
    const chosen = orCancel(
      await vscode.window.showQuickPick(profileActions(profile, true), {
        title: vscode.l10n.t('qbo: {0}', safeName(picked.profile ?? '')),
        ...(profile && versionSummary(profile.facts.version)
          ? { placeHolder: vscode.l10n.t('Connected to qbo server {0}', versionSummary(profile.facts.version) ?? '') }
          : {}),
      }),
    );
    return run(chosen);
  },
};
