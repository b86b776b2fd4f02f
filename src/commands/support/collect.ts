// Running a user command with progress and collecting one payload of its replies, from every
// message of the command (so a reply that carries its data in the final message counts too).
import * as vscode from 'vscode';
import type { QboCommand } from '../../qbo/commands';
import type { PayloadKey, PayloadTypes } from '../../qbo/messages';
import type { QboSession } from '../../session/session';
import { progressLine, progressText } from '../../ui/safeText';

export async function runCollecting<K extends PayloadKey>(
  session: QboSession,
  title: string,
  command: QboCommand,
  key: K,
): Promise<PayloadTypes[K][]> {
  const items: PayloadTypes[K][] = [];
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: progressText(title), cancellable: false },
    (progress) =>
      session.run(command, (event) => {
        const message = progressLine(event.output);
        if (message) progress.report({ message });
        for (const payload of event.message?.payloads ?? []) if (payload.key === key) items.push(...(payload.items as PayloadTypes[K][]));
      }),
  );
  return items;
}
