// Mirror pushes (docs/PROTOCOL.md §6, §8): changes, the command log (`input`) and the client list
// (`clients`) go to open sockets of the owner only, never to anyone else, without a request uuid.
import { randomUUID } from 'node:crypto';
import type { ClientConnection } from './connection';
import { chunks, envelope, SUBCOMMANDS } from './envelope';
import type { ServerState } from './state';
import type { ChangeBatch } from './types';
import type { ChangeCause } from './userWorld';

/** Observed node states (docs/PROTOCOL.md §4): a node that finished starting is `ready`, a stopped one `exited`. */
const OBSERVED_NODE_STATES: Record<string, string> = { running: 'ready', stopped: 'exited' };

/**
 * Objects as they go on the wire: without `--deleted-pushes`, deleted ones are left out; with
 * `--node-states observed`, nodes say `ready`/`exited` where the world says running/stopped.
 */
export function publishable(state: ServerState, key: string, objects: readonly object[]): readonly object[] {
  let shown = objects;
  if (!state.settings.deletedPushes) shown = shown.filter((object) => (object as { state?: unknown }).state !== 'deleted');
  if (key === 'nodes' && state.settings.nodeStates === 'observed') {
    shown = shown.map((object) => {
      const observed = OBSERVED_NODE_STATES[String((object as { state?: unknown }).state)];
      return observed !== undefined ? { ...object, state: observed } : object;
    });
  }
  return shown;
}

export function broadcastChanges(state: ServerState, user: string, batch: ChangeBatch, cause: ChangeCause): void {
  const sockets = state.socketsOf(user);
  if (sockets.size === 0) return;
  for (const { kind, objects } of batch) {
    for (const part of chunks(publishable(state, kind, objects), state.settings.batchSize)) {
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

/** One `clients` item per open socket of the user, fields in the spec's order. */
export function clientsOf(state: ServerState, user: string): Record<string, unknown>[] {
  return [...state.socketsOf(user)].map((connection) => ({
    timestamp: connection.connectedAt,
    user: connection.user,
    mirror: state.mirrorOf(user),
    control: 0,
    address: connection.peer,
    agent: connection.agent,
    command: connection.lastCommand,
    command_id: connection.lastCommandId,
    process_id: process.pid,
    thread_id: connection.threadId,
    wsi: connection.wsi,
    wss_over_h2: 0,
    host: connection.host,
  }));
}

/** A fresh `clients` list to every socket of the user (one of them connected or left). */
export function pushClients(state: ServerState, user: string): void {
  const sockets = state.socketsOf(user);
  if (sockets.size === 0) return;
  const clients = clientsOf(state, user);
  const threadId = state.nextThreadId();
  for (const connection of sockets) {
    connection.send({
      ...envelope(connection, {
        code: 200,
        command: 'CMD_WATCH',
        subcommand: SUBCOMMANDS.clients,
        apicommand: 'APICMD_NONE',
        commandId: randomUUID(),
        commandLine: '',
        threadId,
      }),
      clients,
    });
  }
}

/**
 * The mirror's command log: every other socket of the sender's user learns the command line,
 * with the sender's address, agent and wsi in the envelope (the request uuid stays private).
 */
export function pushInput(
  state: ServerState,
  sender: ClientConnection,
  command: { commandLine: string; commandId: string; threadId: number },
): void {
  for (const connection of state.socketsOf(sender.user)) {
    if (connection === sender) continue;
    connection.send({
      ...envelope(sender, {
        code: 200,
        command: 'CMD_INPUT',
        subcommand: 'SUBCMD_NONE',
        apicommand: 'APICMD_NONE',
        commandId: command.commandId,
        commandLine: command.commandLine,
        threadId: command.threadId,
        agent: sender.agent,
      }),
      input: [{ message: command.commandLine }],
    });
  }
}
