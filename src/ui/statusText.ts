// What the status bar and the view say about the connection. Pure, so it is unit-tested.
import type { SessionStatus } from '../session/session';

export type ConnectionSummary =
  | { kind: 'idle' }
  | { kind: 'signed-out' }
  | { kind: 'invalid'; message: string }
  | { kind: 'session'; host: string; user: string | undefined; profileName: string; status: SessionStatus };

export interface StatusBarText {
  text: string;
  tooltip: string;
  /** Value of the `qbo.connectionState` context key. */
  state: 'idle' | 'signed-out' | 'connecting' | 'connected' | 'reconnecting' | 'rejected' | 'error';
}

export function statusBarText(summary: ConnectionSummary): StatusBarText {
  switch (summary.kind) {
    case 'idle':
      return { text: '$(cloud) qbo', tooltip: 'qbo: not connected yet', state: 'idle' };
    case 'signed-out':
      return { text: '$(account) qbo: signed out', tooltip: 'qbo: signed out. Click to sign in.', state: 'signed-out' };
    case 'invalid':
      return { text: '$(warning) qbo: invalid configuration', tooltip: `qbo: ${summary.message}`, state: 'error' };
    case 'session': {
      const who = summary.user ? `${summary.user} @ ${summary.host}` : summary.host;
      const status = summary.status;
      switch (status.kind) {
        case 'connecting':
          return { text: `$(sync~spin) qbo: connecting to ${summary.host}`, tooltip: `qbo: connecting to ${who} (profile ${summary.profileName})`, state: 'connecting' };
        case 'loading':
        case 'ready':
          return { text: `$(cloud) qbo: ${who}`, tooltip: `qbo: connected to ${summary.host} as ${summary.user ?? 'token user'} (profile ${summary.profileName})`, state: 'connected' };
        case 'list-failed':
          return { text: `$(warning) qbo: ${who}`, tooltip: `qbo: connected to ${summary.host}, but listing failed: ${status.message}`, state: 'error' };
        case 'reconnecting': {
          const seconds = Math.max(1, Math.ceil(status.delayMs / 1000));
          return { text: `$(sync~spin) qbo: reconnecting in ${seconds} s`, tooltip: `qbo: connection to ${summary.host} lost (${status.reason}); reconnecting in ${seconds} s`, state: 'reconnecting' };
        }
        case 'credentials-rejected':
          return { text: '$(error) qbo: credentials rejected', tooltip: `qbo: ${summary.host} rejected the credentials of profile ${summary.profileName}. Click to sign in again.`, state: 'rejected' };
        case 'closed':
          return { text: '$(debug-disconnect) qbo: disconnected', tooltip: `qbo: ${status.reason}`, state: 'error' };
      }
    }
  }
}
