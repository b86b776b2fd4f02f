// Timed transitions (docs/PROTOCOL.md §4, decided): clusters and nodes move starting → running,
// stopping → stopped, deleting → deleted; pods follow their nodes (Pending → Running, Unknown when
// stopped). Every step is published as its own change, so at speed 0 intermediate states are
// still separate mirror pushes, just without waiting.
import { addDaemonPods, addIpvsForNode, addNode, createClusterRecord, provisionCluster, setPodPhase } from './objects';
import type { ClusterWire, NodeRole, NodeWire, PodWire } from './types';
import { Changes, refreshClusterState, type ChangeCause, type ClusterRecord, type NodeRecord, type UserWorld } from './userWorld';

/** Simulated durations in seconds at speed 1. */
export const DURATIONS = {
  nodeBoot: 4,
  podStart: 2,
  nodeStop: 2,
  delete: 2,
} as const;

export class ClockStoppedError extends Error {
  override readonly name = 'ClockStoppedError';
}

/** Scales simulated time by `speed`; `stop()` ends every pending sleep (emulator shutdown). */
export class Clock {
  private readonly pending = new Set<{ timer: NodeJS.Timeout | NodeJS.Immediate; reject: (error: Error) => void; immediate: boolean }>();
  private stopped = false;

  constructor(readonly speed: number) {}

  sleep(seconds: number): Promise<void> {
    if (this.stopped) return Promise.reject(new ClockStoppedError('emulator stopped'));
    return new Promise<void>((resolve, reject) => {
      const immediate = this.speed === 0;
      const entry = {
        immediate,
        reject,
        // Speed 0 still yields to the event loop, so earlier steps reach the sockets first.
        timer: immediate
          ? setImmediate(() => {
              this.pending.delete(entry);
              resolve();
            })
          : setTimeout(
              () => {
                this.pending.delete(entry);
                resolve();
              },
              seconds * this.speed * 1000,
            ),
      };
      this.pending.add(entry);
    });
  }

  stop(): void {
    this.stopped = true;
    for (const entry of this.pending) {
      if (entry.immediate) clearImmediate(entry.timer as NodeJS.Immediate);
      else clearTimeout(entry.timer as NodeJS.Timeout);
      entry.reject(new ClockStoppedError('emulator stopped'));
    }
    this.pending.clear();
  }
}

export interface LifecycleContext {
  world: UserWorld;
  clock: Clock;
  cause: ChangeCause;
}

/** Runs a transition body; a shutdown mid-way simply ends it. */
async function guarded(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (!(error instanceof ClockStoppedError)) throw error;
  }
}

function podsOn(record: ClusterRecord, node: NodeRecord): PodWire[] {
  const name = node.wire.name;
  return [...record.pods.values()].filter((pod) => pod.node === name);
}

function hasPods(record: ClusterRecord, node: NodeRecord): boolean {
  const name = node.wire.name;
  for (const pod of record.pods.values()) if (pod.node === name) return true;
  return false;
}

/** Nodes still owned by the transition that took `tokens`. */
function current(record: ClusterRecord, tokens: Map<NodeRecord, number>): NodeRecord[] {
  return [...tokens]
    .filter(([node, token]) => node.op === token && record.nodes.get(node.wire.id) === node && !record.deleting)
    .map(([node]) => node);
}

function take(nodes: NodeRecord[]): Map<NodeRecord, number> {
  return new Map(nodes.map((node) => [node, ++node.op]));
}

/** Nodes already `starting`: boot → running, pods Pending → Running. */
async function runBoot(ctx: LifecycleContext, record: ClusterRecord, tokens: Map<NodeRecord, number>): Promise<void> {
  const { world, clock, cause } = ctx;
  await clock.sleep(DURATIONS.nodeBoot);
  let alive = current(record, tokens);
  if (alive.length === 0) return;
  const changes = new Changes();
  for (const node of alive) {
    node.wire.state = 'running';
    changes.add('nodes', node.wire);
  }
  if (!record.provisioned) {
    for (const pod of provisionCluster(world, record, 'Pending')) changes.add('pods', pod);
    for (const service of record.services.values()) changes.add('services', service);
  } else {
    // Nodes added by `add node` get their DaemonSet pods and load-balancer entries on first boot.
    for (const node of alive) {
      if (hasPods(record, node)) continue;
      for (const pod of addDaemonPods(world, record, node, 'Pending')) changes.add('pods', pod);
      addIpvsForNode(world, record, node);
    }
  }
  for (const node of alive) {
    for (const pod of podsOn(record, node)) {
      setPodPhase(pod, 'Pending', 'running');
      changes.add('pods', pod);
    }
  }
  for (const entry of record.ipvs.values()) {
    if (alive.some((node) => node.wire.name === entry.node) && entry.state !== 'running') {
      entry.state = 'running';
      changes.add('ipvs', entry);
    }
  }
  refreshClusterState(record, changes);
  world.commit(changes, cause);

  await clock.sleep(DURATIONS.podStart);
  alive = current(record, tokens);
  const ready = new Changes();
  for (const node of alive) {
    for (const pod of podsOn(record, node)) {
      if (pod.status !== 'Pending') continue;
      setPodPhase(pod, 'Running', 'running');
      ready.add('pods', pod);
    }
  }
  world.commit(ready, cause);
}

/**
 * Moves nodes of one cluster towards `target`: nodes already there are left alone, nodes already
 * `transitional` join the run under way, and the rest are marked `transitional`, pushed, and
 * handed to `run` (with the tokens that tell it which nodes a later command has not overtaken).
 * Resolves when every node concerned has finished.
 */
async function moveNodes(
  ctx: LifecycleContext,
  record: ClusterRecord,
  nodes: NodeRecord[],
  target: 'running' | 'stopped',
  transitional: 'starting' | 'stopping',
  run: (tokens: Map<NodeRecord, number>) => Promise<void>,
): Promise<void> {
  const waits: Promise<void>[] = [];
  const fresh: NodeRecord[] = [];
  for (const node of nodes) {
    if (node.wire.state === target) continue;
    if (node.wire.state === transitional && node.transition) waits.push(node.transition);
    else fresh.push(node);
  }
  if (fresh.length > 0) {
    const tokens = take(fresh);
    const changes = new Changes();
    for (const node of fresh) {
      node.wire.state = transitional;
      changes.add('nodes', node.wire);
    }
    refreshClusterState(record, changes);
    ctx.world.commit(changes, ctx.cause);
    const running = guarded(() => run(tokens));
    for (const node of fresh) node.transition = running;
    waits.push(running);
  }
  await Promise.all(waits);
}

/** Starts nodes of one cluster; joins a start already under way; running nodes are left alone. */
export function startNodes(ctx: LifecycleContext, record: ClusterRecord, nodes: NodeRecord[]): Promise<void> {
  return moveNodes(ctx, record, nodes, 'running', 'starting', (tokens) => runBoot(ctx, record, tokens));
}

/** Stops nodes of one cluster: stopping → stopped, their pods Unknown, their load balancers stopped. */
export function stopNodes(ctx: LifecycleContext, record: ClusterRecord, nodes: NodeRecord[]): Promise<void> {
  return moveNodes(ctx, record, nodes, 'stopped', 'stopping', (tokens) => runStop(ctx, record, tokens));
}

/** The second half of a stop: after the stop delay, the nodes a later command has not overtaken stop. */
async function runStop(ctx: LifecycleContext, record: ClusterRecord, tokens: Map<NodeRecord, number>): Promise<void> {
  const { world, clock, cause } = ctx;
  await clock.sleep(DURATIONS.nodeStop);
  const alive = current(record, tokens);
  if (alive.length === 0) return;
  const stopped = new Changes();
  const names = new Set<string>();
  for (const node of alive) {
    node.wire.state = 'stopped';
    names.add(node.wire.name);
    stopped.add('nodes', node.wire);
    for (const pod of podsOn(record, node)) {
      setPodPhase(pod, 'Unknown', 'stopped');
      stopped.add('pods', pod);
    }
  }
  for (const entry of record.ipvs.values()) {
    if (names.has(entry.node) && entry.state !== 'stopped') {
      entry.state = 'stopped';
      stopped.add('ipvs', entry);
    }
  }
  refreshClusterState(record, stopped);
  world.commit(stopped, cause);
}

export interface AddClusterSpec {
  name: string;
  image: string;
  domain: string;
  nodes: number;
}

/**
 * `add cluster`: the cluster, its network and its nodes appear at once (starting), then boot.
 * Returns the record immediately (`created`) and the completion separately (`done`).
 */
export function addCluster(ctx: LifecycleContext, spec: AddClusterSpec): { record: ClusterRecord; done: Promise<void> } {
  const { world } = ctx;
  const record = createClusterRecord(world, {
    name: spec.name,
    image: spec.image,
    domain: spec.domain,
    state: 'starting',
    subnetIndex: world.freeSubnetIndex(),
  });
  const nodes: NodeRecord[] = [];
  for (let i = 0; i < spec.nodes; i++) {
    const role: NodeRole = i === 0 ? 'control-plane' : 'worker';
    const node = addNode(world, record, role, 'starting');
    if (node) nodes.push(node);
  }
  world.addCluster(record);
  const changes = new Changes().add('clusters', record.wire).add('networks', record.network);
  for (const node of nodes) changes.add('nodes', node.wire);
  world.commit(changes, ctx.cause);
  const tokens = take(nodes);
  const done = guarded(() => runBoot(ctx, record, tokens));
  for (const node of nodes) node.transition = done;
  return { record, done };
}

/** `add node CLUSTER -n N`: new workers, starting → running. */
export function addNodes(ctx: LifecycleContext, record: ClusterRecord, count: number): { nodes: NodeRecord[]; done: Promise<void> } {
  const nodes: NodeRecord[] = [];
  const changes = new Changes();
  for (let i = 0; i < count; i++) {
    const node = addNode(ctx.world, record, 'worker', 'starting');
    if (!node) break;
    nodes.push(node);
    changes.add('nodes', node.wire);
  }
  refreshClusterState(record, changes);
  ctx.world.commit(changes, ctx.cause);
  const tokens = take(nodes);
  const done = guarded(() => runBoot(ctx, record, tokens));
  for (const node of nodes) node.transition = done;
  return { nodes, done };
}

export interface Deleted {
  clusters: ClusterWire[];
  nodes: NodeWire[];
}

/** `delete cluster`: deleting, then every object of the cluster is published `deleted` and removed. */
export async function deleteCluster(ctx: LifecycleContext, record: ClusterRecord): Promise<Deleted> {
  const { world, clock, cause } = ctx;
  record.deleting = true;
  const changes = new Changes();
  record.wire.state = 'deleting';
  changes.add('clusters', record.wire);
  for (const node of record.nodes.values()) {
    node.op++;
    node.wire.state = 'deleting';
    changes.add('nodes', node.wire);
  }
  world.commit(changes, cause);
  const result: Deleted = { clusters: [], nodes: [] };
  await guarded(async () => {
    await clock.sleep(DURATIONS.delete);
    const gone = new Changes();
    for (const pod of record.pods.values()) gone.addDeleted('pods', pod);
    for (const service of record.services.values()) gone.addDeleted('services', service);
    for (const entry of record.ipvs.values()) gone.addDeleted('ipvs', entry);
    for (const node of record.nodes.values()) {
      gone.addDeleted('nodes', node.wire);
      result.nodes.push({ ...node.wire, state: 'deleted' });
    }
    gone.addDeleted('networks', record.network);
    gone.addDeleted('clusters', record.wire);
    result.clusters.push({ ...record.wire, state: 'deleted' });
    world.removeCluster(record);
    world.commit(gone, cause);
  });
  return result;
}

/** `delete node`: deleting, then the node, its pods and its load-balancer entries are deleted. */
export async function deleteNodes(ctx: LifecycleContext, record: ClusterRecord, nodes: NodeRecord[]): Promise<NodeWire[]> {
  const { world, clock, cause } = ctx;
  const changes = new Changes();
  for (const node of nodes) {
    node.op++;
    node.wire.state = 'deleting';
    changes.add('nodes', node.wire);
  }
  refreshClusterState(record, changes);
  world.commit(changes, cause);
  const deleted: NodeWire[] = [];
  await guarded(async () => {
    await clock.sleep(DURATIONS.delete);
    if (record.deleting) return;
    const gone = new Changes();
    for (const node of nodes) {
      if (record.nodes.get(node.wire.id) !== node) continue;
      for (const pod of podsOn(record, node)) {
        gone.addDeleted('pods', pod);
        record.pods.delete(pod.id);
      }
      for (const entry of [...record.ipvs.values()]) {
        if (entry.node !== node.wire.name) continue;
        gone.addDeleted('ipvs', entry);
        record.ipvs.delete(entry.id);
      }
      gone.addDeleted('nodes', node.wire);
      deleted.push({ ...node.wire, state: 'deleted' });
      record.nodes.delete(node.wire.id);
    }
    refreshClusterState(record, gone);
    world.commit(gone, cause);
  });
  return deleted;
}
