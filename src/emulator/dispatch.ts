// Dispatch: a frame from a socket becomes a command (or a 400 for a bad frame), runs through the
// handlers, and is answered with the lifecycle 202 → 201 → data → CMD_DONE (or a final 4xx/500).
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type WebSocket from 'ws';
import { CommandSyntaxError, parseCommandLine, type ParsedCommand } from '../qbo/commandLine';
import { commandFrameSchema } from '../qbo/messages';
import type { ClientConnection } from './connection';
import { createServiceAccountFor, temporaryTokenFor } from './accounts';
import { clientsOf, publishable, pushInput } from './broadcast';
import { apicommandOf, chunks, commandNames, envelope, SUBCOMMANDS } from './envelope';
import { CommandError, executeCommand, type DataKey } from './handlers';
import type { ServerState } from './state';

function sendBadFrame(state: ServerState, connection: ClientConnection, reason: string): void {
  connection.send({
    ...envelope(connection, {
      code: 400,
      command: 'CMD_DONE',
      subcommand: 'SUBCMD_DONE',
      apicommand: 'APICMD_DONE',
      commandId: randomUUID(),
      commandLine: '',
      threadId: state.nextThreadId(),
    }),
    output: [{ message: reason }],
  });
}

/**
 * Runs one command and answers it. `lifecycle`: 202 → 201 → data → CMD_DONE (errors: a final
 * CMD_DONE with the code). `single` (docs/PROTOCOL.md §8): exactly one message, sent when the work is
 * done: the data of a get or version, a 200 with output for start/stop/add/delete, or the 4xx/500.
 */
async function runCommand(state: ServerState, connection: ClientConnection, cmd: string, uuid: string): Promise<void> {
  const startedAt = performance.now();
  const commandId = randomUUID();
  const threadId = state.nextThreadId();
  const commandLine = `qbo ${cmd.trim()}`;
  const base = { commandId, commandLine, threadId, uuid };
  connection.lastCommand = commandLine;
  connection.lastCommandId = commandId;
  pushInput(state, connection, { commandLine, commandId, threadId });
  const single = state.settings.replies === 'single';
  const doneFields = { command: 'CMD_DONE', subcommand: 'SUBCMD_DONE', apicommand: 'APICMD_DONE' };
  let parsed: ParsedCommand | undefined;
  const fail = (code: number, reason: string): void => {
    const fields = !single
      ? doneFields
      : parsed
        ? { ...commandNames(parsed), apicommand: apicommandOf(parsed) }
        : { command: 'CMD_NONE', subcommand: 'SUBCMD_NONE', apicommand: 'APICMD_NONE' };
    connection.send({ ...envelope(connection, { ...base, ...fields, code }), output: [{ message: reason }] });
  };
  try {
    parsed = parseCommandLine(cmd);
  } catch (error) {
    // A command that does not parse is never accepted: one final 400.
    fail(400, error instanceof CommandSyntaxError ? error.message : 'cannot parse the command');
    return;
  }
  const names = commandNames(parsed);
  const apicommand = apicommandOf(parsed);
  const returnsData = parsed.verb === 'get' || parsed.verb === 'version';
  const step = (code: number, message: string): void => {
    connection.send({ ...envelope(connection, { ...base, ...names, apicommand: 'APICMD_NONE', code }), output: [{ message }] });
  };
  if (!single) {
    step(202, 'command accepted');
    step(201, `thread '${threadId}' started`);
  }
  /** Single mode: everything a get answers, sent as one message at the end. */
  const collected = new Map<DataKey, object[]>();
  const { speed, batchSize, hostile, log } = state.settings;
  try {
    await executeCommand(parsed, {
      world: state.worldOf(connection.user),
      host: hostname(),
      dialect: state.settings,
      session: {
        user: connection.user,
        clients: () => clientsOf(state, connection.user),
        createServiceAccount: () => createServiceAccountFor(state, connection),
        temporaryToken: () => temporaryTokenFor(state, connection),
      },
      clock: state.clock,
      cause: { commandLine, threadId },
      speed,
      hostile,
      reply: {
        data: (key, objects) => {
          const shown = publishable(state, key, objects);
          if (single) {
            // start/stop/add/delete answer with output only; their objects arrive as mirror pushes.
            if (returnsData) collected.set(key, [...(collected.get(key) ?? []), ...shown.map((object) => ({ ...object }))]);
            return;
          }
          if (shown.length === 0 && objects.length > 0) return;
          for (const part of chunks(shown, batchSize)) {
            connection.send({
              ...envelope(connection, { ...base, command: names.command, subcommand: SUBCOMMANDS[key], apicommand, code: 200 }),
              [key]: part.map((object) => ({ ...object })),
            });
          }
        },
      },
    });
  } catch (error) {
    if (error instanceof CommandError) fail(error.code, error.message);
    else {
      log(`internal error in "${commandLine}": ${error instanceof Error ? error.message : String(error)}`);
      fail(500, 'internal error in the emulator');
    }
    return;
  }
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(6);
  const terminated = { output: [{ message: `thread '${threadId}' terminated in ${seconds}s` }] };
  if (!single) {
    connection.send({ ...envelope(connection, { ...base, ...doneFields, code: 200 }), ...terminated });
    return;
  }
  const [firstKey] = collected.keys();
  const subcommand = firstKey !== undefined ? SUBCOMMANDS[firstKey] : names.subcommand;
  const payloads = returnsData ? Object.fromEntries(collected) : terminated;
  connection.send({ ...envelope(connection, { ...base, command: names.command, subcommand, apicommand, code: 200 }), ...payloads });
}

/** One inbound frame: a command object as text, or a 400 that leaves the connection open. */
export function handleFrame(state: ServerState, connection: ClientConnection, data: WebSocket.RawData, isBinary: boolean): void {
  if (isBinary) return sendBadFrame(state, connection, 'binary frames are not commands; send {"cmd": "...", "uuid": "..."} as text');
  const text = Buffer.isBuffer(data)
    ? data.toString('utf8')
    : Array.isArray(data)
      ? Buffer.concat(data).toString('utf8')
      : Buffer.from(data).toString('utf8');
  let decoded: unknown;
  try {
    decoded = JSON.parse(text);
  } catch {
    return sendBadFrame(state, connection, 'frame is not JSON');
  }
  const frame = commandFrameSchema.safeParse(decoded);
  if (!frame.success) return sendBadFrame(state, connection, 'a command is a JSON object {"cmd": "<command line>", "uuid": "<uuid>"}');
  runCommand(state, connection, frame.data.cmd, frame.data.uuid).catch((error: unknown) => {
    state.settings.log(`command failed: ${error instanceof Error ? error.message : String(error)}`);
  });
}
