// Running a user command with progress. A failure is thrown to the command's boundary
// (support/boundary.ts), which reports it once. Start/stop/delete show their progress in the
// Clusters view (the row's own icon spins while the object is in a transitional state); only long
// work (adding clusters or nodes, kubeconfigs) gets a notification, with qbo's latest output line.
import * as vscode from 'vscode';
import type { CommandResult } from '../../qbo/client';
import type { QboCommand } from '../../qbo/commands';
import type { QboSession } from '../../session/session';
import { progressLine, progressText } from '../../ui/safeText';

/** Where progress shows: in the Clusters view, or as a notification for long or backgrounded work. */
export type ProgressPlace = 'view' | 'notification';

export const CLUSTERS_VIEW_ID = 'qbo.clusters';

export function progressLocation(place: ProgressPlace): vscode.ProgressOptions['location'] {
  return place === 'view' ? { viewId: CLUSTERS_VIEW_ID } : vscode.ProgressLocation.Notification;
}

export function runWithProgress(session: QboSession, title: string, command: QboCommand, place: ProgressPlace): Promise<CommandResult> {
  return Promise.resolve(
    vscode.window.withProgress({ location: progressLocation(place), title: progressText(title), cancellable: false }, (progress) =>
      session.run(command, (event) => {
        const message = progressLine(event.output);
        if (message) progress.report({ message });
      }),
    ),
  );
}
