// Running a user command with progress, and reporting a failure once, with "Show Output".
// Start/stop/delete show their progress in the Clusters view (the row's own icon spins while the
// object is in a transitional state); only long work (adding clusters or nodes, kubeconfigs) gets
// a notification, with qbo's latest output line as its message.
import * as vscode from 'vscode';
import type { CommandResult } from '../../qbo/client';
import type { CommandLine } from '../../qbo/commandLine';
import type { QboSession } from '../../session/session';
import type { CommandContext } from '../types';
import { readSettings } from '../../settings';

/** Where progress shows: in the Clusters view, or as a notification for long or backgrounded work. */
export type ProgressPlace = 'view' | 'notification';

export const CLUSTERS_VIEW_ID = 'qbo.clusters';

export function progressLocation(place: ProgressPlace): vscode.ProgressOptions['location'] {
  return place === 'view' ? { viewId: CLUSTERS_VIEW_ID } : vscode.ProgressLocation.Notification;
}

export async function runWithProgress(
  context: CommandContext,
  session: QboSession,
  title: string,
  command: CommandLine,
  place: ProgressPlace,
): Promise<CommandResult | undefined> {
  try {
    return await vscode.window.withProgress({ location: progressLocation(place), title, cancellable: false }, (progress) =>
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

/**
 * One error notification for a failed user action, with "Show Output". The output panel itself
 * opens only if the user set qbo.revealOutputOnError (default off).
 */
export function reportFailure(context: CommandContext, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  context.output.error(message);
  if (readSettings().revealOutputOnError) context.output.show();
  const showOutput = vscode.l10n.t('Show Output');
  void vscode.window.showErrorMessage(message, showOutput).then((choice) => {
    if (choice === showOutput) context.output.show();
  });
}
