// The service-account workflow of docs/PROTOCOL.md §2: read the account `get user -c EMAIL`
// created (`users[].cli`, or its `.cli.conf` shape), name a profile for it, and write it as the
// vendor CLI's ~/.qbo/cli.json (mode 0600, an existing file backed up first). No VS Code API here.
import { constants } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { CredentialsError, parseCliJson, type ServiceAccountCredentials } from '../qbo/credentials';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The service account in a `get user -c` reply. A `cli` without `qbo_host`/`qbo_port` is for the
 * server that created it, so `server` fills them in. Throws CredentialsError (naming fields, never
 * values) when no user carries a service-account configuration.
 */
export function createdServiceAccount(
  users: readonly { cli?: unknown; [field: string]: unknown }[],
  server: { host: string; port: number },
  source: string,
): ServiceAccountCredentials {
  const cli = users.map((user) => user.cli).find(isRecord);
  if (!cli) throw new CredentialsError('users[].cli', 'is missing from the reply', source);
  // `.cli.conf` (some server versions) nests the configuration and keeps `exp` outside it.
  const conf = isRecord(cli.conf) ? cli.conf : cli;
  const given = Object.fromEntries(Object.entries(conf).filter(([, value]) => value !== undefined && value !== null && value !== ''));
  const exp = cli.exp ?? conf.exp;
  const credentials = parseCliJson(
    { qbo_host: server.host, qbo_port: server.port, ...given, ...(exp !== undefined && exp !== null ? { exp } : {}) },
    source,
  );
  if (credentials.kind !== 'service-account') throw new CredentialsError('users[].cli.qbo_uid', 'is not a public key', source);
  return credentials;
}

/** Where a profile connects. */
export interface ServerAddress {
  host: string;
  port: number;
}

/**
 * Whether the reply's `qbo_host`/`qbo_port` name the server the current profile connects to. A
 * reply that names another one would send the new account's credentials there: the profile keeps
 * the current server unless the user agrees to the other (createServiceAccount.ts asks).
 */
export type ServerDecision = { kind: 'same' } | { kind: 'differs'; current: ServerAddress; offered: ServerAddress };

/** Host names compare as DNS does: case-insensitively, a trailing dot or IPv6 brackets aside. */
function sameHost(a: string, b: string): boolean {
  const normal = (host: string): string =>
    host
      .trim()
      .toLowerCase()
      .replace(/^\[(.*)\]$/, '$1')
      .replace(/\.$/, '');
  return normal(a) === normal(b);
}

export function serviceAccountServer(current: ServerAddress, offered: ServerAddress): ServerDecision {
  if (sameHost(current.host, offered.host) && current.port === offered.port) return { kind: 'same' };
  return { kind: 'differs', current: { host: current.host, port: current.port }, offered: { host: offered.host, port: offered.port } };
}

/** The account's credentials pointed at `server` (the current profile's, when the user did not agree to another). */
export function pointedAt(credentials: ServiceAccountCredentials, server: ServerAddress): ServiceAccountCredentials {
  return { ...credentials, host: server.host, port: server.port };
}

/** A profile name for the new account that no existing profile has: "alex@qbo.io @ host (service account)", then " 2", " 3", … */
export function serviceAccountProfileName(credentials: ServiceAccountCredentials, taken: readonly string[]): string {
  const base = `${credentials.user ?? `${credentials.host}:${credentials.port}`} @ ${credentials.host} (service account)`;
  const names = new Set(taken);
  if (!names.has(base)) return base;
  for (let i = 2; ; i++) if (!names.has(`${base} ${i}`)) return `${base} ${i}`;
}

/** The vendor CLI's cli.json for a service account (the public key only: a private `d` never came). */
export function serviceAccountCliJson(credentials: ServiceAccountCredentials): string {
  const { kty, crv, x, y } = credentials.publicKey;
  const cli = {
    qbo_uid: { crv, kty, x, y },
    qbo_aux: credentials.aux,
    qbo_port: credentials.port,
    qbo_host: credentials.host,
    ...(credentials.user ? { qbo_user: credentials.user } : {}),
  };
  return `${JSON.stringify(cli, null, 2)}\n`;
}

/** `cli.json.qbo-backup-20261129T130501Z`: next to the file, sorted by time. */
export function cliJsonBackupName(file: string, now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${file}.qbo-backup-${stamp}`;
}

export type ExistingCliJson = { kind: 'none' } | { kind: 'same' } | { kind: 'different' };

/** Whether `file` exists, and whether it already holds exactly `text`. */
export async function existingCliJson(file: string, text: string): Promise<ExistingCliJson> {
  let current: string;
  try {
    current = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    throw error;
  }
  return current === text ? { kind: 'same' } : { kind: 'different' };
}

/**
 * Writes `text` to `file` readable only by the user. An existing file is first copied to a
 * backup (never overwritten: a taken backup name gets `-2`, `-3`, …); the new file replaces the
 * old one in one rename, so a crash leaves one or the other, never half of each.
 * Returns the backup's path, if one was made.
 */
export async function writeCliJsonWithBackup(file: string, text: string, now = new Date()): Promise<string | undefined> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  let backup: string | undefined;
  if ((await existingCliJson(file, text)).kind !== 'none') {
    const base = cliJsonBackupName(file, now);
    for (let i = 1; backup === undefined; i++) {
      const candidate = i === 1 ? base : `${base}-${i}`;
      try {
        await fs.copyFile(file, candidate, constants.COPYFILE_EXCL);
        await fs.chmod(candidate, 0o600);
        backup = candidate;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || i >= 100) throw error;
      }
    }
  }
  const temporary = `${file}.tmp-${process.pid}-${now.getTime()}`;
  try {
    await fs.writeFile(temporary, text, { mode: 0o600, flag: 'wx' });
    await fs.chmod(temporary, 0o600);
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
  return backup;
}
