// The Clusters tree as plain data over the inventory: children, parents, and which rows an
// inventory change touches. No VS Code here, so it is unit-tested and benchmarked in Node; the
// TreeDataProvider is a thin adapter around it.
import { Emitter, type Disposable } from '../qbo/events';
import * as l10n from '@vscode/l10n';
import type { Inventory, InventoryChange, InventoryKind } from '../qbo/inventory';
import type { Pod, QboNode, Service } from '../qbo/messages';
import { isFiltering, NO_FILTER, nodePasses, normalizeFilter, podPasses, sameFilter, servicePasses, type TreeFilter } from './filter';
import {
  clusterPresentation,
  folderPresentation,
  ipvsPresentation,
  networkPresentation,
  nodePresentation,
  placeholderPresentation,
  podPresentation,
  servicePresentation,
  type Presentation,
} from './presentation';
import { naturalCompare } from './naturalOrder';
import {
  ELEMENT_OF,
  entityId,
  folderId,
  KIND_OF,
  type EntityElement,
  type EntityElementType,
  type FolderKind,
  type TreeElement,
} from './treeElements';

export type ExplorerStatus =
  { kind: 'signed-out' } | { kind: 'loading'; message?: string } | { kind: 'ready' } | { kind: 'error'; message: string };

const FOLDERS: readonly FolderKind[] = ['nodes', 'services', 'networks', 'ipvs'];
const FOLDER_CONTENT: Record<FolderKind, InventoryKind> = { nodes: 'nodes', services: 'services', networks: 'networks', ipvs: 'ipvs' };
const FOLDER_OF: Partial<Record<InventoryKind, FolderKind>> = { nodes: 'nodes', services: 'services', networks: 'networks', ipvs: 'ipvs' };

/** Past this many rows to refresh, one whole-tree refresh is cheaper for VS Code than naming them. */
const MAX_ROWS_TO_NAME = 2_000;

/** Whether a row can look different after changes to objects of `kinds` (clusters excepted: they refresh all). */
function resetTouches(element: TreeElement, kinds: ReadonlySet<InventoryKind>): boolean {
  switch (element.type) {
    case 'folder':
      // A node folder lists nodes, whose rows count their pods.
      return kinds.has(FOLDER_CONTENT[element.folder]) || (element.folder === 'nodes' && kinds.has('pods'));
    case 'node':
      return kinds.has('nodes') || kinds.has('pods');
    case 'pod':
      return kinds.has('pods');
    case 'service':
      return kinds.has('services');
    case 'network':
      return kinds.has('networks');
    case 'ipvs':
      return kinds.has('ipvs');
    default:
      return false;
  }
}

function label(entity: { name?: string } | undefined, key: string): string {
  return entity?.name ?? key;
}

export class TreeModel implements Disposable {
  /** Every element handed out, by id: VS Code matches refreshes by object identity. */
  private readonly elements = new Map<string, TreeElement>();
  private readonly changeEmitter = new Emitter<TreeElement[] | undefined>();
  /** Rows to refresh: a list of elements, or undefined for the whole tree. */
  readonly onDidChange = this.changeEmitter.event;
  private readonly subscription: Disposable;
  private currentStatus: ExplorerStatus;
  private currentFilter: TreeFilter = NO_FILTER;
  private readonly filterEmitter = new Emitter<TreeFilter>();
  /** Fires when the filter changes (the tree itself is refreshed through onDidChange). */
  readonly onDidChangeFilter = this.filterEmitter.event;

  /**
   * `initialStatus` is what the rows say before the first status change: the extension passes the
   * status of its starting state, so the view's first rows need no refresh to become right.
   */
  constructor(
    readonly inventory: Inventory,
    initialStatus: ExplorerStatus = { kind: 'signed-out' },
  ) {
    this.currentStatus = initialStatus;
    this.subscription = inventory.onDidChange((event) => (event.reset ? this.reset(event.resetKinds) : this.applyChanges(event.changes)));
  }

  get status(): ExplorerStatus {
    return this.currentStatus;
  }

  /**
   * Records the connection's status; refreshes the tree only when the rows it decides change. The
   * status decides the root rows only while there are no clusters, and a refresh that changes
   * nothing is not free: VS Code holds the refresh after one for 200 ms (docs/PERFORMANCE.md).
   */
  setStatus(status: ExplorerStatus): void {
    const before = this.statusRows();
    this.currentStatus = status;
    if (this.statusRows() !== before) this.changeEmitter.fire(undefined);
  }

  /** What the status makes the root show, as text to compare: nothing while clusters are listed. */
  private statusRows(): string {
    if (this.inventory.size('clusters') > 0) return 'clusters';
    const status = this.currentStatus;
    switch (status.kind) {
      case 'loading':
        return `loading:${status.message ?? ''}`;
      case 'error':
        return `error:${status.message}`;
      default:
        return 'empty';
    }
  }

  get filter(): TreeFilter {
    return this.currentFilter;
  }

  /** Shows only what passes the filter; counts in folder and node rows follow it. */
  setFilter(filter: TreeFilter): void {
    const next = normalizeFilter(filter);
    if (sameFilter(next, this.currentFilter)) return;
    this.currentFilter = next;
    this.filterEmitter.fire(next);
    this.changeEmitter.fire(undefined);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
    this.filterEmitter.dispose();
  }

  // -- structure -------------------------------------------------------------------------------

  children(element?: TreeElement): TreeElement[] {
    if (!element) return this.roots();
    switch (element.type) {
      case 'cluster':
        return this.inventory.get('clusters', element.key) ? FOLDERS.map((folder) => this.folder(element.key, folder)) : [];
      case 'folder':
        return this.folderChildren(element.clusterKey, element.folder);
      case 'node': {
        const node = this.inventory.get('nodes', element.key);
        if (!node?.name || !node.cluster) return [];
        return this.sorted('pod', this.visiblePodsOn(node));
      }
      default:
        return [];
    }
  }

  parent(element: TreeElement): TreeElement | undefined {
    switch (element.type) {
      case 'cluster':
      case 'placeholder':
        return undefined;
      case 'folder':
        return this.entityElement('cluster', element.clusterKey);
      case 'pod': {
        const pod = this.inventory.get('pods', element.key);
        const nodeKey = pod ? this.nodeKeyOf(pod) : undefined;
        return nodeKey ? this.entityElement('node', nodeKey) : undefined;
      }
      default: {
        const kind = KIND_OF[element.type];
        const entity = this.inventory.get(kind, element.key) as Record<string, unknown> | undefined;
        const clusterName =
          typeof entity?.[kind === 'networks' ? 'name' : 'cluster'] === 'string'
            ? (entity[kind === 'networks' ? 'name' : 'cluster'] as string)
            : undefined;
        const cluster = clusterName ? this.inventory.findCluster(clusterName) : undefined;
        const folder = FOLDER_OF[kind];
        return cluster && folder ? this.folder(cluster[0], folder) : undefined;
      }
    }
  }

  /** How a row looks now, or undefined when its object has gone. */
  presentation(element: TreeElement): Presentation | undefined {
    switch (element.type) {
      case 'placeholder':
        return placeholderPresentation(element.placeholder, element.message);
      case 'folder': {
        const cluster = this.inventory.get('clusters', element.clusterKey);
        if (!cluster) return undefined;
        return folderPresentation(element.folder, this.folderCount(element.clusterKey, element.folder), cluster.state);
      }
      case 'cluster': {
        const cluster = this.inventory.get('clusters', element.key);
        return cluster && clusterPresentation(cluster, element.key);
      }
      case 'node': {
        const node = this.inventory.get('nodes', element.key);
        return node && nodePresentation(node, element.key, this.visiblePodsOn(node).length);
      }
      case 'pod': {
        const pod = this.inventory.get('pods', element.key);
        return pod && podPresentation(pod, element.key);
      }
      case 'service': {
        const service = this.inventory.get('services', element.key);
        return service && servicePresentation(service, element.key);
      }
      case 'network': {
        const network = this.inventory.get('networks', element.key);
        return network && networkPresentation(network, element.key);
      }
      case 'ipvs': {
        const entry = this.inventory.get('ipvs', element.key);
        return entry && ipvsPresentation(entry, element.key);
      }
    }
  }

  /** The inventory object behind an element (raw, unknown fields included). */
  entity(element: TreeElement): Record<string, unknown> | undefined {
    if (element.type === 'placeholder' || element.type === 'folder') return undefined;
    return this.inventory.get(KIND_OF[element.type], element.key) as Record<string, unknown> | undefined;
  }

  /** The element showing an object, creating it if VS Code has not seen it yet (for reveal). */
  entityElement(type: EntityElementType, key: string): EntityElement {
    const id = entityId(type, key);
    let element = this.elements.get(id) as EntityElement | undefined;
    if (!element) {
      element = { type, id, key } as EntityElement;
      this.elements.set(id, element);
    }
    return element;
  }

  folder(clusterKey: string, folder: FolderKind): TreeElement {
    const id = folderId(clusterKey, folder);
    let element = this.elements.get(id);
    if (!element) {
      element = { type: 'folder', id, folder, clusterKey };
      this.elements.set(id, element);
    }
    return element;
  }

  /** Number of elements currently cached (for leak checks). */
  get cachedElements(): number {
    return this.elements.size;
  }

  private roots(): TreeElement[] {
    const clusters = this.sorted('cluster', this.inventory.entries('clusters'));
    if (clusters.length > 0) return clusters;
    switch (this.currentStatus.kind) {
      case 'loading':
        return [this.placeholder('loading', this.currentStatus.message ?? l10n.t('Loading clusters…'))];
      case 'error':
        return [this.placeholder('error', this.currentStatus.message)];
      default:
        // Signed out, or connected with no clusters: the view shows its welcome content.
        return [];
    }
  }

  private placeholder(placeholder: 'loading' | 'error' | 'empty', message: string): TreeElement {
    // Placeholders are rebuilt each time; their id is stable so the row does not flicker.
    const element: TreeElement = { type: 'placeholder', id: `qbo:placeholder:${placeholder}`, placeholder, message };
    this.elements.set(element.id, element);
    return element;
  }

  private folderChildren(clusterKey: string, folder: FolderKind): TreeElement[] {
    const cluster = this.inventory.get('clusters', clusterKey);
    if (!cluster?.name) return [];
    const kind = FOLDER_CONTENT[folder];
    return this.sorted(ELEMENT_OF[kind] as EntityElementType, this.visibleInCluster(cluster.name, kind));
  }

  private folderCount(clusterKey: string, folder: FolderKind): number {
    const cluster = this.inventory.get('clusters', clusterKey);
    if (!cluster?.name) return 0;
    const kind = FOLDER_CONTENT[folder];
    // Unfiltered, the index answers without touching the objects.
    return this.filterTouches(kind)
      ? this.visibleInCluster(cluster.name, kind).length
      : this.inventory.keysInCluster(cluster.name, kind).length;
  }

  /** Whether the current filter can hide objects of this kind. */
  private filterTouches(kind: InventoryKind): boolean {
    const filter = this.currentFilter;
    if (kind === 'nodes') return filter.runningOnly;
    if (kind === 'pods') return isFiltering(filter);
    if (kind === 'services') return filter.hideSystem || filter.namespace !== undefined || filter.nameContains !== undefined;
    return false;
  }

  private visibleInCluster(cluster: string, kind: InventoryKind): [string, { name?: string; vip?: string }][] {
    const entries = this.inventory.inCluster(cluster, kind);
    if (!this.filterTouches(kind)) return entries;
    const filter = this.currentFilter;
    if (kind === 'nodes') return entries.filter(([, node]) => nodePasses(filter, node as QboNode));
    if (kind === 'services') return entries.filter(([, service]) => servicePasses(filter, service as Service));
    return entries;
  }

  private visiblePodsOn(node: QboNode): [string, Pod][] {
    if (!node.cluster || !node.name) return [];
    const pods = this.inventory.podsOnNode(node.cluster, node.name);
    if (!this.filterTouches('pods')) return pods;
    const filter = this.currentFilter;
    return pods.filter(([, pod]) => podPasses(filter, pod));
  }

  private sorted(type: EntityElementType, entries: [string, { name?: string; vip?: string }][]): EntityElement[] {
    const labelled = entries.map(([key, entity]) => ({ key, text: type === 'ipvs' ? (entity.vip ?? key) : label(entity, key) }));
    labelled.sort((a, b) => naturalCompare(a.text, b.text) || naturalCompare(a.key, b.key));
    return labelled.map(({ key }) => this.entityElement(type, key));
  }

  private nodeKeyOf(pod: Pod): string | undefined {
    if (!pod.cluster || !pod.node) return undefined;
    for (const [key, node] of this.inventory.inCluster(pod.cluster, 'nodes')) if ((node as QboNode).name === pod.node) return key;
    return undefined;
  }

  // -- changes ---------------------------------------------------------------------------------

  /**
   * After more changes than the inventory names: forget rows whose objects are gone, then refresh
   * the rows the reset's kinds can touch. Nothing at all when none is shown: a full listing under
   * collapsed clusters would otherwise refresh the whole tree once per window, and each refresh
   * makes VS Code hold the next for 200 ms.
   */
  private reset(kinds: ReadonlySet<InventoryKind> | undefined): void {
    const affected: TreeElement[] = [];
    for (const [id, element] of this.elements) {
      const gone =
        element.type === 'folder'
          ? !this.inventory.get('clusters', element.clusterKey)
          : element.type !== 'placeholder' && !this.entity(element);
      if (gone) this.elements.delete(id);
      else if (kinds && resetTouches(element, kinds)) affected.push(element);
    }
    if (!kinds || kinds.has('clusters') || affected.length > MAX_ROWS_TO_NAME) this.changeEmitter.fire(undefined);
    else if (affected.length > 0) this.changeEmitter.fire(affected);
  }

  /** Maps inventory changes to the rows VS Code must refresh, then fires once. */
  private applyChanges(changes: InventoryChange[]): void {
    const affected = this.affectedBy(changes);
    if (affected === undefined) this.changeEmitter.fire(undefined);
    else if (affected.length > 0) this.changeEmitter.fire(affected);
  }

  /** The already-shown elements a batch of changes touches; undefined means the whole tree. */
  affectedBy(changes: InventoryChange[]): TreeElement[] | undefined {
    const affected = new Map<string, TreeElement>();
    const add = (id: string | undefined): void => {
      const element = id !== undefined ? this.elements.get(id) : undefined;
      if (element) affected.set(element.id, element);
    };
    // Looked up once per name and batch: a batch of a listing names up to 1,000 pods of a few
    // clusters, and each lookup scans every cluster (a 600 ms stall in the huge world).
    const clusterKeys = new Map<string, string | undefined>();
    const clusterKeyByName = (name: string | undefined): string | undefined => {
      if (!name) return undefined;
      if (!clusterKeys.has(name)) clusterKeys.set(name, this.inventory.findCluster(name)?.[0]);
      return clusterKeys.get(name);
    };
    const nodeKeys = new Map<string, string | undefined>();
    const nodeKeyOf = (pod: Pod): string | undefined => {
      if (!pod.cluster || !pod.node) return undefined;
      const memo = `${pod.cluster}\u0000${pod.node}`;
      if (!nodeKeys.has(memo)) nodeKeys.set(memo, this.nodeKeyOf(pod));
      return nodeKeys.get(memo);
    };
    // Clusters coming or going refresh the whole (short) root list; the loop still runs to the
    // end so that every removed object is forgotten.
    let wholeTree = false;
    for (const change of changes) {
      const type = ELEMENT_OF[change.kind];
      if (!type) continue;
      const id = entityId(type, change.key);
      if (change.kind === 'clusters') {
        // The root list changes when clusters come or go; a cheap refresh of a short list.
        if (change.type === 'removed') {
          this.forget(id);
          for (const folder of FOLDERS) this.forget(folderId(change.key, folder));
        }
        if (change.type !== 'updated') {
          wholeTree = true;
          continue;
        }
        add(id);
        for (const folder of FOLDERS) add(folderId(change.key, folder));
        continue;
      }
      // An update can move an object in or out of the filter: then its parent's list changes too.
      if (change.type === 'updated' && !this.filterTouches(change.kind)) {
        add(id);
        continue;
      }
      if (change.type === 'updated') add(id);
      // Added or removed: the parent's child list changed.
      if (change.type === 'removed') this.forget(id);
      if (change.kind === 'pods') this.addPodParent(change, add, clusterKeyByName, nodeKeyOf);
      else {
        const folder = FOLDER_OF[change.kind];
        const clusterKey = clusterKeyByName(change.cluster);
        if (folder && clusterKey) add(folderId(clusterKey, folder));
      }
    }
    return wholeTree ? undefined : [...affected.values()];
  }

  private addPodParent(
    change: InventoryChange,
    add: (id: string | undefined) => void,
    clusterKeyByName: (name: string | undefined) => string | undefined,
    nodeKeyOf: (pod: Pod) => string | undefined,
  ): void {
    const pod = change.entity as Pod;
    const nodeKey = nodeKeyOf(pod);
    if (nodeKey) add(entityId('node', nodeKey));
    else {
      // The node may be gone already; refresh its cluster's node list instead.
      const clusterKey = clusterKeyByName(pod.cluster);
      if (clusterKey) add(folderId(clusterKey, 'nodes'));
    }
  }

  private forget(id: string): void {
    this.elements.delete(id);
  }
}
