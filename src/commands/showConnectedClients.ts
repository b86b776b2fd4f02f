// qbo: Show Connected Clients: the clients attached to the user's mirror (address, agent, since
// when, last command), fetched fresh with `get clients`; the last pushed list if that fails.
import * as vscode from 'vscode';
import type { Client } from '../qbo/messages';
import { connectedClientItems, type PickText } from '../ui/serverText';
import { profileNameIn, requireProfile } from './support/session';
import type { QboCommand } from './types';
import { safeName } from '../ui/safeText';

export const showConnectedClients: QboCommand = {
  id: 'qbo.showConnectedClients',
  /** Resolves with the rows shown (undefined when there is nothing to show); the pick stays open for the user. */
  async run(context, ...args): Promise<PickText[] | undefined> {
    const { session, facts } = await requireProfile(context, vscode.l10n.t('Show Connected Clients'), profileNameIn(args));
    const pick = vscode.window.createQuickPick();
    pick.title = vscode.l10n.t('Connected Clients');
    pick.placeholder = vscode.l10n.t(
      'Asking {0} for the clients of {1}…',
      safeName(session.profile.host),
      safeName(facts.user ?? session.credentials.user ?? ''),
    );
    pick.busy = true;
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    pick.onDidAccept(() => pick.hide());
    pick.onDidHide(() => pick.dispose());
    pick.show();
    let clients: readonly Client[];
    let stale = false;
    try {
      clients = await facts.fetchClients();
    } catch (error) {
      if (!facts.clients) {
        pick.hide();
        throw error;
      }
      // A server without `get clients` still pushes `clients` messages: show the last one.
      context.output.warn(
        `get clients: ${error instanceof Error ? error.message : String(error)}; showing the last list the server pushed`,
      );
      clients = facts.clients;
      stale = true;
    }
    const rows = connectedClientItems(clients, Date.now());
    pick.items = rows;
    pick.busy = false;
    const who = safeName(facts.user ?? session.credentials.user ?? session.profile.host);
    pick.placeholder =
      rows.length === 0
        ? vscode.l10n.t('No client of {0} is connected', who)
        : stale
          ? vscode.l10n.t('{0} clients of {1} (as last pushed by the server)', rows.length, who)
          : rows.length === 1
            ? vscode.l10n.t('1 client of {0}', who)
            : vscode.l10n.t('{0} clients of {1}', rows.length, who);
    return rows;
  },
};
