// The end of every sign-in path: name the profile, store it, connect.
import * as vscode from 'vscode';
import { CredentialsError, describeCredentials, parseCliJson, type QboCredentials } from '../../qbo/credentials';
import { suggestProfileName } from '../../session/profileStore';
import type { ConnectionProfile } from '../../session/session';
import type { CommandContext } from '../types';
import { orCancel } from './boundary';
import { safeName } from '../../ui/safeText';

export interface SignInOptions {
  /** Profile name; asked for when absent and `interactive`. */
  name?: string;
  interactive?: boolean;
  /** Connection settings other than host and port (TLS options, scheme). */
  connection?: Partial<Omit<ConnectionProfile, 'name' | 'host' | 'port'>>;
}

/** Stores the profile and connects; true once done. */
export async function completeSignIn(context: CommandContext, credentials: QboCredentials, options: SignInOptions = {}): Promise<true> {
  let name = options.name;
  if (!name && options.interactive !== false) {
    name = orCancel(
      await vscode.window.showInputBox({
        title: vscode.l10n.t('Profile name'),
        prompt: vscode.l10n.t('Signing in with {0}', safeName(describeCredentials(credentials))),
        value: suggestProfileName(credentials),
        validateInput: (value) => (value.trim() === '' ? vscode.l10n.t('A profile needs a name') : undefined),
      }),
    );
  }
  const profile: ConnectionProfile = {
    name: (name ?? suggestProfileName(credentials)).trim(),
    host: credentials.host,
    port: credentials.port,
    ...options.connection,
  };
  await context.profiles.save(profile, credentials);
  context.output.info(`signed in: profile "${profile.name}", ${describeCredentials(credentials)}`);
  await context.manager.ensureStarted();
  await context.manager.reload();
  return true;
}

/** Parses a cli.json and signs in; a malformed file fails with one clear, secret-free message. */
export async function signInWithCliJsonText(
  context: CommandContext,
  text: string,
  source: string,
  options: SignInOptions = {},
): Promise<true> {
  return completeSignIn(
    context,
    parseCredentials(() => parseCliJson(text, source), source),
    options,
  );
}

/** The credentials `parse` returns; its failure as "cannot sign in" (never the text itself, which may hold secrets). */
export function parseCredentials(parse: () => QboCredentials, source: string): QboCredentials {
  try {
    return parse();
  } catch (error) {
    const message = error instanceof CredentialsError ? error.message : vscode.l10n.t('{0}: not a qbo cli.json', source);
    throw new Error(vscode.l10n.t('qbo: cannot sign in: {0}', message));
  }
}

export function isSignInOptions(value: unknown): value is SignInOptions {
  return typeof value === 'object' && value !== null && !(value instanceof vscode.Uri) && !Array.isArray(value);
}
