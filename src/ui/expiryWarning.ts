// One warning a few days before the active credentials' `cli.exp`: once per profile and expiry
// (remembered across windows), never again on each reconnect.
import * as vscode from 'vscode';
import { expiryMillis } from '../qbo/credentials';
import type { SingleState } from '../session/sessionManager';
import { expiryOf, formatUtc } from './serverText';
import { showWarning } from './notifications';

const WARNED_KEY = 'qbo.expiryWarned';
/** Enough to cover every profile a user keeps; older entries are forgotten first. */
const MAX_REMEMBERED = 50;

export class ExpiryWarning {
  constructor(private readonly memory: vscode.Memento) {}

  /** Warns if the state's credentials expire soon and this was not said before. Returns whether it warned. */
  check(state: SingleState, now = Date.now()): boolean {
    if (state.kind !== 'session') return false;
    const { profile, credentials } = state.active;
    const expiry = expiryOf(expiryMillis(credentials), now);
    if (expiry.kind !== 'soon') return false;
    const key = `${profile.name}\u0000${expiry.at}`;
    const warned = this.memory.get<string[]>(WARNED_KEY, []);
    if (warned.includes(key)) return false;
    void this.memory.update(WARNED_KEY, [...warned, key].slice(-MAX_REMEMBERED));
    void showWarning(
      vscode.l10n.t(
        'The qbo credentials of "{0}" expire on {1}. Sign in again or create a service account before then.',
        profile.name,
        formatUtc(expiry.at),
      ),
    );
    return true;
  }
}
