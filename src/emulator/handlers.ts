// What each command of docs/PROTOCOL.md §3 does to a user's world. Handlers reply through
// `CommandReply` (data messages) and fail with CommandError (→ final 4xx message).
import type { ParsedCommand, Target } from '../qbo/commandLine';
import type { HostilePlan } from './hostile';
import { kubeconfigFor } from './kubeconfig';
import { addCluster, addNodes, deleteCluster, deleteNodes, startNodes, stopNodes, type Clock, type LifecycleContext } from './lifecycle';
import { DEFAULT_CLUSTER_NODES, DEFAULT_DOMAIN, DEFAULT_IMAGE, freeNodeAddresses, imageList } from './objects';
import { EMULATOR_AGENT, EMULATOR_VERSION, type WorldKind } from './types';
import type { ChangeCause, ClusterRecord, NodeRecord, UserWorld } from './userWorld';

/** start / stop / delete: one parsed shape with the verb as a field. */
type MachineCommand = Exclude<ParsedCommand, { verb: 'version' } | { verb: 'get' } | { verb: 'add' }>;

export type DataKey = WorldKind | 'users' | 'images' | 'clients' | 'cli' | 'version' | 'output';

export class CommandError extends Error {
  override readonly name = 'CommandError';
  constructor(
    readonly code: 400 | 403 | 404 | 409 | 500,
    message: string,
  ) {
    super(message);
  }
}

export interface CommandReply {
  /** Sends a data message (snapshots are taken now; large lists are split into several messages). */
  data(key: DataKey, objects: readonly object[]): void;
}

/** The signed-in client behind a command: what user-level commands need beyond the world. */
export interface SessionContext {
  readonly user: string;
  /** The user's connected clients (`get clients`). */
  clients(): object[];
  /** A new service account of this user; resolves with its cli.json (public key only). */
  createServiceAccount(): Promise<object>;
  /** The user's temporary-token configuration `{qbo_port, qbo_host, qbo_uid}`. */
  temporaryToken(): Promise<object>;
}

export interface HandlerContext {
  world: UserWorld;
  session: SessionContext;
  /** The server's host name as `version` reports it. */
  host: string;
  /** How this server talks (for `version`). */
  dialect: { replies: string; deletedPushes: boolean; nodeStates: string };
  clock: Clock;
  cause: ChangeCause;
  reply: CommandReply;
  speed: number;
  /** What a hostile server changes in its answers. */
  hostile: HostilePlan;
}

function lifecycle(ctx: HandlerContext): LifecycleContext {
  return { world: ctx.world, clock: ctx.clock, cause: ctx.cause };
}

function isAll(target: Target): boolean {
  return 'all' in target || target.names.length === 0;
}

/** Clusters named by a target (names or 8-hex short ids); every name must exist. */
function resolveClusters(world: UserWorld, target: Target): ClusterRecord[] {
  if (isAll(target)) return [...world.clusters.values()];
  const found = new Set<ClusterRecord>();
  for (const name of 'names' in target ? target.names : []) {
    const matches = world.resolveClusters(name);
    if (matches.length === 0) throw new CommandError(404, `cluster "${name}" not found`);
    if (matches.length > 1) throw new CommandError(409, `short id "${name}" matches ${matches.length} clusters; use the name`);
    found.add(matches[0] as ClusterRecord);
  }
  return [...found];
}

/** Nodes named by a target, grouped by cluster; every name must exist. */
function resolveNodes(world: UserWorld, target: Target, verb: string): Map<ClusterRecord, NodeRecord[]> {
  const groups = new Map<ClusterRecord, NodeRecord[]>();
  const add = (cluster: ClusterRecord, node: NodeRecord): void => {
    const list = groups.get(cluster) ?? [];
    if (!list.includes(node)) list.push(node);
    groups.set(cluster, list);
  };
  if (isAll(target)) {
    for (const cluster of world.clusters.values()) {
      if (cluster.deleting) continue;
      for (const node of cluster.nodes.values()) if (node.wire.state !== 'deleting') add(cluster, node);
    }
    return groups;
  }
  for (const name of 'names' in target ? target.names : []) {
    const matches = world.resolveNodes(name);
    if (matches.length === 0) throw new CommandError(404, `node "${name}" not found`);
    if (matches.length > 1) throw new CommandError(409, `short id "${name}" matches ${matches.length} nodes; use the name`);
    const { cluster, node } = matches[0] as { cluster: ClusterRecord; node: NodeRecord };
    if (cluster.deleting || node.wire.state === 'deleting')
      throw new CommandError(409, `cannot ${verb} node "${name}": it is being deleted`);
    add(cluster, node);
  }
  return groups;
}

function liveNodes(record: ClusterRecord): NodeRecord[] {
  return [...record.nodes.values()].filter((node) => node.wire.state !== 'deleting');
}

function replyClusters(ctx: HandlerContext, records: Iterable<ClusterRecord>, nodes?: NodeRecord[]): void {
  const list = [...records];
  ctx.reply.data(
    'clusters',
    list.map((record) => record.wire),
  );
  const nodeWires = nodes ? nodes.map((node) => node.wire) : list.flatMap((record) => [...record.nodes.values()].map((node) => node.wire));
  ctx.reply.data('nodes', nodeWires);
}

async function get(ctx: HandlerContext, command: Extract<ParsedCommand, { verb: 'get' }>): Promise<void> {
  const { world, reply } = ctx;
  if (command.kind === 'clients') return reply.data('clients', ctx.session.clients());
  if ('createServiceAccount' in command) {
    // E-mail addresses compare case-insensitively; anyone else's account is not yours to create.
    if (command.createServiceAccount.toLowerCase() !== ctx.session.user.toLowerCase())
      throw new CommandError(403, `you can create a service account for your own e-mail address only (${ctx.session.user})`);
    const cli = await ctx.session.createServiceAccount();
    return reply.data('users', [{ ...world.userWire, cli }]);
  }
  if ('cliConfiguration' in command) return reply.data('cli', [await ctx.session.temporaryToken()]);
  // Users and images are not per cluster: names do not filter them.
  if (command.kind === 'users') return reply.data('users', [world.userWire]);
  if (command.kind === 'images') return reply.data('images', imageList());
  const records = resolveClusters(world, command.target);
  if (command.kubeconfig) {
    const record = records[0] as ClusterRecord;
    return reply.data('output', [{ kubeconfig: kubeconfigFor(record, ctx.hostile) }]);
  }
  reply.data(command.kind, world.list(command.kind, records));
}

async function startOrStop(ctx: HandlerContext, command: MachineCommand & { verb: 'start' | 'stop' }): Promise<void> {
  const transition = command.verb === 'start' ? startNodes : stopNodes;
  const life = lifecycle(ctx);
  if (command.kind === 'clusters') {
    let records = resolveClusters(ctx.world, command.target);
    const deleting = records.find((record) => record.deleting);
    if (deleting && !isAll(command.target))
      throw new CommandError(409, `cannot ${command.verb} cluster "${deleting.wire.name}": it is being deleted`);
    records = records.filter((record) => !record.deleting);
    const done = Promise.all(records.map((record) => transition(life, record, liveNodes(record))));
    replyClusters(ctx, records);
    await done;
    replyClusters(ctx, records);
    return;
  }
  const groups = resolveNodes(ctx.world, command.target, command.verb);
  const done = Promise.all([...groups].map(([record, nodes]) => transition(life, record, nodes)));
  const nodes = [...groups.values()].flat();
  replyClusters(ctx, groups.keys(), nodes);
  await done;
  replyClusters(ctx, groups.keys(), nodes);
}

async function remove(ctx: HandlerContext, command: MachineCommand): Promise<void> {
  const life = lifecycle(ctx);
  if (command.kind === 'clusters') {
    // A cluster already being deleted is left to the deletion under way (no-op success).
    const records = resolveClusters(ctx.world, command.target).filter((record) => !record.deleting);
    const done = Promise.all(records.map((record) => deleteCluster(life, record)));
    replyClusters(ctx, records);
    const results = await done;
    ctx.reply.data(
      'clusters',
      results.flatMap((result) => result.clusters),
    );
    ctx.reply.data(
      'nodes',
      results.flatMap((result) => result.nodes),
    );
    return;
  }
  const groups = resolveNodes(ctx.world, command.target, 'delete');
  const done = Promise.all([...groups].map(([record, nodes]) => deleteNodes(life, record, nodes)));
  replyClusters(ctx, groups.keys(), [...groups.values()].flat());
  const deleted = await done;
  ctx.reply.data(
    'clusters',
    [...groups.keys()].filter((record) => ctx.world.clusters.has(record.wire.id)).map((record) => record.wire),
  );
  ctx.reply.data('nodes', deleted.flat());
}

async function add(ctx: HandlerContext, command: Extract<ParsedCommand, { verb: 'add' }>): Promise<void> {
  const { world } = ctx;
  const life = lifecycle(ctx);
  if (command.kind === 'clusters') {
    const seen = new Set<string>();
    for (const name of command.names) {
      if (seen.has(name)) throw new CommandError(409, `cluster "${name}" is named twice`);
      seen.add(name);
      if (world.clusterByName(name)) throw new CommandError(409, `cluster "${name}" already exists`);
    }
    const count = command.nodes ?? DEFAULT_CLUSTER_NODES;
    const started = command.names.map((name) =>
      addCluster(life, { name, image: command.image ?? DEFAULT_IMAGE, domain: command.domain ?? DEFAULT_DOMAIN, nodes: count }),
    );
    const records = started.map((entry) => entry.record);
    ctx.reply.data(
      'clusters',
      records.map((record) => record.wire),
    );
    ctx.reply.data(
      'networks',
      records.map((record) => record.network),
    );
    ctx.reply.data('nodes', world.list('nodes', records));
    await Promise.all(started.map((entry) => entry.done));
    const present = records.filter((record) => world.clusters.has(record.wire.id));
    for (const kind of ['clusters', 'nodes', 'pods', 'services', 'ipvs'] as const) ctx.reply.data(kind, world.list(kind, present));
    return;
  }
  const matches = world.resolveClusters(command.cluster);
  if (matches.length === 0) throw new CommandError(404, `cluster "${command.cluster}" not found`);
  if (matches.length > 1) throw new CommandError(409, `short id "${command.cluster}" matches ${matches.length} clusters; use the name`);
  const record = matches[0] as ClusterRecord;
  const name = record.wire.name;
  if (record.deleting) throw new CommandError(409, `cannot add nodes to cluster "${name}": it is being deleted`);
  if (record.wire.state === 'stopped' || record.wire.state === 'stopping') {
    throw new CommandError(409, `cannot add nodes to cluster "${name}": it is ${record.wire.state}; start it first`);
  }
  const count = command.nodes ?? 1;
  if (count > freeNodeAddresses(record))
    throw new CommandError(409, `cluster "${name}" has room for ${freeNodeAddresses(record)} more nodes`);
  const { nodes, done } = addNodes(life, record, count);
  replyClusters(ctx, [record], nodes);
  await done;
  replyClusters(ctx, world.clusters.has(record.wire.id) ? [record] : [], nodes);
}

function version(ctx: HandlerContext): void {
  const { replies, deletedPushes, nodeStates } = ctx.dialect;
  // The observed reply (docs/PROTOCOL.md §4): `{qbo_cli}` and `{docker_api, docker_version, qbo_api,
  // host}`, read by the vendor's own scripts as `.version[]?.qbo_api`; the emulator's details follow.
  ctx.reply.data('version', [
    { qbo_cli: EMULATED_CLI },
    { docker_api: EMULATED_DOCKER_API, docker_version: EMULATED_DOCKER_VERSION, qbo_api: EMULATED_API, host: ctx.host },
    {
      version: `qbo emulator ${EMULATOR_VERSION} (qbo API ${EMULATED_API}, ${replies} replies)`,
      release: EMULATOR_VERSION,
      api: EMULATED_API,
      agent: EMULATOR_AGENT,
      replies,
      deleted_pushes: deletedPushes ? 'on' : 'off',
      node_states: nodeStates,
      speed: ctx.speed,
      node: process.version,
    },
  ]);
}

/** The vendor API release whose documented behaviour the emulator plays. */
export const EMULATED_API = 'cloud-4.3.0';
/** The rest of the observed `version` reply: made-up but well-formed values. */
const EMULATED_CLI = 'cloud-4.3.0';
const EMULATED_DOCKER_API = '1.45';
const EMULATED_DOCKER_VERSION = '26.1.4';

/** Runs one parsed command. Resolves when its effect is complete (transitions finished). */
export async function executeCommand(command: ParsedCommand, ctx: HandlerContext): Promise<void> {
  switch (command.verb) {
    case 'version':
      return version(ctx);
    case 'get':
      return get(ctx, command);
    case 'start':
    case 'stop':
    case 'delete':
      return command.verb === 'delete' ? remove(ctx, command) : startOrStop(ctx, { ...command, verb: command.verb });
    case 'add':
      return add(ctx, command);
  }
}
