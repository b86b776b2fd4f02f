// The store: the live model of everything the user owns, fed by every data message (replies and
// mirror pushes alike, docs/PROTOCOL.md §6). Objects are keyed by id; state `deleted` removes them;
// a full listing sweeps what it no longer contains. Changes go to changeBatcher.ts to be coalesced.
import { ChangeBatcher, type ChangeBatcherOptions, type ChangeType, type InventoryChangeEvent } from './changeBatcher';
import { clusterOf } from './domain';
import { Emitter, type Disposable, type Event } from './events';
import type { Cluster, Payload, PayloadTypes, Pod, ServerMessage } from './messages';

/** The kinds the inventory keeps: the payloads that describe objects the user owns (not logs, clients or facts). */
export type InventoryTypes = Pick<PayloadTypes, 'clusters' | 'nodes' | 'pods' | 'services' | 'networks' | 'ipvs' | 'users' | 'images'>;
export type InventoryKind = keyof InventoryTypes;
export const INVENTORY_KINDS: readonly InventoryKind[] = ['clusters', 'nodes', 'pods', 'services', 'networks', 'ipvs', 'users', 'images'];

// The change types moved to changeBatcher.ts with the batching; re-exported so importers keep this path.
export { DEFAULT_MAX_NAMED_CHANGES, eventTouchesKind } from './changeBatcher';
export type { ChangeType, EntityRef, InventoryChange, InventoryChangeEvent } from './changeBatcher';

interface Entry {
  entity: Record<string, unknown>;
  cluster: string | undefined;
  /** Index key of the pod's node, `cluster\0node` (pods only). */
  nodeKey: string | undefined;
  /** Apply sequence number of the last message that mentioned this object (mark and sweep). */
  seq: number;
}

interface Listing {
  kind: InventoryKind;
  /** Clusters the listing covers; undefined for `-A`. */
  clusters: ReadonlySet<string> | undefined;
  startSeq: number;
}

/**
 * The most objects one inventory holds, all kinds together: five times the huge world (1,000
 * clusters, 200,000 pods, 260,000 objects in all, ~180 MB of heap). Past it a server is taken to
 * be flooding: the object is not kept and onDidReachCap fires (docs/DECISIONS.md, "Bounded resources").
 */
export const MAX_INVENTORY_OBJECTS = 1_000_000;

export interface InventoryOptions extends ChangeBatcherOptions {
  /** Default MAX_INVENTORY_OBJECTS. */
  maxObjects?: number;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The identity of an object: its id, or failing that a name-based key. Undefined when it has neither. */
export function entityKey(kind: InventoryKind, entity: Record<string, unknown>): string | undefined {
  const id = str(entity.id);
  if (id) return id;
  switch (kind) {
    case 'users':
      return str(entity.uuid) ?? str(entity.email) ?? str(entity.name);
    case 'images':
      return str(entity.name);
    case 'pods':
    case 'services': {
      const name = str(entity.name);
      return name ? `${str(entity.cluster) ?? ''}/${str(entity.namespace) ?? ''}/${name}` : undefined;
    }
    case 'ipvs': {
      const vip = str(entity.vip);
      return vip
        ? `${str(entity.cluster) ?? ''}/${vip}:${str(entity.vip_port) ?? ''}/${str(entity.rip) ?? ''}:${str(entity.rip_port) ?? ''}`
        : undefined;
    }
    default:
      return str(entity.name);
  }
}

function shallowEqual(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  // for...in rather than Object.keys: the same keys for these plain objects, without two arrays
  // per comparison (a re-listing compares every object it holds).
  let count = 0;
  for (const _key in a) count++;
  for (const _key in b) count--;
  if (count !== 0) return false;
  for (const key in a) {
    const valueA = a[key];
    const valueB = b[key];
    if (valueA === valueB) continue;
    if (typeof valueA === 'object' && valueA !== null && typeof valueB === 'object' && valueB !== null) {
      if (JSON.stringify(valueA) !== JSON.stringify(valueB)) return false;
      continue;
    }
    return false;
  }
  return true;
}

const CHILD_KINDS: readonly InventoryKind[] = ['nodes', 'pods', 'services', 'networks', 'ipvs'];

export class Inventory implements Disposable {
  private readonly tables = new Map<InventoryKind, Map<string, Entry>>(INVENTORY_KINDS.map((kind) => [kind, new Map()]));
  /** cluster name → kind → keys, for the tree's per-cluster folders. */
  private readonly byCluster = new Map<string, Map<InventoryKind, Set<string>>>();
  /** `cluster\0node` → pod keys. */
  private readonly podsByNode = new Map<string, Set<string>>();
  /**
   * cluster → node → its `cluster\0node` key, one string per node: building and hashing a new
   * key string for every pod was a sizeable share of ingesting a listing. Pruned with podsByNode.
   */
  private readonly nodeKeys = new Map<string, Map<string, string>>();
  private readonly listings = new Map<string, Listing>();
  private seq = 0;
  private readonly changes: ChangeBatcher;
  readonly onDidChange: Event<InventoryChangeEvent>;
  /** Elements of data payloads that failed validation or had no identity. */
  rejectedElements = 0;
  private objectCount = 0;
  private readonly maxObjects: number;
  private capReached = false;
  private readonly capEmitter = new Emitter<number>();
  /**
   * Fires (with the cap) once the first object past `maxObjects` was refused, after the message
   * that carried it; again only after clear(). Objects past the cap are never kept.
   */
  readonly onDidReachCap: Event<number> = this.capEmitter.event;

  constructor(options: InventoryOptions = {}) {
    this.changes = new ChangeBatcher(options);
    this.onDidChange = this.changes.onDidChange;
    this.maxObjects = options.maxObjects ?? MAX_INVENTORY_OBJECTS;
  }

  // -- queries ---------------------------------------------------------------------------------

  get<K extends InventoryKind>(kind: K, key: string): InventoryTypes[K] | undefined {
    return this.table(kind).get(key)?.entity as InventoryTypes[K] | undefined;
  }

  all<K extends InventoryKind>(kind: K): InventoryTypes[K][] {
    return [...this.table(kind).values()].map((entry) => entry.entity as InventoryTypes[K]);
  }

  entries<K extends InventoryKind>(kind: K): [string, InventoryTypes[K]][] {
    return [...this.table(kind).entries()].map(([key, entry]) => [key, entry.entity as InventoryTypes[K]]);
  }

  size(kind: InventoryKind): number {
    return this.table(kind).size;
  }

  /** Objects held, all kinds together. */
  get objects(): number {
    return this.objectCount;
  }

  /** Keys of objects of `kind` that belong to cluster `cluster` (by name). */
  keysInCluster(cluster: string, kind: InventoryKind): string[] {
    return [...(this.byCluster.get(cluster)?.get(kind) ?? [])];
  }

  inCluster<K extends InventoryKind>(cluster: string, kind: K): [string, InventoryTypes[K]][] {
    const table = this.table(kind);
    const result: [string, InventoryTypes[K]][] = [];
    for (const key of this.byCluster.get(cluster)?.get(kind) ?? []) {
      const entry = table.get(key);
      if (entry) result.push([key, entry.entity as InventoryTypes[K]]);
    }
    return result;
  }

  podsOnNode(cluster: string, node: string): [string, Pod][] {
    const table = this.table('pods');
    const result: [string, Pod][] = [];
    for (const key of this.podsByNode.get(`${cluster}\u0000${node}`) ?? []) {
      const entry = table.get(key);
      if (entry) result.push([key, entry.entity as Pod]);
    }
    return result;
  }

  findCluster(name: string): [string, Cluster] | undefined {
    for (const [key, entry] of this.table('clusters')) if (entry.entity.name === name) return [key, entry.entity as Cluster];
    return undefined;
  }

  // -- updates ---------------------------------------------------------------------------------

  /**
   * Registers a listing (`get KIND -A`, or names) sent with `uuid`. When its final message
   * arrives with success, objects of that kind (in those clusters) that no message has mentioned
   * since the listing began are removed.
   */
  trackListing(uuid: string, kind: InventoryKind, clusters?: readonly string[]): void {
    this.listings.set(uuid, { kind, clusters: clusters && clusters.length > 0 ? new Set(clusters) : undefined, startSeq: this.seq + 1 });
  }

  /** Applies one server message. Returns the number of objects it changed. */
  apply(message: ServerMessage): number {
    this.seq++;
    let changed = 0;
    for (const payload of message.payloads) changed += this.applyPayload(payload);
    const uuid = message.envelope.uuid;
    if (uuid !== undefined && message.final) {
      const listing = this.listings.get(uuid);
      if (listing) {
        this.listings.delete(uuid);
        if ((message.envelope.code ?? 200) < 400) changed += this.sweep(listing);
      }
    }
    if (changed > 0) this.changes.schedule();
    return changed;
  }

  /** Forgets a listing whose request failed (no sweep). */
  cancelListing(uuid: string): void {
    this.listings.delete(uuid);
  }

  /** Removes everything (sign out, profile switch). */
  clear(): void {
    for (const kind of INVENTORY_KINDS) {
      for (const [key, entry] of this.table(kind)) this.record(kind, key, 'removed', entry);
      this.table(kind).clear();
    }
    this.byCluster.clear();
    this.podsByNode.clear();
    this.nodeKeys.clear();
    this.listings.clear();
    this.objectCount = 0;
    this.capReached = false;
    this.changes.schedule();
  }

  /** Fires pending changes now. */
  flush(): void {
    this.changes.flush();
  }

  dispose(): void {
    this.changes.dispose();
    this.capEmitter.dispose();
  }

  private table(kind: InventoryKind): Map<string, Entry> {
    return this.tables.get(kind) as Map<string, Entry>;
  }

  private applyPayload(payload: Payload): number {
    const kind = payload.key;
    if (!this.tables.has(kind as InventoryKind)) return 0;
    this.rejectedElements += payload.rejected;
    let changed = 0;
    for (const item of payload.items as Record<string, unknown>[]) {
      const key = entityKey(kind as InventoryKind, item);
      if (key === undefined) {
        this.rejectedElements++;
        continue;
      }
      changed += this.upsert(kind as InventoryKind, key, item);
    }
    return changed;
  }

  private upsert(kind: InventoryKind, key: string, entity: Record<string, unknown>): number {
    const table = this.table(kind);
    const existing = table.get(key);
    if (entity.state === 'deleted' || entity.status === 'deleted') {
      if (!existing) return 0;
      this.remove(kind, key, existing);
      if (kind === 'clusters' && existing.cluster) return 1 + this.removeClusterChildren(existing.cluster);
      return 1;
    }
    if (existing) {
      existing.seq = this.seq;
      // Unchanged (every object of a re-listing after a reconnect): nothing else to compute.
      if (shallowEqual(existing.entity, entity)) return 0;
    }
    const cluster = clusterOf(kind, entity);
    const node = kind === 'pods' ? str(entity.node) : undefined;
    const nodeKey = node !== undefined ? this.nodeKey(cluster ?? '', node) : undefined;
    if (existing) {
      if (existing.cluster !== cluster || existing.nodeKey !== nodeKey) {
        this.unindex(kind, key, existing);
        existing.cluster = cluster;
        existing.nodeKey = nodeKey;
        this.index(kind, key, existing);
      }
      existing.entity = entity;
      this.record(kind, key, 'updated', existing);
      return 1;
    }
    if (this.objectCount >= this.maxObjects) {
      this.refusePastCap();
      return 0;
    }
    const entry: Entry = { entity, cluster, nodeKey, seq: this.seq };
    this.objectCount++;
    table.set(key, entry);
    this.index(kind, key, entry);
    this.record(kind, key, 'added', entry);
    return 1;
  }

  /** A new object past the cap: not kept; the listeners hear of it once, after the current message. */
  private refusePastCap(): void {
    if (this.capReached) return;
    this.capReached = true;
    queueMicrotask(() => {
      if (this.capReached) this.capEmitter.fire(this.maxObjects);
    });
  }

  private remove(kind: InventoryKind, key: string, entry: Entry): void {
    this.objectCount--;
    this.table(kind).delete(key);
    this.unindex(kind, key, entry);
    this.record(kind, key, 'removed', entry);
  }

  /** A deleted cluster takes its nodes, pods, services, network and load balancers with it. */
  private removeClusterChildren(cluster: string): number {
    let removed = 0;
    for (const kind of CHILD_KINDS) {
      const table = this.table(kind);
      for (const key of this.keysInCluster(cluster, kind)) {
        const entry = table.get(key);
        if (entry) {
          this.remove(kind, key, entry);
          removed++;
        }
      }
    }
    return removed;
  }

  private sweep(listing: Listing): number {
    const table = this.table(listing.kind);
    let removed = 0;
    for (const [key, entry] of table) {
      if (entry.seq >= listing.startSeq) continue;
      if (listing.clusters && (entry.cluster === undefined || !listing.clusters.has(entry.cluster))) continue;
      this.remove(listing.kind, key, entry);
      removed++;
    }
    return removed;
  }

  /** `cluster\0node`, the same string each time for the same node. */
  private nodeKey(cluster: string, node: string): string {
    let byNode = this.nodeKeys.get(cluster);
    if (!byNode) this.nodeKeys.set(cluster, (byNode = new Map()));
    let nodeKey = byNode.get(node);
    if (nodeKey === undefined) byNode.set(node, (nodeKey = `${cluster}\u0000${node}`));
    return nodeKey;
  }

  private forgetNodeKey(nodeKey: string): void {
    const split = nodeKey.indexOf('\u0000');
    const cluster = nodeKey.slice(0, split);
    const byNode = this.nodeKeys.get(cluster);
    byNode?.delete(nodeKey.slice(split + 1));
    if (byNode && byNode.size === 0) this.nodeKeys.delete(cluster);
  }

  private index(kind: InventoryKind, key: string, entry: Entry): void {
    if (entry.cluster !== undefined && kind !== 'clusters') {
      let kinds = this.byCluster.get(entry.cluster);
      if (!kinds) this.byCluster.set(entry.cluster, (kinds = new Map()));
      let keys = kinds.get(kind);
      if (!keys) kinds.set(kind, (keys = new Set()));
      keys.add(key);
    }
    if (entry.nodeKey !== undefined) {
      let keys = this.podsByNode.get(entry.nodeKey);
      if (!keys) this.podsByNode.set(entry.nodeKey, (keys = new Set()));
      keys.add(key);
    }
  }

  private unindex(kind: InventoryKind, key: string, entry: Entry): void {
    if (entry.cluster !== undefined && kind !== 'clusters') {
      const kinds = this.byCluster.get(entry.cluster);
      const keys = kinds?.get(kind);
      keys?.delete(key);
      if (keys && keys.size === 0) kinds?.delete(kind);
      if (kinds && kinds.size === 0) this.byCluster.delete(entry.cluster);
    }
    if (entry.nodeKey !== undefined) {
      const keys = this.podsByNode.get(entry.nodeKey);
      keys?.delete(key);
      if (keys && keys.size === 0) {
        this.podsByNode.delete(entry.nodeKey);
        this.forgetNodeKey(entry.nodeKey);
      }
    }
  }

  private record(kind: InventoryKind, key: string, type: ChangeType, entry: Entry): void {
    this.changes.record(kind, key, type, entry.entity, entry.cluster);
  }
}
