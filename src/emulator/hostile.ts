// A hostile server, on request (`--hostile ATTACKS`, `startEmulator({ hostile })`): each attack is
// something a malfunctioning or compromised qbo server could send, played over the real socket so
// the client's defences are tested end to end (docs/SECURITY.md, "Threat model"). An attack is
// named in a comma-separated list, optionally aimed at one cluster (`kubeconfig-exec@dev`); without
// a cluster it applies to every cluster. New attacks are added to ATTACKS with the hook they need.
import * as os from 'node:os';
import * as path from 'node:path';
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
}

/** The user name a kubeconfig attack points at: the entry kubeadm writes into ~/.kube/config. */
export const OUTSIDE_USER = 'kubernetes-admin';

function firstUser(config: KubeconfigData): Record<string, unknown> {
  const entry = config.users[0];
  if (!entry) throw new Error('the kubeconfig has no user');
  return entry.user;
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
