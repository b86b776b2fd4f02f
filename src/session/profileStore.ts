// Profiles: connection settings live in the `qbo.profiles` setting (nothing secret); the
// credentials of each live only in SecretStorage. With nothing stored, the vendor CLI's own
// configuration is used: the QBO_* environment, then ~/.qbo/cli.json. Which profiles are
// connected is remembered per machine in globalState (docs/DECISIONS.md "Several profiles").
import * as os from 'node:os';
import * as vscode from 'vscode';
import * as z from 'zod/mini';
import { CredentialsError, defaultCliJsonPath, discoverCredentials, type Environment, type QboCredentials } from '../qbo/credentials';
import { userSetting } from '../settings';
import type { ActiveProfile, ProfileOrigin, ProfileResolution, ProfileSource } from './profiles';
import type { ConnectionProfile } from './session';

export type { ActiveProfile, ProfileOrigin } from './profiles';

export const CLI_PROFILE_NAME = 'qbo CLI';
export const SECRET_PREFIX = 'qbo.credentials/';
const CLI_SIGNED_OUT_KEY = 'qbo.cliSignedOut';
/**
 * The profiles connected side by side (globalState, so per machine and never a workspace's).
 * Absent: one profile at a time, the one `qbo.activeProfile` (or the default) names.
 */
export const CONNECTED_PROFILES_KEY = 'qbo.connectedProfiles';

export type ResolvedProfile =
  { ok: true; active: ActiveProfile } | { ok: false; reason: 'signed-out' } | { ok: false; reason: 'invalid'; message: string };

const nonEmpty = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
const profileSchema = z.object({
  name: nonEmpty(100),
  host: nonEmpty(253),
  port: z.int().check(z.minimum(1), z.maximum(65535)),
  scheme: z.optional(z.enum(['ws', 'wss'])),
  path: z.optional(z.string().check(z.maxLength(200))),
  caFile: z.optional(z.string()),
  allowSelfSigned: z.optional(z.boolean()),
  allowInsecure: z.optional(z.boolean()),
});

const publicJwkSchema = z.object({ kty: z.literal('EC'), crv: z.literal('P-521'), x: nonEmpty(200), y: nonEmpty(200) });
const storedSecretSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('token'), token: nonEmpty(512), user: z.optional(z.string()), exp: z.optional(z.number()) }),
  z.object({
    kind: z.literal('service-account'),
    publicKey: publicJwkSchema,
    aux: nonEmpty(512),
    user: z.optional(z.string()),
    exp: z.optional(z.number()),
  }),
]);
type StoredSecret = z.infer<typeof storedSecretSchema>;

/** The part of credentials kept in SecretStorage (host and port live in the profile). */
export function toStoredSecret(credentials: QboCredentials): StoredSecret {
  const common = {
    ...(credentials.user ? { user: credentials.user } : {}),
    ...(credentials.exp !== undefined ? { exp: credentials.exp } : {}),
  };
  return credentials.kind === 'token'
    ? { kind: 'token', token: credentials.token, ...common }
    : { kind: 'service-account', publicKey: credentials.publicKey, aux: credentials.aux, ...common };
}

/** A profile name derived from where the credentials point, e.g. `alex@qbo.io @ nemo.cloud.qbo.io`. */
export function suggestProfileName(credentials: QboCredentials): string {
  return credentials.user ? `${credentials.user} @ ${credentials.host}` : `${credentials.host}:${credentials.port}`;
}

export class ProfileStore implements vscode.Disposable, ProfileSource {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  /** Fires when profiles, the active profile or stored credentials change. */
  readonly onDidChange = this.changeEmitter.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly env: Environment = process.env,
    private readonly home: string = os.homedir(),
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('qbo.profiles') || event.affectsConfiguration('qbo.activeProfile')) this.changeEmitter.fire();
      }),
      context.secrets.onDidChange((event) => {
        if (event.key.startsWith(SECRET_PREFIX)) this.changeEmitter.fire();
      }),
    );
  }

  /** Profiles from settings; malformed entries are skipped. */
  profiles(): ConnectionProfile[] {
    // The user's own value only: a workspace must never decide where credentials go.
    const raw = userSetting<unknown>('profiles', []);
    const result: ConnectionProfile[] = [];
    for (const entry of Array.isArray(raw) ? raw : []) {
      const parsed = profileSchema.safeParse(entry);
      if (parsed.success) result.push(parsed.data);
    }
    return result;
  }

  activeName(): string | undefined {
    const name = userSetting<unknown>('activeProfile', '');
    return typeof name === 'string' && name ? name : undefined;
  }

  /** Whether the user signed out of the vendor CLI's configuration (we never delete their file). */
  get cliSignedOut(): boolean {
    return this.context.globalState.get<boolean>(CLI_SIGNED_OUT_KEY, false);
  }

  async hasCredentials(name: string): Promise<boolean> {
    return (await this.context.secrets.get(SECRET_PREFIX + name)) !== undefined;
  }

  /** The profile to connect with, and its credentials. */
  async resolveActive(): Promise<ResolvedProfile> {
    const profiles = this.profiles();
    const name = this.activeName();
    const candidates = name ? profiles.filter((profile) => profile.name === name) : profiles;
    for (const profile of candidates) {
      const credentials = await this.readCredentials(profile);
      if (credentials) return { ok: true, active: { profile, credentials, origin: 'secret-storage' } };
    }
    if (name && name !== CLI_PROFILE_NAME && candidates.length > 0) return { ok: false, reason: 'signed-out' };
    return this.resolveCli();
  }

  /** The qbo CLI's own configuration (QBO_* environment, then ~/.qbo/cli.json) as a profile. */
  private async resolveCli(): Promise<ResolvedProfile> {
    if (this.cliSignedOut) return { ok: false, reason: 'signed-out' };
    try {
      const credentials = await discoverCredentials(this.env, this.home);
      if (!credentials) return { ok: false, reason: 'signed-out' };
      const origin: ProfileOrigin = credentials.source === 'environment' ? 'environment' : 'cli-json';
      return {
        ok: true,
        active: { profile: { name: CLI_PROFILE_NAME, host: credentials.host, port: credentials.port }, credentials, origin },
      };
    } catch (error) {
      const message = error instanceof CredentialsError ? error.message : 'cannot read the qbo CLI configuration';
      return { ok: false, reason: 'invalid', message };
    }
  }

  /** The names connected side by side, or undefined when one profile is used at a time. */
  connectedNames(): string[] | undefined {
    const value = this.context.globalState.get<unknown>(CONNECTED_PROFILES_KEY);
    return Array.isArray(value) && value.every((name) => typeof name === 'string') ? [...(value as string[])] : undefined;
  }

  /** ProfileSource: the profiles to connect, resolved. A listed profile that was signed out of is left out. */
  async resolveConnected(): Promise<ProfileResolution[]> {
    const names = this.connectedNames();
    if (names === undefined) {
      const resolved = await this.resolveActive();
      if (resolved.ok) return [{ ok: true, name: resolved.active.profile.name, active: resolved.active }];
      return resolved.reason === 'invalid' ? [{ ok: false, name: CLI_PROFILE_NAME, reason: 'invalid', message: resolved.message }] : [];
    }
    const result: ProfileResolution[] = [];
    for (const name of names) {
      const resolved = await this.resolveNamed(name);
      if (resolved.ok) result.push({ ok: true, name, active: resolved.active });
      else if (resolved.reason === 'invalid') result.push({ ok: false, name, reason: 'invalid', message: resolved.message });
    }
    return result;
  }

  /** One profile by name: a stored one with its credentials, or the qbo CLI's configuration. */
  async resolveNamed(name: string): Promise<ResolvedProfile> {
    const profile = this.profiles().find((candidate) => candidate.name === name);
    if (profile) {
      const credentials = await this.readCredentials(profile);
      return credentials ? { ok: true, active: { profile, credentials, origin: 'secret-storage' } } : { ok: false, reason: 'signed-out' };
    }
    return name === CLI_PROFILE_NAME ? this.resolveCli() : { ok: false, reason: 'signed-out' };
  }

  /** The names connected now: the listed ones, or the one profile used at a time (none when signed out). */
  async currentlyConnected(): Promise<string[]> {
    const names = this.connectedNames();
    if (names !== undefined) return names;
    const resolved = await this.resolveActive();
    return resolved.ok ? [resolved.active.profile.name] : [];
  }

  /** Connects `name` beside the profiles connected now. */
  async connect(name: string): Promise<void> {
    if (name === CLI_PROFILE_NAME) await this.context.globalState.update(CLI_SIGNED_OUT_KEY, false);
    const current = await this.currentlyConnected();
    await this.setConnected(current.includes(name) ? current : [...current, name]);
  }

  /** Disconnects `name`; the others stay connected. Its credentials stay stored. */
  async disconnect(name: string): Promise<void> {
    const current = await this.currentlyConnected();
    await this.setConnected(current.filter((candidate) => candidate !== name));
  }

  /** One connected profile is the one-at-a-time mode again (`qbo.activeProfile`); none or several are listed. */
  private async setConnected(names: readonly string[]): Promise<void> {
    if (names.length === 1) {
      await vscode.workspace.getConfiguration('qbo').update('activeProfile', names[0], vscode.ConfigurationTarget.Global);
      await this.context.globalState.update(CONNECTED_PROFILES_KEY, undefined);
    } else {
      await this.context.globalState.update(CONNECTED_PROFILES_KEY, [...names]);
    }
    this.changeEmitter.fire();
  }

  /** Where the implicit CLI profile comes from, for display. */
  cliSourceLabel(origin: ProfileOrigin): string {
    return origin === 'environment' ? vscode.l10n.t('QBO_* environment') : defaultCliJsonPath(this.home).replace(this.home, '~');
  }

  /**
   * Stores credentials in SecretStorage and the profile in settings, and connects it beside the
   * profiles connected now (a sign-in adds an account); with `activeAfter`, stores it without
   * connecting it.
   */
  async save(profile: ConnectionProfile, credentials: QboCredentials, options: { activeAfter?: string } = {}): Promise<void> {
    // Read before the new profile is listed: it would otherwise be the "first stored profile" default.
    const connected = await this.currentlyConnected();
    await this.context.secrets.store(SECRET_PREFIX + profile.name, JSON.stringify(toStoredSecret(credentials)));
    const others = this.profiles().filter((existing) => existing.name !== profile.name);
    const config = vscode.workspace.getConfiguration('qbo');
    if (options.activeAfter !== undefined) {
      // Pinned before the new profile is listed: stored without switching, it never wins the
      // "first stored profile" default, even for a moment.
      if (this.connectedNames() === undefined) await config.update('activeProfile', options.activeAfter, vscode.ConfigurationTarget.Global);
      await config.update('profiles', [...others, profile], vscode.ConfigurationTarget.Global);
      return;
    }
    if (connected.length === 0) {
      // Nothing connected: this one alone, one at a time (listed first, so that it is found by name).
      await this.context.globalState.update(CONNECTED_PROFILES_KEY, undefined);
      await config.update('profiles', [...others, profile], vscode.ConfigurationTarget.Global);
      await config.update('activeProfile', profile.name, vscode.ConfigurationTarget.Global);
    } else {
      if (!connected.includes(profile.name)) await this.context.globalState.update(CONNECTED_PROFILES_KEY, [...connected, profile.name]);
      await config.update('profiles', [...others, profile], vscode.ConfigurationTarget.Global);
    }
    await this.context.globalState.update(CLI_SIGNED_OUT_KEY, false);
    this.changeEmitter.fire();
  }

  /** Switch Profile: this one profile, alone (one at a time again). */
  async setActive(name: string): Promise<void> {
    if (name === CLI_PROFILE_NAME) await this.context.globalState.update(CLI_SIGNED_OUT_KEY, false);
    await this.context.globalState.update(CONNECTED_PROFILES_KEY, undefined);
    await vscode.workspace.getConfiguration('qbo').update('activeProfile', name, vscode.ConfigurationTarget.Global);
    this.changeEmitter.fire();
  }

  /** Signs out of a profile: deletes its secret and its entry. The CLI profile is only hidden. */
  async signOut(name: string): Promise<void> {
    const listed = this.connectedNames();
    if (listed?.includes(name)) await this.setConnected(listed.filter((candidate) => candidate !== name));
    if (name === CLI_PROFILE_NAME && !this.profiles().some((profile) => profile.name === name)) {
      await this.context.globalState.update(CLI_SIGNED_OUT_KEY, true);
      this.changeEmitter.fire();
      return;
    }
    await this.context.secrets.delete(SECRET_PREFIX + name);
    const config = vscode.workspace.getConfiguration('qbo');
    const remaining = this.profiles().filter((profile) => profile.name !== name);
    await config.update('profiles', remaining.length > 0 ? remaining : undefined, vscode.ConfigurationTarget.Global);
    if (this.activeName() === name) await config.update('activeProfile', undefined, vscode.ConfigurationTarget.Global);
    // With no stored profile left, do not fall back to the CLI file the user did not pick now.
    if (remaining.length === 0) await this.context.globalState.update(CLI_SIGNED_OUT_KEY, true);
    this.changeEmitter.fire();
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
    this.changeEmitter.dispose();
  }

  private async readCredentials(profile: ConnectionProfile): Promise<QboCredentials | undefined> {
    const text = await this.context.secrets.get(SECRET_PREFIX + profile.name);
    if (!text) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return undefined;
    }
    const parsed = storedSecretSchema.safeParse(value);
    if (!parsed.success) return undefined;
    const common = {
      host: profile.host,
      port: profile.port,
      source: vscode.l10n.t('profile {0}', profile.name),
      ...(parsed.data.user ? { user: parsed.data.user } : {}),
      ...(parsed.data.exp !== undefined ? { exp: parsed.data.exp } : {}),
    };
    return parsed.data.kind === 'token'
      ? { kind: 'token', token: parsed.data.token, ...common }
      : { kind: 'service-account', publicKey: parsed.data.publicKey, aux: parsed.data.aux, ...common };
  }
}
