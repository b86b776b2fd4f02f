// The commands this client sends, as typed values (docs/PROTOCOL.md §3): verb, kind, the objects
// they act on (each by name or by full id), flags. A value is rendered to the wire text in one
// place, renderCommand(), which validates every token; whatever the session needs to know about a
// command it sent (what to re-list after it) it reads from the value, never from the text.
// The grammar's patterns and the parser of other clients' command lines are in commandLine.ts.
import {
  countProblem,
  describeValue,
  domainProblem,
  emailProblem,
  GET_KINDS,
  imageProblem,
  InvalidArgumentError,
  nameProblem,
  type GetKind,
  type MachineKind,
} from './commandLine';

export type MachineVerb = 'start' | 'stop' | 'delete';

/** How a command names one object on the wire: by its name, or by its full id (never a short id). */
export type ObjectRef = { readonly name: string } | { readonly id: string };

/** An object a command acts on, and the name of the cluster whose objects the command changes. */
export interface CommandTarget {
  readonly ref: ObjectRef;
  /** What the session re-lists after the command; undefined when unknown (then it re-lists everything). */
  readonly cluster: string | undefined;
}

/** Every object the user owns (`-A`), or the listed ones. */
export type Targets = 'all' | readonly CommandTarget[];

export type QboCommand =
  | { readonly verb: 'version' }
  /** `get KIND [CLUSTER...|-A]`: a listing, filtered by cluster. */
  | { readonly verb: 'get'; readonly kind: GetKind; readonly clusters: 'all' | readonly ObjectRef[] }
  /** `get cluster NAME -k` */
  | { readonly verb: 'get'; readonly kind: 'kubeconfig'; readonly cluster: ObjectRef }
  /** `get clients` */
  | { readonly verb: 'get'; readonly kind: 'clients' }
  /** `get user -c EMAIL` */
  | { readonly verb: 'get'; readonly kind: 'service-account'; readonly email: string }
  /** `get user -l` */
  | { readonly verb: 'get'; readonly kind: 'cli-configuration' }
  | { readonly verb: MachineVerb; readonly kind: MachineKind; readonly targets: Targets }
  | {
      readonly verb: 'add';
      readonly kind: 'clusters';
      readonly names: readonly string[];
      readonly image?: string;
      readonly nodes?: number;
      readonly domain?: string;
    }
  | { readonly verb: 'add'; readonly kind: 'nodes'; readonly cluster: CommandTarget; readonly nodes?: number };

function checked(argument: string, value: string, problem: (value: string) => string | undefined): string {
  const reason = typeof value === 'string' ? problem(value) : 'it is not text';
  if (reason) throw new InvalidArgumentError(argument, `${describeValue(String(value))}: ${reason}`);
  return value;
}

function refToken(argument: string, ref: ObjectRef): string {
  // Every full id (a node's 64-hex id, a cluster's UUID) is also a valid name token (docs/PROTOCOL.md §3).
  return 'name' in ref ? checked(argument, ref.name, nameProblem) : checked(`${argument} (id)`, ref.id, nameProblem);
}

function refTokens(argument: string, refs: readonly ObjectRef[]): string[] {
  return refs.map((ref, index) => refToken(refs.length > 1 ? `${argument} #${index + 1}` : argument, ref));
}

function countToken(value: number): string {
  return String(Number(checked('node count', String(value), countProblem)));
}

/** The wire text of a command (what goes into `{"cmd": …}`), every value validated. Throws InvalidArgumentError. */
export function renderCommand(command: QboCommand): string {
  switch (command.verb) {
    case 'version':
      return 'version';
    case 'get':
      switch (command.kind) {
        case 'kubeconfig':
          return ['get', 'cluster', refToken('cluster name', command.cluster), '-k'].join(' ');
        case 'clients':
          return 'get clients';
        case 'service-account':
          return `get user -c ${checked('e-mail address', command.email, emailProblem)}`;
        case 'cli-configuration':
          return 'get user -l';
        default: {
          if (!GET_KINDS.includes(command.kind))
            throw new InvalidArgumentError('kind', `${describeValue(String(command.kind))} is not a kind qbo lists`);
          const filter = command.clusters === 'all' ? ['-A'] : refTokens('cluster name', command.clusters);
          return ['get', command.kind, ...(filter.length > 0 ? filter : ['-A'])].join(' ');
        }
      }
    case 'start':
    case 'stop':
    case 'delete': {
      const { verb, kind, targets } = command;
      if (kind !== 'clusters' && kind !== 'nodes')
        throw new InvalidArgumentError('kind', `${describeValue(String(kind))} cannot be ${verb}ed`);
      const argument = kind === 'clusters' ? 'cluster name' : 'node name';
      if (targets !== 'all' && targets.length === 0) throw new InvalidArgumentError(argument, 'at least one name is required');
      const tokens =
        targets === 'all'
          ? ['-A']
          : refTokens(
              argument,
              targets.map((target) => target.ref),
            );
      return [verb, kind, ...tokens].join(' ');
    }
    case 'add': {
      if (command.kind === 'nodes') {
        const tokens = ['add', 'node', refToken('cluster name', command.cluster.ref)];
        if (command.nodes !== undefined) tokens.push('-n', countToken(command.nodes));
        return tokens.join(' ');
      }
      if (command.names.length === 0) throw new InvalidArgumentError('cluster name', 'at least one name is required');
      const tokens = [
        'add',
        'cluster',
        ...refTokens(
          'cluster name',
          command.names.map((name) => ({ name })),
        ),
      ];
      if (command.image !== undefined) tokens.push('-i', checked('image', command.image, imageProblem));
      if (command.nodes !== undefined) tokens.push('-n', countToken(command.nodes));
      if (command.domain !== undefined) tokens.push('-d', checked('domain', command.domain, domainProblem));
      return tokens.join(' ');
    }
  }
}

/** Builds a command and renders it once, so that a value nobody could send fails where it is made. */
function built<T extends QboCommand>(command: T): T {
  renderCommand(command);
  return Object.freeze(command);
}

export const byName = (name: string): ObjectRef => ({ name });
export const byId = (id: string): ObjectRef => ({ id });

export function versionCommand(): QboCommand {
  return built({ verb: 'version' });
}

/** `get KIND [CLUSTER...]`; no clusters (or 'all') lists everything (`-A`). */
export function getCommand(kind: GetKind, clusters: 'all' | readonly ObjectRef[] = 'all'): QboCommand {
  return built({ verb: 'get', kind, clusters });
}

/** `get cluster NAME -k`: the cluster's kubeconfig (docs/PROTOCOL.md §5). */
export function kubeconfigCommand(cluster: ObjectRef): QboCommand {
  return built({ verb: 'get', kind: 'kubeconfig', cluster });
}

/** `get clients`: the clients attached to the user's mirror (docs/PROTOCOL.md §8). */
export function clientsCommand(): QboCommand {
  return built({ verb: 'get', kind: 'clients' });
}

/** `get user -c EMAIL`: creates a service account for the signed-in user (docs/PROTOCOL.md §2, §8). */
export function createServiceAccountCommand(email: string): QboCommand {
  return built({ verb: 'get', kind: 'service-account', email });
}

/** `get user -l`: the signed-in user's CLI configuration (`cli: [{qbo_port, qbo_host, qbo_uid}]`). */
export function cliConfigurationCommand(): QboCommand {
  return built({ verb: 'get', kind: 'cli-configuration' });
}

export function machineCommand(verb: MachineVerb, kind: MachineKind, targets: Targets): QboCommand {
  return built({ verb, kind, targets });
}
export const startCommand = (kind: MachineKind, targets: Targets): QboCommand => machineCommand('start', kind, targets);
export const stopCommand = (kind: MachineKind, targets: Targets): QboCommand => machineCommand('stop', kind, targets);
export const deleteCommand = (kind: MachineKind, targets: Targets): QboCommand => machineCommand('delete', kind, targets);

/** References by name (names the user typed, or tests). */
export function byNames(...names: string[]): ObjectRef[] {
  return names.map(byName);
}

/**
 * Targets named by the user (not taken from the inventory): a cluster's own name is its cluster;
 * a node's cluster is unknown, so the re-list after it covers everything.
 */
export function namedTargets(kind: MachineKind, ...names: string[]): CommandTarget[] {
  return names.map((name) => ({ ref: { name }, cluster: kind === 'clusters' ? name : undefined }));
}

export interface AddClusterOptions {
  image?: string;
  nodes?: number | string;
  domain?: string;
}

/** `add cluster NAME... [-i IMAGE] [-n COUNT] [-d DOMAIN]`. */
export function addClusterCommand(names: readonly string[], options: AddClusterOptions = {}): QboCommand {
  const nodes = options.nodes === undefined ? undefined : Number(checked('node count', String(options.nodes).trim(), countProblem));
  return built({
    verb: 'add',
    kind: 'clusters',
    names: [...names],
    ...(options.image !== undefined ? { image: options.image } : {}),
    ...(nodes !== undefined ? { nodes } : {}),
    ...(options.domain !== undefined ? { domain: options.domain } : {}),
  });
}

/** `add node CLUSTER [-n COUNT]`: scales a cluster up. */
export function addNodeCommand(cluster: CommandTarget, count?: number | string): QboCommand {
  const nodes = count === undefined ? undefined : Number(checked('node count', String(count).trim(), countProblem));
  return built({ verb: 'add', kind: 'nodes', cluster, ...(nodes !== undefined ? { nodes } : {}) });
}

/** What a command changes, for the re-list after it: nothing, everything, or the named clusters' objects. */
export type CommandScope = { readonly everything: true } | { readonly clusters: readonly string[] };

/** The scope of a command this client built; undefined for one that changes nothing (`get`, `version`). */
export function commandScope(command: QboCommand): CommandScope | undefined {
  switch (command.verb) {
    case 'version':
    case 'get':
      return undefined;
    case 'add':
      if (command.kind === 'clusters') return { clusters: [...command.names] };
      return command.cluster.cluster === undefined ? { everything: true } : { clusters: [command.cluster.cluster] };
    default: {
      if (command.targets === 'all') return { everything: true };
      const clusters = new Set<string>();
      for (const target of command.targets) {
        // A node whose cluster is not known could be anywhere.
        if (target.cluster === undefined) return { everything: true };
        clusters.add(target.cluster);
      }
      return { clusters: [...clusters] };
    }
  }
}
