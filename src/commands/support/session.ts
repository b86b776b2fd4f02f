// Getting a connected session for a command, or failing with why there is none.
import * as vscode from 'vscode';
import type { QboSession } from '../../session/session';
import type { CommandContext } from '../types';
import { ActionableError } from './boundary';

/** The current session once it is usable; otherwise throws (not signed in offers "Sign In"). */
export async function requireSession(context: CommandContext): Promise<QboSession> {
  await context.manager.ensureStarted();
  const session = context.manager.session;
  if (!session) throw new ActionableError(vscode.l10n.t('qbo: not signed in.'), { label: vscode.l10n.t('Sign In'), command: 'qbo.signIn' });
  if (session.status.kind !== 'ready') await session.whenReady(15_000);
  if (!session.connection.isOpen) throw new Error(vscode.l10n.t('qbo: not connected to {0}.', session.profile.host));
  return session;
}
