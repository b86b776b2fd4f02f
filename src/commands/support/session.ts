// Which connected profile a command acts on, and waiting until its session is usable: the profile
// of the tree row it was invoked on, one named in its arguments, the only one connected, or the
// user's pick when several are.
import * as vscode from 'vscode';
import { isTreeElement } from '../../explorer/treeElements';
import type { ConnectedProfile } from '../../session/sessionManager';
import type { CommandContext } from '../types';
import { ActionableError, Cancelled, orCancel } from './boundary';
import { showInformation } from '../../ui/notifications';
import { safePickItem } from '../../ui/safeText';

/** The profile an invocation names: a tree row's, or `{ profile: NAME }` from another extension or a test. */
export function profileNameIn(args: readonly unknown[]): string | undefined {
  for (const arg of args) {
    if (isTreeElement(arg) && arg.profile !== undefined) return arg.profile;
    if (typeof arg === 'object' && arg !== null && !Array.isArray(arg) && typeof (arg as { profile?: unknown }).profile === 'string')
      return (arg as { profile: string }).profile;
  }
  return undefined;
}

/** The profile once its session is usable; throws when it is not connected. */
export async function readyProfile(profile: ConnectedProfile): Promise<ConnectedProfile> {
  const session = profile.session;
  if (session.status.kind !== 'ready') await session.whenReady(15_000);
  if (!session.connection.isOpen) throw new Error(vscode.l10n.t('qbo: not connected to {0}.', session.profile.host));
  return profile;
}

function notSignedIn(): ActionableError {
  return new ActionableError(vscode.l10n.t('qbo: not signed in.'), { label: vscode.l10n.t('Sign In'), command: 'qbo.signIn' });
}

/** Asks which of `profiles` to act on (none asked when there is one). Cancelled when dismissed. */
export async function pickProfile(profiles: readonly ConnectedProfile[], title: string): Promise<ConnectedProfile> {
  if (profiles.length === 0) throw notSignedIn();
  if (profiles.length === 1) return profiles[0] as ConnectedProfile;
  const items = profiles.map((profile) =>
    safePickItem({
      label: profile.name,
      description: profile.active.credentials.user
        ? `${profile.active.credentials.user} @ ${profile.active.profile.host}`
        : `${profile.active.profile.host}:${profile.active.profile.port}`,
      profile,
    }),
  );
  return orCancel(await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Which qbo profile?') })).profile;
}

/**
 * The profile a command acts on, ready: `name` (a tree row's or an argument's), else the only one
 * connected, else the user's pick. Throws (Sign In offered) when none is connected.
 */
export async function requireProfile(context: CommandContext, title: string, name?: string): Promise<ConnectedProfile> {
  await context.manager.ensureStarted();
  if (name !== undefined) {
    const named = context.manager.profile(name);
    if (!named) throw new Error(vscode.l10n.t('qbo: the profile "{0}" is not connected.', name));
    return readyProfile(named);
  }
  return readyProfile(await pickProfile(context.manager.profiles, title));
}

/** The connected profiles, after the first start; Cancelled (after saying so) when there is none. */
export async function connectedProfiles(context: CommandContext): Promise<readonly ConnectedProfile[]> {
  await context.manager.ensureStarted();
  const profiles = context.manager.profiles;
  if (profiles.length === 0) {
    void showInformation(vscode.l10n.t('qbo: not signed in.'));
    throw new Cancelled();
  }
  return profiles;
}
