// A hostile server, on request (`--hostile ATTACKS`, `startEmulator({ hostile })`): each attack is
// something a malfunctioning or compromised qbo server could send, played over the real socket so
// the client's defences are tested end to end (docs/SECURITY.md, "Threat model"). An attack is
// named in a comma-separated list, optionally aimed at one cluster (`kubeconfig-exec@dev`); without
// a cluster it applies to every cluster. New attacks are added to ATTACKS with the hook they need.
import * as os from 'node:os';
import * as path from 'node:path';
import type { ClientConnection } from './connection';
import { envelope } from './envelope';
import type { KubeconfigData } from './kubeconfig';

export interface HostileContext {
  /** The file a program run by an attack would create: its existence proves the program ran. */
  marker: string;
}

interface AttackDefinition {
  /** One line for --help and the README. */
  description: string;
  /** Changes the kubeconfig served for a cluster (`get cluster NAME -k`). */
  kubeconfig?: (config: KubeconfigData, context: HostileContext) => void;
  /** Changes every message before it goes out on any socket (not aimed at a cluster). */
  outgoing?: (message: Record<string, unknown>) => Record<string, unknown>;
  /** Starts something on every socket as it connects (not aimed at a cluster). */
  connected?: (connection: ClientConnection, server: { threadId: number; closing: () => boolean }) => void;
}

/** The user name a kubeconfig attack points at: the entry kubeadm writes into ~/.kube/config. */
export const OUTSIDE_USER = 'kubernetes-admin';

function firstUser(config: KubeconfigData): Record<string, unknown> {
  const entry = config.users[0];
  if (!entry) throw new Error('the kubeconfig has no user');
  return entry.user;
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
function withHostileText(message: Record<string, unknown>): Record<string, unknown> {
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

/** Pods per flood message, and how much may wait in the socket's buffer before the flood waits for it. */
const FLOOD_BATCH = 500;
const FLOOD_BUFFER_BYTES = 4 * 1024 * 1024;

/**
 * `flood`: pushes pods with ids never seen before to `connection` until its socket closes, a batch
 * whenever the socket has drained below FLOOD_BUFFER_BYTES (so the emulator itself stays bounded).
 */
function startFlood(connection: ClientConnection, server: { threadId: number; closing: () => boolean }): void {
  let next = 0;
  const push = (): void => {
    const socket = connection.socket;
    if (server.closing() || socket.readyState !== socket.OPEN) return;
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
        threadId: server.threadId,
      }),
      pods,
    });
    setImmediate(push);
  };
  setImmediate(push);
}

const ATTACKS = {
  'kubeconfig-exec': {
    description: 'exec runs `touch MARKER`',
    kubeconfig: (config, { marker }) => {
      firstUser(config).exec = {
        apiVersion: 'client.authentication.k8s.io/v1',
        command: 'touch',
        args: [marker],
        interactiveMode: 'Never',
      };
    },
  },
  'kubeconfig-auth-provider': {
    description: 'gcp auth-provider runs `touch MARKER`',
    kubeconfig: (config, { marker }) => {
      firstUser(config)['auth-provider'] = { name: 'gcp', config: { 'cmd-path': 'touch', 'cmd-args': marker } };
    },
  },
  'kubeconfig-token-file': {
    description: 'tokenFile ~/.qbo/cli.json',
    kubeconfig: (config) => {
      firstUser(config).tokenFile = path.join(os.homedir(), '.qbo', 'cli.json');
    },
  },
  'kubeconfig-client-key-file': {
    description: 'client-key ~/.ssh/id_rsa',
    kubeconfig: (config) => {
      const user = firstUser(config);
      delete user['client-key-data'];
      user['client-key'] = path.join(os.homedir(), '.ssh', 'id_rsa');
    },
  },
  'kubeconfig-proxy-url': {
    description: 'proxy-url http://203.0.113.9:3128',
    kubeconfig: (config) => {
      const entry = config.clusters[0];
      if (entry) entry.cluster['proxy-url'] = 'http://203.0.113.9:3128';
    },
  },
  'kubeconfig-outside-user': {
    description: `context names user ${OUTSIDE_USER}`,
    kubeconfig: (config) => {
      const entry = config.contexts[0];
      if (entry) entry.context.user = OUTSIDE_USER;
    },
  },
  flood: {
    description: 'pushes pods with new ids without end (every socket)',
    connected: startFlood,
  },
  links: {
    description: 'command links, codicons and control characters in every output line and error status',
    outgoing: withHostileText,
  },
} satisfies Record<string, AttackDefinition>;

export type HostileAttackName = keyof typeof ATTACKS;
export const HOSTILE_ATTACK_NAMES = Object.keys(ATTACKS) as HostileAttackName[];

/** One attack of the list: its name, and the one cluster it is aimed at (every cluster when undefined). */
export interface HostileAttack {
  name: HostileAttackName;
  cluster?: string;
}

export interface HostileOptions {
  attacks: readonly HostileAttack[];
  /** Default: qbo-hostile-marker in the OS temp folder. */
  marker?: string;
}

export function defaultMarker(): string {
  return path.join(os.tmpdir(), 'qbo-hostile-marker');
}

/** The attacks, one `NAME: description` line each (for --help). */
export function hostileAttackList(indent: string): string {
  return HOSTILE_ATTACK_NAMES.map((name) => `${indent}${name}: ${ATTACKS[name].description}`).join('\n');
}

function isAttackName(value: string): value is HostileAttackName {
  return Object.hasOwn(ATTACKS, value);
}

/** Parses `kubeconfig-exec@dev,kubeconfig-outside-user`; throws a readable Error for an unknown name. */
export function parseHostileAttacks(list: string): HostileAttack[] {
  return list.split(',').map((item) => {
    const [name = '', cluster, extra] = item.trim().split('@');
    if (!isAttackName(name)) throw new Error(`unknown attack "${name.slice(0, 40)}" (one of ${HOSTILE_ATTACK_NAMES.join(', ')})`);
    if (extra !== undefined || (cluster !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(cluster)))
      throw new Error(`"${item.slice(0, 60)}": an attack is NAME or NAME@CLUSTER`);
    return cluster === undefined ? { name } : { name, cluster };
  });
}

/** What a running emulator plays: the attacks and where their marker goes. */
export class HostilePlan {
  readonly marker: string;
  constructor(
    readonly attacks: readonly HostileAttack[] = [],
    marker?: string,
  ) {
    for (const attack of attacks) if (!isAttackName(attack.name)) throw new RangeError(`unknown attack "${String(attack.name)}"`);
    this.marker = marker ?? defaultMarker();
  }

  private aimedAt(cluster: string): AttackDefinition[] {
    return this.attacks
      .filter((attack) => attack.cluster === undefined || attack.cluster === cluster)
      .map((attack) => ATTACKS[attack.name]);
  }

  /** The attacks on every message (a cluster in their name is ignored): undefined when there is none. */
  outgoing(): ((message: Record<string, unknown>) => Record<string, unknown>) | undefined {
    const rewrites = this.attacks
      .map((attack) => (ATTACKS[attack.name] as AttackDefinition).outgoing)
      .filter((rewrite) => rewrite !== undefined);
    if (rewrites.length === 0) return undefined;
    return (message) => rewrites.reduce((current, rewrite) => rewrite(current), message);
  }

  /** Starts the attacks that begin when a socket connects (a cluster in their name is ignored). */
  connected(connection: ClientConnection, server: { threadId: number; closing: () => boolean }): void {
    for (const attack of this.attacks) (ATTACKS[attack.name] as AttackDefinition).connected?.(connection, server);
  }

  /** Applies the kubeconfig attacks aimed at `cluster`; true when one changed it. */
  kubeconfig(cluster: string, config: KubeconfigData): boolean {
    let changed = false;
    for (const attack of this.aimedAt(cluster))
      if (attack.kubeconfig) {
        attack.kubeconfig(config, { marker: this.marker });
        changed = true;
      }
    return changed;
  }
}
