// Dispatch: a frame from a socket becomes a command (or a 400 for a bad frame), runs through the
// handlers, and is answered with the lifecycle 202 → 201 → data → CMD_DONE (or a final 4xx/500).
import { randomUUID } from 'node:crypto';
import type WebSocket from 'ws';
import { CommandSyntaxError, parseCommandLine, type ParsedCommand } from '../qbo/commandLine';
import { commandFrameSchema } from '../qbo/messages';
import type { ClientConnection } from './connection';
import { chunks, commandNames, envelope, SUBCOMMANDS } from './envelope';
import { CommandError, executeCommand } from './handlers';
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

async function runCommand(state: ServerState, connection: ClientConnection, cmd: string, uuid: string): Promise<void> {
  const startedAt = performance.now();
  const commandId = randomUUID();
  const threadId = state.nextThreadId();
  const commandLine = `qbo ${cmd.trim()}`;
  const base = { commandId, commandLine, threadId, uuid };
  const finalFields = { command: 'CMD_DONE', subcommand: 'SUBCMD_DONE', apicommand: 'APICMD_DONE' };
  const fail = (code: number, reason: string): void => {
    connection.send({ ...envelope(connection, { ...base, ...finalFields, code }), output: [{ message: reason }] });
  };
  let parsed: ParsedCommand;
  try {
    parsed = parseCommandLine(cmd);
  } catch (error) {
    // A command that does not parse is never accepted: one final 400.
    fail(400, error instanceof CommandSyntaxError ? error.message : 'cannot parse the command');
    return;
  }
  const names = commandNames(parsed);
  const step = (code: number, message: string): void => {
    connection.send({ ...envelope(connection, { ...base, ...names, apicommand: 'APICMD_NONE', code }), output: [{ message }] });
  };
  step(202, 'command accepted');
  step(201, `thread '${threadId}' started`);
  const { speed, batchSize, log } = state.settings;
  try {
    await executeCommand(parsed, {
      world: state.worldOf(connection.user),
      clock: state.clock,
      cause: { commandLine, threadId },
      speed,
      reply: {
        data: (key, objects) => {
          for (const part of chunks(objects, batchSize)) {
            connection.send({
              ...envelope(connection, {
                ...base,
                command: names.command,
                subcommand: SUBCOMMANDS[key],
                apicommand: 'APICMD_NONE',
                code: 200,
              }),
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
  connection.send({
    ...envelope(connection, { ...base, ...finalFields, code: 200 }),
    output: [{ message: `thread '${threadId}' terminated in ${seconds}s` }],
  });
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
