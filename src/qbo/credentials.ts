// Credentials of docs/PROTOCOL.md §2: the service account (a P-521 public key plus `qbo_aux`) and the
// temporary web token. Errors name the field at fault and never echo a value: these are secrets.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

export interface PublicJwk {
  kty: 'EC';
  crv: 'P-521';
  x: string;
  y: string;
}

interface Common {
  host: string;
  port: number;
  /** The account's e-mail, when the configuration names it. */
  user?: string;
  /** `users[].cli.exp` when present: presumed a Unix time (docs/PROTOCOL.md §2, decided). */
  exp?: number;
  /** Where these came from, for display: "environment", a file path, "pasted", ... Never secret. */
  source: string;
}

export interface ServiceAccountCredentials extends Common {
  kind: 'service-account';
  publicKey: PublicJwk;
  aux: string;
}

export interface TokenCredentials extends Common {
  kind: 'token';
  token: string;
}

export type QboCredentials = ServiceAccountCredentials | TokenCredentials;

/** A configuration was refused. `field` names what is missing or malformed; no value is echoed. */
export class CredentialsError extends Error {
  override readonly name = 'CredentialsError';
  constructor(
    readonly field: string,
    readonly reason: string,
    readonly source: string,
  ) {
    super(`${source}: ${field} ${reason}`);
  }
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const TOKEN = /^[A-Za-z0-9][A-Za-z0-9._~+/=-]{0,511}$/;
const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:]+:[0-9A-Fa-f:.]*)$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The AsyncAPI schema's defaults for a configuration that leaves host or port out (docs/PROTOCOL.md §8). */
export const DEFAULT_QBO_HOST = 'console.cloud.qbo.io';
export const DEFAULT_QBO_PORT = 443;

function parseHost(value: unknown, field: string, source: string): string {
  if (value === undefined || value === null || value === '') return DEFAULT_QBO_HOST;
  if (typeof value !== 'string') throw new CredentialsError(field, 'must be a host name or address', source);
  const host = value.trim();
  if (!HOST.test(host) || host.length > 253) {
    throw new CredentialsError(field, 'must be a bare host name or IP address (no scheme, port or path)', source);
  }
  return host;
}

function parsePort(value: unknown, field: string, source: string): number {
  if (value === undefined || value === null || value === '') return DEFAULT_QBO_PORT;
  const port = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new CredentialsError(field, 'must be a port number between 1 and 65535', source);
  return port;
}

function parseJwk(value: Record<string, unknown>, field: string, source: string): PublicJwk {
  if (value.kty !== 'EC') throw new CredentialsError(`${field}.kty`, 'must be "EC"', source);
  if (value.crv !== 'P-521') throw new CredentialsError(`${field}.crv`, 'must be "P-521"', source);
  for (const coordinate of ['x', 'y'] as const) {
    const text = value[coordinate];
    if (text === undefined || text === '') throw new CredentialsError(`${field}.${coordinate}`, 'is missing', source);
    if (typeof text !== 'string' || !BASE64URL.test(text))
      throw new CredentialsError(`${field}.${coordinate}`, 'must be base64url text', source);
  }
  // Only the public part is kept: a configuration that also carries `d` must not spread it further.
  return { kty: 'EC', crv: 'P-521', x: value.x as string, y: value.y as string };
}

function parseUser(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function parseExp(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

/**
 * Finds the client configuration inside what a user may have saved: the object itself, the
 * `.cli.conf` variant (`{"exp": ..., "conf": {...}}`), a `{"cli": ...}` wrapper, or a
 * one-element array (what `jq .users[]?.cli` of a list gives).
 */
function unwrap(value: unknown, source: string, depth = 0): { conf: Record<string, unknown>; exp?: number } {
  if (depth > 4) throw new CredentialsError('configuration', 'is nested too deeply', source);
  if (Array.isArray(value)) {
    if (value.length !== 1) throw new CredentialsError('configuration', 'must be one object, not a list', source);
    return unwrap(value[0], source, depth + 1);
  }
  if (!isRecord(value)) throw new CredentialsError('configuration', 'must be a JSON object', source);
  if (value.qbo_uid !== undefined) return { conf: value, exp: parseExp(value.exp) };
  if (isRecord(value.conf)) {
    const inner = unwrap(value.conf, source, depth + 1);
    return { conf: inner.conf, exp: parseExp(value.exp) ?? inner.exp };
  }
  if (isRecord(value.cli) || Array.isArray(value.cli)) return unwrap(value.cli, source, depth + 1);
  throw new CredentialsError('qbo_uid', 'is missing', source);
}

/** Parses a `cli.json` (either kind, any of its shapes). `source` names it in errors. */
export function parseCliJson(input: string | unknown, source = 'cli.json'): QboCredentials {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      throw new CredentialsError('configuration', 'is not valid JSON', source);
    }
  }
  const { conf, exp } = unwrap(value, source);
  const host = parseHost(conf.qbo_host, 'qbo_host', source);
  const port = parsePort(conf.qbo_port, 'qbo_port', source);
  const user = parseUser(conf.qbo_user);
  const common = { host, port, source, ...(user ? { user } : {}), ...(exp !== undefined ? { exp } : {}) };
  const uid = conf.qbo_uid;
  if (isRecord(uid)) {
    const aux = conf.qbo_aux;
    if (aux === undefined || aux === null || aux === '')
      throw new CredentialsError('qbo_aux', 'is missing (a service account needs it)', source);
    if (typeof aux !== 'string' || !TOKEN.test(aux)) throw new CredentialsError('qbo_aux', 'is malformed', source);
    return { kind: 'service-account', publicKey: parseJwk(uid, 'qbo_uid', source), aux, ...common };
  }
  if (typeof uid === 'string') {
    if (uid === '') throw new CredentialsError('qbo_uid', 'is empty', source);
    if (!TOKEN.test(uid)) throw new CredentialsError('qbo_uid', 'is malformed', source);
    return { kind: 'token', token: uid, ...common };
  }
  throw new CredentialsError('qbo_uid', 'must be a token string or a public key object', source);
}

export type Environment = Record<string, string | undefined>;

/**
 * Credentials from `QBO_UID`, `QBO_AUX`, `QBO_HOST`, `QBO_PORT`, as the vendor's CLI reads them.
 * `QBO_UID` holds either a token or the public key as JSON. Returns undefined when `QBO_UID` is
 * unset; host and port fall back to `fallback` (the cli.json), since the CLI reads both, then to
 * the schema's defaults.
 */
export function credentialsFromEnvironment(env: Environment, fallback?: Pick<Common, 'host' | 'port'>): QboCredentials | undefined {
  const uid = env.QBO_UID?.trim();
  if (!uid) return undefined;
  const source = 'environment';
  const host = env.QBO_HOST?.trim() ? parseHost(env.QBO_HOST, 'QBO_HOST', source) : (fallback?.host ?? DEFAULT_QBO_HOST);
  const port = env.QBO_PORT?.trim() ? parsePort(env.QBO_PORT, 'QBO_PORT', source) : (fallback?.port ?? DEFAULT_QBO_PORT);
  if (uid.startsWith('{')) {
    let jwk: unknown;
    try {
      jwk = JSON.parse(uid);
    } catch {
      throw new CredentialsError('QBO_UID', 'is not valid JSON', source);
    }
    if (!isRecord(jwk)) throw new CredentialsError('QBO_UID', 'must be a public key object', source);
    const aux = env.QBO_AUX?.trim();
    if (!aux) throw new CredentialsError('QBO_AUX', 'is missing (a service account needs it)', source);
    if (!TOKEN.test(aux)) throw new CredentialsError('QBO_AUX', 'is malformed', source);
    return { kind: 'service-account', publicKey: parseJwk(jwk, 'QBO_UID', source), aux, host, port, source };
  }
  if (!TOKEN.test(uid)) throw new CredentialsError('QBO_UID', 'is malformed', source);
  return { kind: 'token', token: uid, host, port, source };
}

/** `$HOME/.qbo/cli.json`, where the vendor's CLI keeps its configuration. */
export function defaultCliJsonPath(home = os.homedir()): string {
  return path.join(home, '.qbo', 'cli.json');
}

export async function readCliJsonFile(file: string): Promise<QboCredentials> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new CredentialsError('file', `cannot be read (${code})`, file);
  }
  return parseCliJson(text, file);
}

/**
 * The vendor CLI's lookup: the environment first, then `~/.qbo/cli.json`. Returns undefined when
 * neither exists; throws CredentialsError when one exists but is malformed.
 */
export async function discoverCredentials(env: Environment = process.env, home = os.homedir()): Promise<QboCredentials | undefined> {
  const file = defaultCliJsonPath(home);
  let fromFile: QboCredentials | undefined;
  let fileError: unknown;
  try {
    fromFile = await readCliJsonFile(file);
  } catch (error) {
    const missing = error instanceof CredentialsError && error.field === 'file' && /ENOENT/.test(error.reason);
    if (!missing) fileError = error;
  }
  const fromEnv = credentialsFromEnvironment(env, fromFile);
  if (fromEnv) return fromEnv;
  if (fileError) throw fileError;
  return fromFile;
}

/**
 * The service-account JWE: plaintext `qbo_aux`, `ECDH-ES` direct key agreement, `A256CBC-HS512`,
 * for the account's public key. Every call makes a new ephemeral key, so every connection gets a
 * fresh JWE.
 */
export async function makeServiceAccountJwe(publicKey: PublicJwk, aux: string): Promise<string> {
  // Loaded on first use (the first connection), not when the extension loads.
  const { CompactEncrypt, importJWK } = await import('jose');
  const key = await importJWK({ ...publicKey }, 'ECDH-ES');
  return new CompactEncrypt(new TextEncoder().encode(aux)).setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256CBC-HS512' }).encrypt(key);
}

/** The `Cookie` header value for the WebSocket upgrade. */
export async function buildCookie(credentials: QboCredentials): Promise<string> {
  if (credentials.kind === 'token') return `qbo_uid=${credentials.token}; qbo_aux=`;
  const jwe = await makeServiceAccountJwe(credentials.publicKey, credentials.aux);
  return `qbo_uid=${jwe}; qbo_aux=${credentials.aux}`;
}

/** The strings of these credentials that must never reach a log, setting or message. */
export function secretsOf(credentials: QboCredentials): string[] {
  return credentials.kind === 'token' ? [credentials.token] : [credentials.aux];
}

/** When the credentials expire, in epoch milliseconds: `exp` read as a Unix time (seconds, or milliseconds when larger than 10¹²). */
export function expiryMillis(credentials: Pick<QboCredentials, 'exp'>): number | undefined {
  if (credentials.exp === undefined || credentials.exp <= 0) return undefined;
  return credentials.exp > 1e12 ? credentials.exp : credentials.exp * 1000;
}

/** True when `exp` is present and, read as a Unix time (seconds, or milliseconds), has passed. */
export function credentialsExpired(credentials: QboCredentials, now = Date.now()): boolean {
  const millis = expiryMillis(credentials);
  return millis !== undefined && millis < now;
}

/** A one-line, secret-free description: "service account alex@qbo.io at host:443". */
export function describeCredentials(credentials: QboCredentials): string {
  const who = credentials.user ? ` ${credentials.user}` : '';
  const kind = credentials.kind === 'token' ? 'temporary token' : 'service account';
  return `${kind}${who} at ${credentials.host}:${credentials.port}`;
}

/** True when a text looks like a qbo client configuration (a cheap test for editor menus). */
export function looksLikeCliJson(text: string): boolean {
  // qbo_host is optional (it defaults), so qbo_uid alone marks one.
  return text.length < 64 * 1024 && /"qbo_uid"\s*:/.test(text);
}
