// What the Clusters view says about the connection: the status row of the tree, the message above
// it and the description next to its title. Pure, so it is unit-tested without VS Code.
import type { ExplorerStatus } from '../explorer/treeModel';
import type { ProfileOrigin } from '../session/profileStore';
import type { ProfileRow } from '../explorer/presentation';
import type { ProfileState, SingleState } from '../session/sessionManager';
import * as l10n from '@vscode/l10n';
import { safeText, TEXT_LIMITS } from './safeText';

/** A server-given reason or name in the tree's rows and the view's message (the log has it in full). */
function shown(value: string): string {
  return safeText(value, { maxChars: TEXT_LIMITS.tooltip });
}

/** Whole seconds until a reconnect, never "0 s" while one is pending. */
function secondsUntil(delayMs: number): number {
  return Math.max(1, Math.ceil(delayMs / 1000));
}

/** What the tree shows for a connection state. */
export function explorerStatus(state: SingleState): ExplorerStatus {
  switch (state.kind) {
    case 'idle':
      return { kind: 'loading', message: l10n.t('Connecting…') };
    case 'signed-out':
    case 'invalid':
      return { kind: 'signed-out' };
    case 'session': {
      const status = state.status;
      switch (status.kind) {
        // One text from activation to the first cluster rows: each change of the placeholder is a
        // tree refresh, and VS Code holds the refresh after one for 200 ms, so the rows arriving
        // right after "Loading clusters…" would wait for it. The status bar names the host meanwhile.
        case 'connecting':
        case 'loading':
          return { kind: 'loading', message: l10n.t('Connecting…') };
        case 'ready':
          return { kind: 'ready' };
        case 'reconnecting':
          return { kind: 'loading', message: l10n.t('Reconnecting in {0} s…', secondsUntil(status.delayMs)) };
        case 'list-failed':
          return { kind: 'error', message: l10n.t('Could not list clusters: {0}', shown(status.message)) };
        case 'credentials-rejected':
          return { kind: 'signed-out' };
        case 'closed':
          return { kind: 'error', message: shown(status.reason) };
      }
    }
  }
}

/** The line above the tree: set while the shown state may be stale or the setup is broken. */
export function viewMessage(state: SingleState | undefined): string | undefined {
  if (state === undefined) return undefined;
  if (state.kind === 'invalid') return l10n.t('The qbo CLI configuration is invalid: {0}', shown(state.message));
  if (state.kind !== 'session') return undefined;
  const status = state.status;
  if (status.kind === 'reconnecting')
    return l10n.t('Connection lost: reconnecting in {0} s. Showing the last known state.', secondsUntil(status.delayMs));
  if (status.kind === 'credentials-rejected')
    return l10n.t('{0} rejected the credentials of "{1}".', shown(state.active.profile.host), shown(state.active.profile.name));
  return undefined;
}

/**
 * Next to the view's title: which profile the tree shows, and where credentials we did not store
 * come from (`sourceLabel` names the environment or the CLI's file).
 */
export function viewDescription(
  state: SingleState | undefined,
  sourceLabel: (origin: Exclude<ProfileOrigin, 'secret-storage'>) => string,
  connectedCount = 0,
): string | undefined {
  if (state === undefined) return l10n.t('{0} profiles', connectedCount);
  if (state.kind !== 'session') return undefined;
  const { profile, origin } = state.active;
  return origin === 'secret-storage'
    ? shown(profile.name)
    : l10n.t({
        message: '{0} (from {1})',
        args: [shown(profile.name), sourceLabel(origin)],
        comment: ['{0} is a profile name, {1} where its credentials come from, e.g. ~/.qbo/cli.json'],
      });
}

/**
 * Whether the view's message must be assigned to show `next`. Every assignment is a tree refresh in
 * VS Code, which then holds the next refresh for 200 ms, so none is made that changes nothing: a view
 * starts with the message "", which shows the same as undefined.
 */
export function messageChanges(current: string | undefined, next: string | undefined): boolean {
  return (current || undefined) !== (next || undefined);
}

/** A profile's own row (several profiles connected): who, where, and how its connection is. */
export function profileRow(
  state: ProfileState,
  serverVersion: string | undefined,
  sourceLabel: (origin: Exclude<ProfileOrigin, 'secret-storage'>) => string,
): ProfileRow {
  if (state.kind === 'invalid') return { name: state.name, account: undefined, state: 'error', stateText: shown(state.message) };
  const { profile, credentials, origin } = state.active;
  const account = shown(credentials.user ? `${credentials.user} @ ${profile.host}` : `${profile.host}:${profile.port}`);
  const common = {
    name: state.name,
    account,
    ...(serverVersion ? { serverVersion } : {}),
    ...(origin !== 'secret-storage' ? { source: sourceLabel(origin) } : {}),
  };
  const status = state.status;
  switch (status.kind) {
    case 'connecting':
      return { ...common, state: 'connecting', stateText: l10n.t('connecting…') };
    case 'loading':
      return { ...common, state: 'connected', stateText: l10n.t('listing…') };
    case 'ready':
      return { ...common, state: 'connected', stateText: l10n.t('connected') };
    case 'reconnecting':
      return { ...common, state: 'reconnecting', stateText: l10n.t('reconnecting in {0} s', secondsUntil(status.delayMs)) };
    case 'list-failed':
      return { ...common, state: 'error', stateText: l10n.t('listing failed: {0}', shown(status.message)) };
    case 'credentials-rejected':
      return { ...common, state: 'rejected', stateText: l10n.t('credentials rejected') };
    case 'closed':
      return { ...common, state: 'error', stateText: shown(status.reason) };
  }
}
