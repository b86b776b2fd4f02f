// What the status bar and the view say about the connection. Pure, so it is unit-tested.
import type { SessionStatus } from '../session/session';
import * as l10n from '@vscode/l10n';
import { expiryMillis, type QboCredentials } from '../qbo/credentials';
import type { VersionEntry } from '../qbo/messages';
import { expiryOf, expiryText, versionSummary } from './serverText';
import { safeText, TEXT_LIMITS } from './safeText';

/** A server- or file-given value in the status bar's text, where `$(name)` would be an icon. */
function inText(value: string): string {
  return safeText(value, { maxChars: TEXT_LIMITS.status, fullTextLogged: false });
}

/** A server- or file-given value in the tooltip (reasons are in the output channel in full). */
function inTooltip(value: string): string {
  return safeText(value, { maxChars: TEXT_LIMITS.tooltip });
}

/** What the session learned about the server, for the tooltip (each part optional). */
export interface ConnectionDetails {
  /** Clients attached to the user's mirror (the last `clients` message). */
  clients?: number;
  /** One line summarising the `version` reply. */
  serverVersion?: string;
  /** When the credentials expire (epoch ms), from `cli.exp`. */
  expiresAt?: number;
}

export type ConnectionSummary =
  | { kind: 'idle' }
  | { kind: 'signed-out' }
  | { kind: 'invalid'; message: string }
  | { kind: 'session'; host: string; user: string | undefined; profileName: string; status: SessionStatus; details?: ConnectionDetails };

export interface StatusBarText {
  text: string;
  tooltip: string;
  /** Value of the `qbo.connectionState` context key. */
  state: 'idle' | 'signed-out' | 'connecting' | 'connected' | 'reconnecting' | 'rejected' | 'error';
}

export function statusBarText(summary: ConnectionSummary, now = Date.now()): StatusBarText {
  const text = baseStatusBarText(summary);
  if (summary.kind !== 'session' || !summary.details) return text;
  const { clients, serverVersion, expiresAt } = summary.details;
  const connected = text.state === 'connected';
  const lines = [
    connected && clients !== undefined
      ? clients === 1
        ? l10n.t('1 connected client')
        : l10n.t('{0} connected clients', clients)
      : undefined,
    connected && serverVersion ? l10n.t('Server version: {0}', serverVersion) : undefined,
    expiryText(expiryOf(expiresAt, now)),
  ].filter((line): line is string => line !== undefined);
  return lines.length > 0 ? { ...text, tooltip: [text.tooltip, ...lines].join('\n') } : text;
}

function baseStatusBarText(summary: ConnectionSummary): StatusBarText {
  switch (summary.kind) {
    case 'idle':
      return { text: l10n.t('$(cloud) qbo'), tooltip: l10n.t('qbo: not connected yet'), state: 'idle' };
    case 'signed-out':
      return { text: l10n.t('$(account) qbo: signed out'), tooltip: l10n.t('qbo: signed out. Click to sign in.'), state: 'signed-out' };
    case 'invalid':
      return {
        text: l10n.t('$(warning) qbo: invalid configuration'),
        tooltip: l10n.t('qbo: {0}', inTooltip(summary.message)),
        state: 'error',
      };
    case 'session': {
      const host = inText(summary.host);
      const profileName = inTooltip(summary.profileName);
      const who = summary.user ? `${inText(summary.user)} @ ${host}` : host;
      const status = summary.status;
      switch (status.kind) {
        case 'connecting':
          return {
            text: l10n.t('$(sync~spin) qbo: connecting to {0}', host),
            tooltip: l10n.t('qbo: connecting to {0} (profile {1})', who, profileName),
            state: 'connecting',
          };
        case 'loading':
        case 'ready':
          return {
            text: l10n.t('$(cloud) qbo: {0}', who),
            tooltip: l10n.t(
              'qbo: connected to {0} as {1} (profile {2})',
              host,
              summary.user !== undefined ? inText(summary.user) : l10n.t('token user'),
              profileName,
            ),
            state: 'connected',
          };
        case 'list-failed':
          return {
            text: l10n.t('$(warning) qbo: {0}', who),
            tooltip: l10n.t('qbo: connected to {0}, but listing failed: {1}', host, inTooltip(status.message)),
            state: 'error',
          };
        case 'reconnecting': {
          const seconds = Math.max(1, Math.ceil(status.delayMs / 1000));
          return {
            text: l10n.t('$(sync~spin) qbo: reconnecting in {0} s', seconds),
            tooltip: l10n.t('qbo: connection to {0} lost ({1}); reconnecting in {2} s', host, inTooltip(status.reason), seconds),
            state: 'reconnecting',
          };
        }
        case 'credentials-rejected':
          return {
            text: l10n.t('$(error) qbo: credentials rejected'),
            tooltip: l10n.t('qbo: {0} rejected the credentials of profile {1}. Click to sign in again.', host, profileName),
            state: 'rejected',
          };
        case 'closed':
          return {
            text: l10n.t('$(debug-disconnect) qbo: disconnected'),
            tooltip: l10n.t('qbo: {0}', inTooltip(status.reason)),
            state: 'error',
          };
      }
    }
  }
}

/** How bad each state is, for the summary of several profiles (the worst one colours it). */
const SEVERITY: Record<StatusBarText['state'], number> = {
  idle: 0,
  'signed-out': 0,
  connected: 1,
  connecting: 2,
  reconnecting: 3,
  error: 4,
  rejected: 5,
};

/** Several connected profiles: `qbo: 2 connected`, or `qbo: 1 of 2 connected` while one is not; one tooltip line each. */
export function multiStatusBarText(profiles: readonly { name: string; text: StatusBarText }[]): StatusBarText {
  const connected = profiles.filter((profile) => profile.text.state === 'connected').length;
  const worst = profiles.reduce<StatusBarText['state']>(
    (state, profile) => (SEVERITY[profile.text.state] > SEVERITY[state] ? profile.text.state : state),
    'connected',
  );
  const text =
    connected === profiles.length
      ? l10n.t('$(cloud) qbo: {0} connected', profiles.length)
      : l10n.t('{0} qbo: {1} of {2} connected', worst === 'rejected' ? '$(error)' : '$(warning)', connected, profiles.length);
  const lines = profiles.map((profile) => (profile.text.tooltip.split('\n')[0] ?? '').replace(/^qbo: /, `${inTooltip(profile.name)}: `));
  return { text, tooltip: [l10n.t('qbo: {0} profiles connected', profiles.length), ...lines].join('\n'), state: worst };
}

/** The tooltip's extras: clients on the mirror and the server's version (what the session learned), and when the credentials expire. */
export function connectionDetails(
  facts: { readonly clients: readonly unknown[] | undefined; readonly version: readonly VersionEntry[] | undefined } | undefined,
  credentials: Pick<QboCredentials, 'exp'> | undefined,
): ConnectionDetails {
  const clients = facts?.clients?.length;
  const serverVersion = versionSummary(facts?.version);
  const expiresAt = credentials ? expiryMillis(credentials) : undefined;
  return {
    ...(clients !== undefined ? { clients } : {}),
    ...(serverVersion !== undefined ? { serverVersion } : {}),
    ...(expiresAt !== undefined ? { expiresAt } : {}),
  };
}
