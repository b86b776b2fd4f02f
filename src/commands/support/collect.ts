// Running a user command with progress and collecting one payload of its replies, from every
// message of the command (so a reply that carries its data in the final message counts too).
import * as vscode from 'vscode';
import type { QboCommand } from '../../qbo/commands';
import type { PayloadKey, PayloadTypes } from '../../qbo/messages';
import type { QboSession } from '../../session/session';

export async function runCollecting<K extends PayloadKey>(
  session: QboSession,
  title: string,
  command: QboCommand,
  key: K,
): Promise<PayloadTypes[K][]> {
  const items: PayloadTypes[K][] = [];
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: false }, (progress) =>
    session.run(command, (event) => {
      const last = event.output[event.output.length - 1];
      if (last) progress.report({ message: last });
      for (const payload of event.message?.payloads ?? []) if (payload.key === key) items.push(...(payload.items as PayloadTypes[K][]));
    }),
  );
  return items;
}
