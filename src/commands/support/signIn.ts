// The end of every sign-in path: name the profile, store it, connect.
import * as vscode from 'vscode';
import { CredentialsError, describeCredentials, parseCliJson, type QboCredentials } from '../../qbo/credentials';
import { suggestProfileName } from '../../session/profileStore';
import type { ConnectionProfile } from '../../session/session';
import type { CommandContext } from '../types';

export interface SignInOptions {
  /** Profile name; asked for when absent and `interactive`. */
  name?: string;
  interactive?: boolean;
  /** Connection settings other than host and port (TLS options, scheme). */
  connection?: Partial<Omit<ConnectionProfile, 'name' | 'host' | 'port'>>;
}

export async function completeSignIn(context: CommandContext, credentials: QboCredentials, options: SignInOptions = {}): Promise<boolean> {
  let name = options.name;
  if (!name && options.interactive !== false) {
    name = await vscode.window.showInputBox({
      title: vscode.l10n.t('Profile name'),
      prompt: vscode.l10n.t('Signing in with {0}', describeCredentials(credentials)),
      value: suggestProfileName(credentials),
      validateInput: (value) => (value.trim() === '' ? vscode.l10n.t('A profile needs a name') : undefined),
    });
    if (name === undefined) return false;
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

/** Parses a cli.json and signs in; a malformed file gets one clear, secret-free error. */
export async function signInWithCliJsonText(
  context: CommandContext,
  text: string,
  source: string,
  options: SignInOptions = {},
): Promise<boolean> {
  let credentials: QboCredentials;
  try {
    credentials = parseCliJson(text, source);
  } catch (error) {
    const message = error instanceof CredentialsError ? error.message : vscode.l10n.t('{0}: not a qbo cli.json', source);
    void vscode.window.showErrorMessage(vscode.l10n.t('qbo: cannot sign in: {0}', message));
    return false;
  }
  return completeSignIn(context, credentials, options);
}

export function isSignInOptions(value: unknown): value is SignInOptions {
  return typeof value === 'object' && value !== null && !(value instanceof vscode.Uri) && !Array.isArray(value);
}
