// qbo: Create Service Account…: `get user -c EMAIL` (the signed-in user's e-mail prefilled),
// the account stored as a new profile in SecretStorage, then, as the user chooses, a switch to it
// and/or saving it as ~/.qbo/cli.json (0600, an existing file backed up first, after asking).
import * as os from 'node:os';
import * as vscode from 'vscode';
import { emailProblem } from '../qbo/commandLine';
import { createServiceAccountCommand } from '../qbo/commands';
import { CredentialsError, defaultCliJsonPath, describeCredentials, type ServiceAccountCredentials } from '../qbo/credentials';
import type { ConnectionProfile } from '../session/session';
import {
  createdServiceAccount,
  existingCliJson,
  pointedAt,
  serviceAccountCliJson,
  serviceAccountProfileName,
  serviceAccountServer,
  writeCliJsonWithBackup,
  type ServerAddress,
} from '../session/serviceAccount';
import { runCollecting } from './support/collect';
import { Cancelled } from './support/boundary';
import { runReported } from './support/report';
import { profileNameIn, requireProfile } from './support/session';
import type { CommandContext, QboCommand } from './types';
import { askModal } from '../ui/notifications';
import { safeName } from '../ui/safeText';

/** Arguments for tests and other extensions; any of them skips the matching prompt. */
export interface CreateServiceAccountArgs {
  /** The connected profile whose account gets the service account (asked when several are connected). */
  profile?: string;
  email?: string;
  /** Switch to the new profile (without asking). */
  switchTo?: boolean;
  /** Save it as the CLI's cli.json (without asking), at `cliJsonPath` (default ~/.qbo/cli.json). */
  saveCliJson?: boolean;
  cliJsonPath?: string;
  /** Replace an existing, different cli.json (after backing it up) without the modal question. */
  replaceExisting?: boolean;
}

export interface CreateServiceAccountResult {
  profile: string;
  switched: boolean;
  savedTo?: string;
  backup?: string;
}

function isArgs(value: unknown): value is CreateServiceAccountArgs {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof vscode.Uri);
}

function tildePath(file: string): string {
  const home = os.homedir();
  return file.startsWith(`${home}/`) ? `~${file.slice(home.length)}` : file;
}

async function askEmail(prefill: string | undefined): Promise<string | undefined> {
  const email = await vscode.window.showInputBox({
    title: vscode.l10n.t('Create Service Account: e-mail'),
    prompt: vscode.l10n.t('qbo get user -c EMAIL creates a service account (a key pair and a secret) for this user'),
    placeHolder: 'alex@qbo.io',
    ...(prefill ? { value: prefill } : {}),
    ignoreFocusOut: true,
    validateInput: (value) => emailProblem(value.trim()),
  });
  return email?.trim() || undefined;
}

/** What to do with the stored account: switch to it, save it for the CLI, both or neither. */
async function askNext(profile: string, cliJson: string): Promise<{ switchTo: boolean; saveCliJson: boolean }> {
  const switchItem: vscode.QuickPickItem = { label: vscode.l10n.t('Switch to "{0}"', safeName(profile)), picked: true };
  const saveItem: vscode.QuickPickItem = {
    label: vscode.l10n.t('Save as {0}', tildePath(cliJson)),
    description: vscode.l10n.t('for the qbo CLI; readable only by you, an existing file is backed up first'),
  };
  const picked = await vscode.window.showQuickPick([switchItem, saveItem], {
    title: vscode.l10n.t('Service account stored as profile "{0}"', safeName(profile)),
    placeHolder: vscode.l10n.t('Choose what else to do (the profile is kept either way)'),
    canPickMany: true,
    ignoreFocusOut: true,
  });
  return { switchTo: picked?.includes(switchItem) ?? false, saveCliJson: picked?.includes(saveItem) ?? false };
}

function address(server: ServerAddress): string {
  return `${server.host}:${server.port}`;
}

/**
 * The account as it will be stored: pointed at the current profile's server, unless the reply
 * named another one and the user said yes to it in a modal (dismissing it keeps the current one).
 */
async function confirmServer(
  context: CommandContext,
  credentials: ServiceAccountCredentials,
  current: ServerAddress,
): Promise<ServiceAccountCredentials> {
  const decision = serviceAccountServer(current, credentials);
  if (decision.kind === 'same') return credentials;
  const offered = address(decision.offered);
  const use = vscode.l10n.t('Use {0}', offered);
  const choice = await askModal(
    vscode.l10n.t('The server says the new service account connects to {0}, not to {1}.', offered, address(decision.current)),
    vscode.l10n.t(
      'Choose {0} only if you know that server: the profile would send these credentials there. Otherwise the profile connects to {1}, as the current one does.',
      offered,
      address(decision.current),
    ),
    use,
  );
  const agreed = choice === use;
  context.output.warn(
    `get user -c named ${offered} as the service account's server, not ${address(decision.current)}: ${agreed ? 'the user chose it' : 'kept the current server'}`,
  );
  return agreed ? credentials : pointedAt(credentials, decision.current);
}

/** Saves the account as the CLI's cli.json; undefined when the user kept the existing file. */
async function saveCliJson(
  context: CommandContext,
  credentials: ServiceAccountCredentials,
  file: string,
  replaceExisting: boolean,
): Promise<{ backup?: string } | undefined> {
  const text = serviceAccountCliJson(credentials);
  const existing = await existingCliJson(file, text);
  if (existing.kind === 'same') return {};
  if (existing.kind === 'different' && !replaceExisting) {
    const replace = vscode.l10n.t('Back Up and Replace');
    const choice = await askModal(
      vscode.l10n.t('{0} already exists.', tildePath(file)),
      vscode.l10n.t('It is copied to {0}.qbo-backup-… first, then replaced by the new service account.', tildePath(file)),
      replace,
    );
    if (choice !== replace) return undefined;
  }
  const backup = await writeCliJsonWithBackup(file, text);
  context.output.info(`saved the service account as ${file}${backup ? ` (the previous file is ${backup})` : ''}`);
  return backup ? { backup } : {};
}

export const createServiceAccount: QboCommand = {
  id: 'qbo.createServiceAccount',
  async run(context, ...args): Promise<CreateServiceAccountResult | undefined> {
    const given = isArgs(args[0]) ? args[0] : {};
    const connected = await requireProfile(context, vscode.l10n.t('Create Service Account'), profileNameIn(args));
    const { session, active } = connected;
    const email = given.email ?? (await askEmail(session.credentials.user ?? connected.facts.user));
    if (!email) throw new Cancelled();
    let credentials: ServiceAccountCredentials;
    try {
      const users = await runCollecting(
        session,
        vscode.l10n.t('Creating a service account for {0}', email),
        createServiceAccountCommand(email),
        'users',
      );
      credentials = createdServiceAccount(users, session.profile, vscode.l10n.t('the reply to qbo get user -c'));
    } catch (error) {
      throw error instanceof CredentialsError ? new Error(vscode.l10n.t('qbo: no service account: {0}', error.message)) : error;
    }
    credentials = await confirmServer(context, credentials, session.profile);
    const name = serviceAccountProfileName(
      credentials,
      context.profiles.profiles().map((profile) => profile.name),
    );
    // The same server keeps the same connection options (scheme, path, TLS); another one gets its own.
    const sameServer = credentials.host === session.profile.host && credentials.port === session.profile.port;
    const profile: ConnectionProfile = sameServer ? { ...session.profile, name } : { name, host: credentials.host, port: credentials.port };
    await context.profiles.save(profile, credentials, { activeAfter: active.profile.name });
    context.output.info(`created a service account for ${email}: stored as profile "${name}", ${describeCredentials(credentials)}`);

    const cliJson = given.cliJsonPath ?? defaultCliJsonPath();
    const next =
      given.switchTo !== undefined || given.saveCliJson !== undefined
        ? { switchTo: given.switchTo === true, saveCliJson: given.saveCliJson === true }
        : await askNext(name, cliJson);
    const result: CreateServiceAccountResult = { profile: name, switched: false };
    if (next.saveCliJson) {
      // The profile exists by now: a file that cannot be written is reported, and the switch still happens.
      await runReported(context.output, createServiceAccount.id, async () => {
        try {
          const saved = await saveCliJson(context, credentials, cliJson, given.replaceExisting === true);
          if (saved) Object.assign(result, { savedTo: cliJson }, saved);
        } catch (error) {
          throw new Error(
            vscode.l10n.t('qbo: could not save {0}: {1}', tildePath(cliJson), error instanceof Error ? error.message : String(error)),
          );
        }
      });
    }
    if (next.switchTo) {
      await context.profiles.setActive(name);
      await context.manager.reload();
      result.switched = true;
    }
    return result;
  },
};
