// Running a user command with progress and collecting one payload of its replies, from every
// message of the command (so a reply that carries its data in the final message counts too).
import * as vscode from 'vscode';
import type { CommandLine } from '../../qbo/commandLine';
import type { PayloadKey, PayloadTypes } from '../../qbo/messages';
import type { QboSession } from '../../session/session';
import { progressText } from '../../ui/safeText';

export async function runCollecting<K extends PayloadKey>(
  session: QboSession,
  title: string,
  command: CommandLine,
  key: K,
): Promise<PayloadTypes[K][]> {
  const items: PayloadTypes[K][] = [];
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: progressText(title), cancellable: false },
    (progress) =>
      session.run(command, (event) => {
        const last = event.output[event.output.length - 1];
        if (last) progress.report({ message: progressText(last) });
        for (const payload of event.message?.payloads ?? []) if (payload.key === key) items.push(...(payload.items as PayloadTypes[K][]));
      }),
  );
  return items;
}
