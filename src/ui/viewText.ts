// What the Clusters view says about the connection: the status row of the tree, the message above
// it and the description next to its title. Pure, so it is unit-tested without VS Code.
import type { ExplorerStatus } from '../explorer/treeModel';
import type { ProfileOrigin } from '../session/profileStore';
import type { ManagerState } from '../session/sessionManager';
import { untranslated, type Translate } from '../translate';

/** Whole seconds until a reconnect, never "0 s" while one is pending. */
function secondsUntil(delayMs: number): number {
  return Math.max(1, Math.ceil(delayMs / 1000));
}

/** What the tree shows for a connection state. */
export function explorerStatus(state: ManagerState, t: Translate = untranslated): ExplorerStatus {
  switch (state.kind) {
    case 'idle':
      return { kind: 'loading', message: t('Connecting…') };
    case 'signed-out':
    case 'invalid':
      return { kind: 'signed-out' };
    case 'session': {
      const status = state.status;
      const host = state.active.profile.host;
      switch (status.kind) {
        case 'connecting':
          return { kind: 'loading', message: t('Connecting to {0}…', host) };
        case 'loading':
          return { kind: 'loading', message: t('Loading clusters…') };
        case 'ready':
          return { kind: 'ready' };
        case 'reconnecting':
          return { kind: 'loading', message: t('Reconnecting in {0} s…', secondsUntil(status.delayMs)) };
        case 'list-failed':
          return { kind: 'error', message: t('Could not list clusters: {0}', status.message) };
        case 'credentials-rejected':
          return { kind: 'signed-out' };
        case 'closed':
          return { kind: 'error', message: status.reason };
      }
    }
  }
}

/** The line above the tree: set while the shown state may be stale or the setup is broken. */
export function viewMessage(state: ManagerState, t: Translate = untranslated): string | undefined {
  if (state.kind === 'invalid') return t('The qbo CLI configuration is invalid: {0}', state.message);
  if (state.kind !== 'session') return undefined;
  const status = state.status;
  if (status.kind === 'reconnecting')
    return t('Connection lost: reconnecting in {0} s. Showing the last known state.', secondsUntil(status.delayMs));
  if (status.kind === 'credentials-rejected')
    return t('{0} rejected the credentials of "{1}".', state.active.profile.host, state.active.profile.name);
  return undefined;
}

/**
 * Next to the view's title: which profile the tree shows, and where credentials we did not store
 * come from (`sourceLabel` names the environment or the CLI's file).
 */
export function viewDescription(
  state: ManagerState,
  sourceLabel: (origin: Exclude<ProfileOrigin, 'secret-storage'>) => string,
  t: Translate = untranslated,
): string | undefined {
  if (state.kind !== 'session') return undefined;
  const { profile, origin } = state.active;
  return origin === 'secret-storage' ? profile.name : t('{0} (from {1})', profile.name, sourceLabel(origin));
}
