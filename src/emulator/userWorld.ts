// One user's world: clusters with their network, nodes, pods, services and load balancers, the
// lookups commands need (names and 8-hex short ids), and change publication for mirror pushes.
import { idForm } from '../qbo/commandLine';
import { Random } from './random';
import type {
  ChangeBatch,
  ClusterWire,
  IpvsWire,
  NetworkWire,
  NodeRole,
  NodeWire,
  PodWire,
  ServiceWire,
  UserWire,
  WireTypes,
  WorldKind,
} from './types';
import { WORLD_KINDS } from './types';

export interface NodeRecord {
  wire: NodeWire;
  role: NodeRole;
  /** Which 10.244.N.0/24 pod range the node owns. */
  podRange: number;
  /** Last host number handed out in the node's pod range. */
  lastPodHost: number;
  /** Bumped by every transition; a transition whose token is stale stops (it was superseded). */
  op: number;
  /** The transition in progress, so a second start/stop joins it instead of restarting it. */
  transition?: Promise<void>;
}

export interface ClusterRecord {
  wire: ClusterWire;
  network: NetworkWire;
  domain: string;
  /** `172.A.B` — the first three octets of the cluster's /24. */
  subnetPrefix: string;
  subnetIndex: number;
  nodes: Map<string, NodeRecord>;
  pods: Map<string, PodWire>;
  services: Map<string, ServiceWire>;
  ipvs: Map<string, IpvsWire>;
  /** True once kube-system pods and services exist (they appear when the nodes first run). */
  provisioned: boolean;
  deleting: boolean;
}

/** What caused a change: copied into the mirror push envelope. */
export interface ChangeCause {
  commandLine: string;
  threadId: number;
}

export type WorldListener = (batch: ChangeBatch, cause: ChangeCause) => void;

/** Objects changed by one step of a transition, collected and then published at once. */
export class Changes {
  private readonly byKind = new Map<WorldKind, Map<string, { wire: Record<string, unknown>; deleted: boolean }>>();

  add<K extends WorldKind>(kind: K, wire: WireTypes[K]): this {
    this.table(kind).set(wire.id, { wire, deleted: false });
    return this;
  }

  /** The object is leaving the world: it is published once more, with state `deleted`. */
  addDeleted<K extends WorldKind>(kind: K, wire: WireTypes[K]): this {
    this.table(kind).set(wire.id, { wire: { ...wire, state: 'deleted' }, deleted: true });
    return this;
  }

  get empty(): boolean {
    return this.byKind.size === 0;
  }

  /** Snapshots taken now, so later mutation (or a delayed send) cannot alter what is published. */
  snapshot(): ChangeBatch {
    const batch: ChangeBatch = [];
    for (const kind of WORLD_KINDS) {
      const table = this.byKind.get(kind);
      if (table && table.size > 0) batch.push({ kind, objects: [...table.values()].map((entry) => ({ ...entry.wire })) });
    }
    return batch;
  }

  private table(kind: WorldKind): Map<string, { wire: Record<string, unknown>; deleted: boolean }> {
    let table = this.byKind.get(kind);
    if (!table) {
      table = new Map();
      this.byKind.set(kind, table);
    }
    return table;
  }
}

export class UserWorld {
  /** Clusters by id, in creation order. */
  readonly clusters = new Map<string, ClusterRecord>();
  private readonly listeners = new Set<WorldListener>();

  constructor(
    readonly user: string,
    readonly random: Random,
    readonly userWire: UserWire,
  ) {}

  onChange(listener: WorldListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Publishes a step's changes to every listener (the user's open sockets). */
  commit(changes: Changes, cause: ChangeCause): void {
    if (changes.empty) return;
    const batch = changes.snapshot();
    for (const listener of this.listeners) listener(batch, cause);
  }

  addCluster(record: ClusterRecord): void {
    this.clusters.set(record.wire.id, record);
  }

  removeCluster(record: ClusterRecord): void {
    this.clusters.delete(record.wire.id);
  }

  clusterByName(name: string): ClusterRecord | undefined {
    for (const record of this.clusters.values()) if (record.wire.name === name) return record;
    return undefined;
  }

  /** Clusters a token names: the cluster of that name, else by full id (UUID) or 8-hex id prefix. */
  resolveClusters(token: string): ClusterRecord[] {
    const byName = this.clusterByName(token);
    if (byName) return [byName];
    const form = idForm(token);
    if (form === undefined) return [];
    const id = token.toLowerCase();
    return [...this.clusters.values()].filter((record) => idMatches(record.wire.id, id, form));
  }

  /** Nodes a token names: by node name, else by full (64-hex) id or 8-hex id prefix. */
  resolveNodes(token: string): { cluster: ClusterRecord; node: NodeRecord }[] {
    const byName: { cluster: ClusterRecord; node: NodeRecord }[] = [];
    const byId: { cluster: ClusterRecord; node: NodeRecord }[] = [];
    const form = idForm(token);
    const id = token.toLowerCase();
    for (const cluster of this.clusters.values()) {
      for (const node of cluster.nodes.values()) {
        if (node.wire.name === token) byName.push({ cluster, node });
        else if (form !== undefined && idMatches(node.wire.id, id, form)) byId.push({ cluster, node });
      }
    }
    return byName.length > 0 ? byName : byId;
  }

  /** The objects of one kind in the given clusters (all clusters when omitted). */
  list<K extends WorldKind>(kind: K, clusters?: Iterable<ClusterRecord>): WireTypes[K][] {
    const result: WireTypes[K][] = [];
    for (const record of clusters ?? this.clusters.values()) {
      for (const wire of wiresOf(record, kind)) result.push(wire);
    }
    return result;
  }

  count(kind: WorldKind): number {
    let total = 0;
    for (const record of this.clusters.values()) {
      total += kind === 'clusters' || kind === 'networks' ? 1 : (kind === 'nodes' ? record.nodes : record[kind]).size;
    }
    return total;
  }

  /** The smallest subnet index no cluster of this user uses. */
  freeSubnetIndex(): number {
    const used = new Set([...this.clusters.values()].map((record) => record.subnetIndex));
    let index = 0;
    while (used.has(index)) index++;
    return index;
  }
}

/** A short id matches as a prefix; a full id only as the whole id (case-insensitive). */
function idMatches(objectId: string, token: string, form: 'short' | 'node' | 'uuid'): boolean {
  const id = objectId.toLowerCase();
  return form === 'short' ? id.startsWith(token) : id === token;
}

export function wiresOf<K extends WorldKind>(record: ClusterRecord, kind: K): Iterable<WireTypes[K]> {
  const tables: { [Kind in WorldKind]: () => Iterable<WireTypes[Kind]> } = {
    clusters: () => [record.wire],
    networks: () => [record.network],
    nodes: () => [...record.nodes.values()].map((node) => node.wire),
    pods: () => record.pods.values(),
    services: () => record.services.values(),
    ipvs: () => record.ipvs.values(),
  };
  return tables[kind]();
}

/**
 * A cluster's state follows its nodes: any starting → starting, any stopping → stopping, any
 * running → running, otherwise (all stopped, or no nodes) stopped. Deleting overrides all.
 */
export function deriveClusterState(record: ClusterRecord): string {
  if (record.deleting) return 'deleting';
  const states = new Set<string>();
  for (const node of record.nodes.values()) if (node.wire.state !== 'deleting') states.add(node.wire.state);
  if (states.has('starting')) return 'starting';
  if (states.has('stopping')) return 'stopping';
  if (states.has('running')) return 'running';
  return 'stopped';
}

/** Recomputes the cluster state; records the cluster in `changes` when it moved. */
export function refreshClusterState(record: ClusterRecord, changes: Changes): void {
  const state = deriveClusterState(record);
  if (record.wire.state !== state) {
    record.wire.state = state;
    changes.add('clusters', record.wire);
  }
}
