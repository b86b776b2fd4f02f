// A hostile server (`--hostile ATTACKS`, a comma-separated list): the attacks docs/SECURITY.md's
// "malfunctioning or hostile server" may make, played over a real socket so the client's defences
// are tested as a user would meet them. Off by default; each attack is one name.
//   flood  pushes pods with new ids without end (CMD_WATCH, as fast as the socket drains)
//   links  puts command links, codicons and control characters into every output line (progress
//          included) and into the status of every error
import type { ClientConnection } from './connection';
import { envelope } from './envelope';

export const HOSTILE_ATTACKS = ['flood', 'links'] as const;
export type HostileAttack = (typeof HOSTILE_ATTACKS)[number];

/** The attacks named by a `--hostile` value; throws on a name that is not one. */
export function parseHostileAttacks(value: string): HostileAttack[] {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) throw new Error(`needs one or more of ${HOSTILE_ATTACKS.join(', ')}`);
  for (const name of names)
    if (!(HOSTILE_ATTACKS as readonly string[]).includes(name))
      throw new Error(`unknown attack "${name.slice(0, 40)}" (one of ${HOSTILE_ATTACKS.join(', ')})`);
  return [...new Set(names as HostileAttack[])];
}

/**
 * A link that would merge a kubeconfig into a file of the server's choosing and switch to it, with
 * every prompt skipped (the command's own arguments), as VS Code would render it in a notification.
 */
export const HOSTILE_LINK = `[Fix it now](command:qbo.mergeKubeconfig?${encodeURIComponent(
  JSON.stringify(['dev', { file: '/tmp/qbo-hostile-kubeconfig', setCurrent: true }]),
)})`;

/** What `links` adds to every output line and error status: a link, a bare command URI, codicons and control characters. */
export const HOSTILE_TEXT = `${HOSTILE_LINK} or command:qbo.signOut $(check) $(sync~spin)\u0007\u001b[2J\r\n\u202egnp.exe`;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `message` as a server playing `links` sends it: its output lines and, for an error, its status carry HOSTILE_TEXT. */
export function withHostileText(message: Record<string, unknown>): Record<string, unknown> {
  const output = message.output;
  const code = typeof message.code === 'number' ? message.code : 200;
  if (!Array.isArray(output) && code < 400) return message;
  return {
    ...message,
    ...(code >= 400 ? { status: `${typeof message.status === 'string' ? message.status : 'Error'} ${HOSTILE_TEXT}` } : {}),
    ...(Array.isArray(output)
      ? {
          output: output.map((line: unknown) =>
            isRecord(line) && typeof line.message === 'string' ? { ...line, message: `${line.message} ${HOSTILE_TEXT}` } : line,
          ),
        }
      : {}),
  };
}

/** The rewrite of every outgoing message for a set of attacks (undefined: messages go as they are). */
export function hostileRewrite(
  attacks: ReadonlySet<HostileAttack>,
): ((message: Record<string, unknown>) => Record<string, unknown>) | undefined {
  return attacks.has('links') ? withHostileText : undefined;
}

/** Pods per flood message, and how much may wait in the socket's buffer before the flood waits for it. */
const FLOOD_BATCH = 500;
const FLOOD_BUFFER_BYTES = 4 * 1024 * 1024;

/**
 * `flood`: pushes pods with ids never seen before to `connection` until its socket closes, a batch
 * whenever the socket has drained below FLOOD_BUFFER_BYTES (so the emulator itself stays bounded).
 */
export function startFlood(connection: ClientConnection, threadId: number, isClosing: () => boolean): void {
  let next = 0;
  const push = (): void => {
    const socket = connection.socket;
    if (isClosing() || socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > FLOOD_BUFFER_BYTES) {
      setTimeout(push, 5);
      return;
    }
    const pods = Array.from({ length: FLOOD_BATCH }, () => {
      const n = next++;
      return {
        name: `flood-${n}`,
        id: `flood-${connection.wsi}-${n}`,
        namespace: 'flood',
        address: '10.255.0.1',
        status: 'Running',
        ready: 1,
        started: 1,
        node: 'flood-node',
        node_status: 'running',
        cluster: 'flood',
        cluster_id: 'flood',
        user: connection.user,
      };
    });
    connection.send({
      ...envelope(connection, {
        code: 200,
        command: 'CMD_WATCH',
        subcommand: 'SUBCMD_POD',
        apicommand: 'APICMD_NONE',
        commandId: `flood-${next.toString(16)}`,
        commandLine: 'qbo flood',
        threadId,
      }),
      pods,
    });
    setImmediate(push);
  };
  setImmediate(push);
}
