// Accounts and cookie authentication (docs/PROTOCOL.md §1–2). A service account proves itself with a
// JWE (ECDH-ES + A256CBC-HS512) of its `qbo_aux` made for its public key; a temporary token is
// compared by value. Every secret comparison is constant time.
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { compactDecrypt, exportJWK, generateKeyPair, importJWK, type CryptoKey as JoseKey, type JWK } from 'jose';
import { z } from 'zod';
import type { PublicJwk } from '../qbo/credentials';

const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/);
const email = z
  .string()
  .min(3)
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+$/, 'must be an e-mail address');

export const privateJwkSchema = z.looseObject({ kty: z.literal('EC'), crv: z.literal('P-521'), x: base64url, y: base64url, d: base64url });
export const serviceAccountSchema = z.object({ user: email, qbo_aux: z.string().min(1).max(512), jwk: privateJwkSchema });
export const tokenAccountSchema = z.object({ user: email, token: z.string().min(1).max(512) });
export const accountsFileSchema = z.array(z.union([serviceAccountSchema, tokenAccountSchema]));

export type PrivateJwk = z.infer<typeof privateJwkSchema>;
export type ServiceAccountEntry = z.infer<typeof serviceAccountSchema>;
export type TokenAccountEntry = z.infer<typeof tokenAccountSchema>;
export type AccountEntry = ServiceAccountEntry | TokenAccountEntry;

export function isServiceAccount(account: AccountEntry): account is ServiceAccountEntry {
  return 'jwk' in account;
}

/** The client configuration (`cli.json`, docs/PROTOCOL.md §2) for an account at this emulator. */
export type CliJson =
  | { qbo_uid: PublicJwk; qbo_aux: string; qbo_port: number; qbo_host: string; qbo_user: string }
  | { qbo_uid: string; qbo_port: number; qbo_host: string; qbo_user: string };

export function publicJwkOf(jwk: PrivateJwk): PublicJwk {
  return { crv: 'P-521', kty: 'EC', x: jwk.x, y: jwk.y };
}

export function cliJsonFor(account: AccountEntry, host: string, port: number): CliJson {
  if (isServiceAccount(account)) {
    return { qbo_uid: publicJwkOf(account.jwk), qbo_aux: account.qbo_aux, qbo_port: port, qbo_host: host, qbo_user: account.user };
  }
  return { qbo_uid: account.token, qbo_port: port, qbo_host: host, qbo_user: account.user };
}

/** A service account with a fresh P-521 key pair and a random `qbo_aux`. */
export async function createServiceAccount(user: string, aux: string = randomUUID()): Promise<ServiceAccountEntry> {
  const { privateKey } = await generateKeyPair('ECDH-ES', { crv: 'P-521', extractable: true });
  const jwk = await exportJWK(privateKey);
  return { user, qbo_aux: aux, jwk: privateJwkSchema.parse(jwk) };
}

export function createTokenAccount(user: string, token: string = randomUUID()): TokenAccountEntry {
  return { user, token };
}

/** Equal-length digests make `timingSafeEqual` usable for secrets of any length. */
function constantTimeEqual(a: string, b: string): boolean {
  const digestA = createHash('sha256').update(a, 'utf8').digest();
  const digestB = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(digestA, digestB);
}

/** `name=value` pairs of a Cookie header; the first occurrence of a name wins. */
export function parseCookieHeader(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const separator = part.indexOf('=');
    if (separator <= 0) continue;
    const name = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (!cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

const COMPACT_JWE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

interface LoadedServiceAccount {
  entry: ServiceAccountEntry;
  key: JoseKey | Uint8Array;
}

export class Authenticator {
  private constructor(
    private readonly serviceAccounts: LoadedServiceAccount[],
    private readonly tokens: TokenAccountEntry[],
  ) {}

  static async create(accounts: readonly AccountEntry[]): Promise<Authenticator> {
    const loaded: LoadedServiceAccount[] = [];
    const tokens: TokenAccountEntry[] = [];
    for (const account of accounts) {
      if (isServiceAccount(account)) loaded.push({ entry: account, key: await importJWK(account.jwk as JWK, 'ECDH-ES') });
      else tokens.push(account);
    }
    return new Authenticator(loaded, tokens);
  }

  /** Accepts one more account from now on (a service account created by `get user -c`, a minted token). */
  async add(account: AccountEntry): Promise<void> {
    if (isServiceAccount(account)) this.serviceAccounts.push({ entry: account, key: await importJWK(account.jwk as JWK, 'ECDH-ES') });
    else this.tokens.push(account);
  }

  /** The account a Cookie header proves, or undefined (→ HTTP 401). Never throws. */
  async authenticate(cookieHeader: string | undefined): Promise<AccountEntry | undefined> {
    const cookies = parseCookieHeader(cookieHeader);
    const uid = cookies.get('qbo_uid') ?? '';
    const aux = cookies.get('qbo_aux') ?? '';
    if (uid === '' || uid.length > 16_384) return undefined;
    if (COMPACT_JWE.test(uid)) return this.authenticateServiceAccount(uid, aux);
    // A temporary token goes with an empty aux.
    if (aux !== '') return undefined;
    let match: TokenAccountEntry | undefined;
    for (const account of this.tokens) if (constantTimeEqual(uid, account.token) && !match) match = account;
    return match;
  }

  private async authenticateServiceAccount(jwe: string, aux: string): Promise<AccountEntry | undefined> {
    if (aux === '') return undefined;
    // Every account is compared (no early exit), then only the matching ones try to decrypt.
    const candidates = this.serviceAccounts.filter((account) => constantTimeEqual(aux, account.entry.qbo_aux));
    for (const candidate of candidates) {
      try {
        const { plaintext } = await compactDecrypt(jwe, candidate.key, {
          keyManagementAlgorithms: ['ECDH-ES'],
          contentEncryptionAlgorithms: ['A256CBC-HS512'],
        });
        const decrypted = new TextDecoder().decode(plaintext);
        const matchesAccount = constantTimeEqual(decrypted, candidate.entry.qbo_aux);
        const matchesCookie = constantTimeEqual(decrypted, aux);
        if (matchesAccount && matchesCookie) return candidate.entry;
      } catch {
        // Wrong key, tampered or malformed JWE: not this account.
      }
    }
    return undefined;
  }
}
