// qbo: Show CLI Configuration: `get user -l` lists the user's CLI configurations (the temporary
// token of the web console), each token masked; copying one is a separate, explicit action.
import * as vscode from 'vscode';
import { cliConfigurationCommand } from '../qbo/commands';
import type { CliConfigurationEntry } from '../qbo/messages';
import { cliConfigurationItems, type PickText } from '../ui/serverText';
import { runCollecting } from './support/collect';
import { profileNameIn, requireProfile } from './support/session';
import type { QboCommand } from './types';
import { flashStatus, showInformation } from '../ui/notifications';

export interface ShowCliConfigurationResult {
  /** The rows shown, tokens masked. */
  rows: PickText[];
  /** Whether a token was copied to the clipboard. */
  copied: boolean;
}

/** `{ copy: N }` copies the token of entry N without asking (for tests and other extensions). */
function copyIndexOf(value: unknown): number | undefined {
  const copy = typeof value === 'object' && value !== null ? (value as { copy?: unknown }).copy : undefined;
  return typeof copy === 'number' && Number.isInteger(copy) && copy >= 0 ? copy : undefined;
}

async function copyToken(entry: CliConfigurationEntry): Promise<boolean> {
  if (typeof entry.qbo_uid !== 'string' || entry.qbo_uid === '') {
    void showInformation(vscode.l10n.t('qbo: this configuration has no token to copy.'));
    return false;
  }
  await vscode.env.clipboard.writeText(entry.qbo_uid);
  flashStatus(vscode.l10n.t('Copied the temporary token'), 3000);
  return true;
}

export const showCliConfiguration: QboCommand = {
  id: 'qbo.showCliConfiguration',
  async run(context, ...args): Promise<ShowCliConfigurationResult | undefined> {
    const { session } = await requireProfile(context, vscode.l10n.t('Show CLI Configuration'), profileNameIn(args));
    const entries = await runCollecting(session, vscode.l10n.t('Getting the CLI configuration'), cliConfigurationCommand(), 'cli');
    const rows = cliConfigurationItems(entries);
    if (rows.length === 0) {
      void showInformation(vscode.l10n.t('qbo: the server returned no CLI configuration.'));
      return { rows, copied: false };
    }
    const given = copyIndexOf(args[0]);
    if (given !== undefined) {
      const entry = entries[given];
      return { rows, copied: entry !== undefined && (await copyToken(entry)) };
    }
    const picked = await vscode.window.showQuickPick(
      rows.map((row, index) => ({ ...row, index })),
      { title: vscode.l10n.t('CLI Configuration (qbo get user -l)'), placeHolder: vscode.l10n.t('Pick one to copy its token') },
    );
    if (!picked) return { rows, copied: false };
    const copy = vscode.l10n.t('$(copy) Copy Token');
    const action = await vscode.window.showQuickPick([copy], {
      title: vscode.l10n.t('{0}: {1}', picked.label, picked.description ?? ''),
    });
    const entry = entries[picked.index];
    return { rows, copied: action === copy && entry !== undefined && (await copyToken(entry)) };
  },
};
