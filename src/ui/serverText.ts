// What the extension says about the server beyond the tree: its version, the clients attached to
// the user's mirror, CLI configurations (tokens masked) and when credentials expire. Pure, so it
// is unit-tested without VS Code.
import type { Client, VersionEntry } from '../qbo/messages';
import * as l10n from '@vscode/l10n';
import { safeText, TEXT_LIMITS } from './safeText';

export interface PickText {
  label: string;
  description?: string;
  detail?: string;
}

/** Server text in a quick pick row or the tooltip: made safe, cut at `max` (nobody logs these lists). */
function shown(value: string, max: number = TEXT_LIMITS.pickItem): string {
  return safeText(value, { maxChars: max, fullTextLogged: false });
}

/** Keys of a `version` entry that name the release, most telling first (the entries are free-form). */
const VERSION_KEYS = ['version', 'release', 'build', 'api', 'agent'];

/**
 * The server version for the UI: `qbo_api` as the vendor writes it (its own scripts read
 * `qbo version | jq -r '.version[]?.qbo_api'`); a reply without one is summarised by the first
 * release-like value of each entry, else its first few `key: value` pairs.
 */
export function versionSummary(entries: readonly VersionEntry[] | undefined): string | undefined {
  if (!entries || entries.length === 0) return undefined;
  const api = entries.map((entry) => entry.qbo_api).find((value) => typeof value === 'string' || typeof value === 'number');
  if (api !== undefined && shown(String(api)) !== '') return shown(String(api));
  const values: string[] = [];
  for (const entry of entries) {
    const key = VERSION_KEYS.find((candidate) => typeof entry[candidate] === 'string' || typeof entry[candidate] === 'number');
    if (key !== undefined) {
      values.push(String(entry[key]));
      continue;
    }
    const pairs = Object.entries(entry)
      .filter(([, value]) => typeof value === 'string' || typeof value === 'number')
      .slice(0, 3)
      .map(([name, value]) => `${name}: ${String(value)}`);
    if (pairs.length > 0) values.push(pairs.join(', '));
  }
  const distinct = [...new Set(values.map((value) => shown(value, 80)).filter((value) => value !== ''))];
  return distinct.length > 0 ? shown(distinct.join('; '), 120) : undefined;
}

/** A `timestamp` as epoch milliseconds: microseconds (what servers send), milliseconds or seconds. */
export function timestampMillis(timestamp: number | undefined): number | undefined {
  if (timestamp === undefined || !Number.isFinite(timestamp) || timestamp <= 0) return undefined;
  if (timestamp > 1e14) return Math.floor(timestamp / 1000);
  if (timestamp > 1e11) return timestamp;
  return timestamp * 1000;
}

/** "just now", "5 min ago", "3 h ago", "2 days ago" (a time in the future reads as "just now"). */
export function timeAgo(millis: number, now: number): string {
  const seconds = Math.floor((now - millis) / 1000);
  if (seconds < 60) return l10n.t('just now');
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return l10n.t('{0} min ago', minutes);
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return l10n.t('{0} h ago', hours);
  return l10n.t('{0} days ago', Math.floor(hours / 24));
}

/** `2026-11-29 14:05 UTC`: the same for every user and locale. */
export function formatUtc(millis: number): string {
  return `${new Date(millis).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Quick-pick rows for the connected clients: address, agent, since when, last command; newest first. */
export function connectedClientItems(clients: readonly Client[], now: number): PickText[] {
  return [...clients]
    .map((client) => ({ client, since: timestampMillis(client.timestamp) }))
    .sort((a, b) => (b.since ?? 0) - (a.since ?? 0))
    .map(({ client, since }) => {
      const where = client.address ?? client.host;
      const details = [
        since !== undefined ? l10n.t('connected {0} ({1})', timeAgo(since, now), formatUtc(since)) : l10n.t('connected at an unknown time'),
        client.command ? l10n.t('last command: qbo {0}', shown(client.command.replace(/^qbo\s+/, ''))) : l10n.t('no command yet'),
      ];
      return {
        label: where ? shown(where) : l10n.t('unknown address'),
        description: client.agent ? shown(client.agent) : l10n.t('unknown client'),
        detail: details.join(' · '),
      };
    });
}

/** A secret as the user may see it: its last four characters at most, and only when it is long. */
export function maskSecret(secret: string): string {
  return secret.length >= 16 ? `••••••••${secret.slice(-4)}` : '••••••••';
}

/** One `cli[]` entry of `get user -l` (all optional: servers differ). */
export interface CliConfiguration {
  qbo_host?: string | undefined;
  qbo_port?: number | undefined;
  qbo_uid?: unknown;
  qbo_user?: string | undefined;
}

/** Quick-pick rows for `get user -l`: where each configuration points, its token masked. */
export function cliConfigurationItems(entries: readonly CliConfiguration[]): PickText[] {
  return entries.map((entry) => {
    const where = `${entry.qbo_host ? shown(entry.qbo_host) : l10n.t('unknown host')}:${entry.qbo_port ?? '?'}`;
    const uid = entry.qbo_uid;
    const description =
      typeof uid === 'string' && uid !== ''
        ? l10n.t('temporary token {0}', maskSecret(uid))
        : typeof uid === 'object' && uid !== null
          ? l10n.t('service account public key')
          : l10n.t('no token');
    return { label: where, description, ...(entry.qbo_user ? { detail: shown(entry.qbo_user) } : {}) };
  });
}

/** How close credentials are to their `cli.exp`. */
export type Expiry =
  { kind: 'unknown' } | { kind: 'expired'; at: number } | { kind: 'soon'; at: number; daysLeft: number } | { kind: 'later'; at: number };

/** Credentials expiring within this many days get a warning (docs/DECISIONS.md). */
export const EXPIRY_WARNING_DAYS = 3;

export function expiryOf(expiresAt: number | undefined, now: number, warningDays = EXPIRY_WARNING_DAYS): Expiry {
  if (expiresAt === undefined) return { kind: 'unknown' };
  if (expiresAt <= now) return { kind: 'expired', at: expiresAt };
  const daysLeft = (expiresAt - now) / 86_400_000;
  return daysLeft <= warningDays ? { kind: 'soon', at: expiresAt, daysLeft: Math.ceil(daysLeft) } : { kind: 'later', at: expiresAt };
}

/** The tooltip line about expiry, or undefined when `exp` is unknown. */
export function expiryText(expiry: Expiry): string | undefined {
  switch (expiry.kind) {
    case 'unknown':
      return undefined;
    case 'expired':
      return l10n.t('Credentials expired on {0}', formatUtc(expiry.at));
    case 'soon':
      return expiry.daysLeft <= 1
        ? l10n.t('Credentials expire on {0} (within a day)', formatUtc(expiry.at))
        : l10n.t('Credentials expire on {0} (in {1} days)', formatUtc(expiry.at), expiry.daysLeft);
    case 'later':
      return l10n.t('Credentials expire on {0}', formatUtc(expiry.at));
  }
}
