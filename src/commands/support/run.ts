// Running a user command with progress (latest output line as the message), and reporting a
// failure once, with "Show Output".
import * as vscode from 'vscode';
import type { CommandResult } from '../../qbo/client';
import type { CommandLine } from '../../qbo/commandLine';
import type { QboSession } from '../../session/session';
import type { CommandContext } from '../types';
import { readSettings } from '../../settings';

export async function runWithProgress(
  context: CommandContext,
  session: QboSession,
  title: string,
  command: CommandLine,
): Promise<CommandResult | undefined> {
  try {
    return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: false }, (progress) =>
      session.run(command, (event) => {
        const last = event.output[event.output.length - 1];
        if (last) progress.report({ message: last });
      }),
    );
  } catch (error) {
    reportFailure(context, error);
    return undefined;
  }
}

/** One error notification for a failed user action; the output channel shows it if allowed. */
export function reportFailure(context: CommandContext, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  context.output.error(message);
  if (readSettings().revealOutputOnError) context.output.show();
  const showOutput = vscode.l10n.t('Show Output');
  void vscode.window.showErrorMessage(message, showOutput).then((choice) => {
    if (choice === showOutput) context.output.show();
  });
}
