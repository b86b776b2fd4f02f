// Getting a connected session for a command, or telling the user why there is none.
import * as vscode from 'vscode';
import type { QboSession } from '../../session/session';
import type { CommandContext } from '../types';

/** The current session once it is usable; otherwise one clear message and undefined. */
export async function requireSession(context: CommandContext): Promise<QboSession | undefined> {
  await context.manager.ensureStarted();
  const session = context.manager.session;
  if (!session) {
    const signIn = vscode.l10n.t('Sign In');
    void vscode.window.showErrorMessage(vscode.l10n.t('qbo: not signed in.'), signIn).then((choice) => {
      if (choice === signIn) void vscode.commands.executeCommand('qbo.signIn');
    });
    return undefined;
  }
  if (session.status.kind !== 'ready') await session.whenReady(15_000);
  if (!session.connection.isOpen) {
    const showOutput = vscode.l10n.t('Show Output');
    void vscode.window.showErrorMessage(vscode.l10n.t('qbo: not connected to {0}.', session.profile.host), showOutput).then((choice) => {
      if (choice === showOutput) context.output.show();
    });
    return undefined;
  }
  return session;
}
