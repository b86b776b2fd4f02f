// Mirror pushes (PROTOCOL.md §6): every change goes to every open socket of the owner, never to
// anyone else, as CMD_WATCH data messages without a request uuid.
import { randomUUID } from 'node:crypto';
import { chunks, envelope, SUBCOMMANDS } from './envelope';
import type { ServerState } from './state';
import type { ChangeBatch } from './types';
import type { ChangeCause } from './userWorld';

/** Objects as they may go on the wire: without `--deleted-pushes`, deleted ones are left out. */
export function publishable<T extends object>(state: ServerState, objects: readonly T[]): readonly T[] {
  if (state.settings.deletedPushes) return objects;
  return objects.filter((object) => (object as { state?: unknown }).state !== 'deleted');
}

export function broadcastChanges(state: ServerState, user: string, batch: ChangeBatch, cause: ChangeCause): void {
  const sockets = state.socketsOf(user);
  if (sockets.size === 0) return;
  for (const { kind, objects } of batch) {
    for (const part of chunks(publishable(state, objects), state.settings.batchSize)) {
      for (const connection of sockets) {
        connection.send({
          ...envelope(connection, {
            code: 200,
            command: 'CMD_WATCH',
            subcommand: SUBCOMMANDS[kind],
            apicommand: 'APICMD_NONE',
            commandId: randomUUID(),
            commandLine: cause.commandLine,
            threadId: cause.threadId,
          }),
          [kind]: part,
        });
      }
    }
  }
}
