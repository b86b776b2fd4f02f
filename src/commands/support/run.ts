// Running a user command with progress (latest output line as the message). A failure is thrown
// to the command's boundary (support/boundary.ts), which reports it once.
import * as vscode from 'vscode';
import type { CommandResult } from '../../qbo/client';
import type { CommandLine } from '../../qbo/commandLine';
import type { QboSession } from '../../session/session';

export function runWithProgress(session: QboSession, title: string, command: CommandLine): Promise<CommandResult> {
  return Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: false }, (progress) =>
      session.run(command, (event) => {
        const last = event.output[event.output.length - 1];
        if (last) progress.report({ message: last });
      }),
    ),
  );
}
