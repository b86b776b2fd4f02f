// One profile's part of the Clusters tree: its clusters, their folders, nodes, pods and the rest,
// as plain data over that profile's inventory, and which of its rows an inventory change touches.
// TreeModel puts one of these under each connected profile (or at the root when there is one).
import * as l10n from '@vscode/l10n';
import type { Forward, ForwardSource } from '../forwards/forwardList';
import type { Inventory, InventoryChange, InventoryKind } from '../qbo/inventory';
import type { Pod, QboNode, Service } from '../qbo/messages';
import { isFiltering, nodePasses, podPasses, servicePasses, type TreeFilter } from './filter';
import { naturalCompare } from './naturalOrder';
import {
  clusterPresentation,
  folderPresentation,
  forwardPresentation,
  ipvsPresentation,
  networkPresentation,
  nodePresentation,
  podPresentation,
  servicePresentation,
  type ClusterActivityNote,
  type Presentation,
} from './presentation';
import {
  ELEMENT_OF,
  entityId,
  folderId,
  forwardId,
  KIND_OF,
  type EntityElement,
  type EntityElementType,
  type FolderKind,
  type TreeElement,
} from './treeElements';

export const FOLDERS: readonly FolderKind[] = ['nodes', 'services', 'networks', 'ipvs'];
const FOLDER_CONTENT: Record<FolderKind, InventoryKind> = { nodes: 'nodes', services: 'services', networks: 'networks', ipvs: 'ipvs' };
const FOLDER_OF: Partial<Record<InventoryKind, FolderKind>> = { nodes: 'nodes', services: 'services', networks: 'networks', ipvs: 'ipvs' };

/** Past this many rows to refresh, one whole refresh is cheaper for VS Code than naming them. */
export const MAX_ROWS_TO_NAME = 2_000;

/** What an inventory event asks of the view: nothing, these rows, or the list of clusters (and so everything under the profile). */
export type ProfileRefresh = { kind: 'rows'; rows: TreeElement[] } | { kind: 'clusters' };

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

export class ProfileTree {
  /** Every element handed out, by id: VS Code matches refreshes by object identity. */
  private readonly elements = new Map<string, TreeElement>();

  constructor(
    readonly profile: string,
    readonly inventory: Inventory,
    private readonly filter: () => TreeFilter,
    /** A note on a cluster's row from outside the inventory (another client's recent action), by cluster name. */
    private readonly note: (cluster: string) => ClusterActivityNote | undefined = () => undefined,
    /** The running port forwards, shown under their service rows. */
    private readonly forwards?: ForwardSource,
  ) {}

  /** Number of elements currently cached (for leak checks). */
  get cachedElements(): number {
    return this.elements.size;
  }

  clusters(): EntityElement[] {
    return this.sorted('cluster', this.inventory.entries('clusters'));
  }

  hasClusters(): boolean {
    return this.inventory.size('clusters') > 0;
  }

  /** Children of one of this profile's rows (clusters are listed by the caller). */
  children(element: TreeElement): TreeElement[] {
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
      case 'service':
        return (this.forwards?.under(this.profile, element.key) ?? []).map((forward) =>
          this.forwardElement(element.key, forward.localPort),
        );
      default:
        return [];
    }
  }

  /** The parent of a row below a cluster; undefined for a cluster (the caller knows what holds clusters). */
  parent(element: TreeElement): TreeElement | undefined {
    switch (element.type) {
      case 'forward':
        return this.entityElement('service', element.serviceKey);
      case 'folder':
        return this.entityElement('cluster', element.clusterKey);
      case 'pod': {
        const pod = this.inventory.get('pods', element.key);
        const nodeKey = pod ? this.nodeKeyOf(pod) : undefined;
        return nodeKey ? this.entityElement('node', nodeKey) : undefined;
      }
      case 'node':
      case 'service':
      case 'network':
      case 'ipvs': {
        const kind = KIND_OF[element.type];
        const entity = this.inventory.get(kind, element.key) as Record<string, unknown> | undefined;
        const field = kind === 'networks' ? 'name' : 'cluster';
        const clusterName = typeof entity?.[field] === 'string' ? (entity[field] as string) : undefined;
        const cluster = clusterName ? this.inventory.findCluster(clusterName) : undefined;
        const folder = FOLDER_OF[kind];
        return cluster && folder ? this.folder(cluster[0], folder) : undefined;
      }
      default:
        return undefined;
    }
  }

  /** How a row looks now, or undefined when its object has gone. */
  presentation(element: TreeElement): Presentation | undefined {
    switch (element.type) {
      case 'folder': {
        const cluster = this.inventory.get('clusters', element.clusterKey);
        if (!cluster) return undefined;
        return folderPresentation(element.folder, this.folderCount(element.clusterKey, element.folder), cluster.state);
      }
      case 'cluster': {
        const cluster = this.inventory.get('clusters', element.key);
        return cluster && clusterPresentation(cluster, element.key, cluster.name ? this.note(cluster.name) : undefined);
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
        return service && servicePresentation(service, element.key, this.forwards?.under(this.profile, element.key).length ?? 0);
      }
      case 'forward': {
        const forward = this.forwardOf(element);
        return forward && forwardPresentation(forward);
      }
      case 'network': {
        const network = this.inventory.get('networks', element.key);
        return network && networkPresentation(network, element.key);
      }
      case 'ipvs': {
        const entry = this.inventory.get('ipvs', element.key);
        return entry && ipvsPresentation(entry, element.key);
      }
      default:
        return undefined;
    }
  }

  /** The inventory object behind an element (raw, unknown fields included). */
  entity(element: TreeElement): Record<string, unknown> | undefined {
    if (element.type === 'placeholder' || element.type === 'folder' || element.type === 'profile' || element.type === 'forward')
      return undefined;
    return this.inventory.get(KIND_OF[element.type], element.key) as Record<string, unknown> | undefined;
  }

  /** The element showing an object, creating it if VS Code has not seen it yet (for reveal). */
  entityElement(type: EntityElementType, key: string): EntityElement {
    const id = entityId(this.profile, type, key);
    let element = this.elements.get(id) as EntityElement | undefined;
    if (!element) {
      element = { type, id, profile: this.profile, key } as EntityElement;
      this.elements.set(id, element);
    }
    return element;
  }

  folder(clusterKey: string, folder: FolderKind): TreeElement {
    const id = folderId(this.profile, clusterKey, folder);
    let element = this.elements.get(id);
    if (!element) {
      element = { type: 'folder', id, profile: this.profile, folder, clusterKey };
      this.elements.set(id, element);
    }
    return element;
  }

  /** The cluster rows already shown whose cluster has one of these names (or every one). */
  shownClusters(names: readonly string[] | 'all'): TreeElement[] {
    const wanted = names === 'all' ? undefined : new Set(names);
    const rows: TreeElement[] = [];
    for (const [key, cluster] of this.inventory.entries('clusters')) {
      if (wanted && !(cluster.name !== undefined && wanted.has(cluster.name))) continue;
      const element = this.elements.get(entityId(this.profile, 'cluster', key));
      if (element) rows.push(element);
    }
    return rows;
  }

  /** The row of a running forward, creating it if VS Code has not seen it yet. */
  forwardElement(serviceKey: string, localPort: number): TreeElement {
    const id = forwardId(this.profile, serviceKey, localPort);
    let element = this.elements.get(id);
    if (!element) {
      element = { type: 'forward', id, profile: this.profile, serviceKey, localPort };
      this.elements.set(id, element);
    }
    return element;
  }

  /** The forward a row shows, while it runs under that row's service. */
  private forwardOf(element: Extract<TreeElement, { type: 'forward' }>): Forward | undefined {
    const forward = this.forwards?.byLocalPort(element.localPort);
    return forward && forward.profile === this.profile && forward.serviceKey === element.serviceKey ? forward : undefined;
  }

  /**
   * The shown service rows whose forwards changed (their children and whether they expand); the
   * rows of forwards that ended are forgotten.
   */
  forwardsChanged(forwards: readonly Forward[]): TreeElement[] {
    const rows = new Map<string, TreeElement>();
    for (const forward of forwards) {
      if (forward.profile !== this.profile) continue;
      const id = forwardId(this.profile, forward.serviceKey, forward.localPort);
      const row = this.elements.get(id);
      if (row?.type === 'forward' && !this.forwardOf(row)) this.elements.delete(id);
      const service = this.elements.get(entityId(this.profile, 'service', forward.serviceKey));
      if (service) rows.set(service.id, service);
    }
    return [...rows.values()];
  }

  /** Whether the current filter can hide objects of this kind. */
  filterTouches(kind: InventoryKind): boolean {
    const filter = this.filter();
    if (kind === 'nodes') return filter.runningOnly;
    if (kind === 'pods') return isFiltering(filter);
    if (kind === 'services') return filter.hideSystem || filter.namespace !== undefined || filter.nameContains !== undefined;
    return false;
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

  private visibleInCluster(cluster: string, kind: InventoryKind): [string, { name?: string; vip?: string }][] {
    const entries = this.inventory.inCluster(cluster, kind);
    if (!this.filterTouches(kind)) return entries;
    const filter = this.filter();
    if (kind === 'nodes') return entries.filter(([, node]) => nodePasses(filter, node as QboNode));
    if (kind === 'services') return entries.filter(([, service]) => servicePasses(filter, service as Service));
    return entries;
  }

  private visiblePodsOn(node: QboNode): [string, Pod][] {
    if (!node.cluster || !node.name) return [];
    const pods = this.inventory.podsOnNode(node.cluster, node.name);
    if (!this.filterTouches('pods')) return pods;
    const filter = this.filter();
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
   * After more changes than the inventory names: forget rows whose objects are gone, then name the
   * rows the reset's kinds can touch. None when none is shown: a full listing under collapsed
   * clusters would otherwise refresh the whole tree once per window, and each refresh makes VS Code
   * hold the next for 200 ms.
   */
  reset(kinds: ReadonlySet<InventoryKind> | undefined): ProfileRefresh {
    const affected: TreeElement[] = [];
    for (const [id, element] of this.elements) {
      const gone =
        element.type === 'folder'
          ? !this.inventory.get('clusters', element.clusterKey)
          : element.type === 'forward'
            ? !this.forwardOf(element)
            : element.type !== 'placeholder' && element.type !== 'profile' && !this.entity(element);
      if (gone) this.elements.delete(id);
      else if (kinds && resetTouches(element, kinds)) affected.push(element);
    }
    if (!kinds || kinds.has('clusters') || affected.length > MAX_ROWS_TO_NAME) return { kind: 'clusters' };
    return { kind: 'rows', rows: affected };
  }

  /** The already-shown rows a batch of changes touches, or the cluster list when clusters came or went. */
  affectedBy(changes: InventoryChange[]): ProfileRefresh {
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
    // Clusters coming or going refresh the (short) list of clusters; the loop still runs to the
    // end so that every removed object is forgotten.
    let clusterList = false;
    for (const change of changes) {
      const type = ELEMENT_OF[change.kind];
      if (!type) continue;
      const id = entityId(this.profile, type, change.key);
      if (change.kind === 'clusters') {
        if (change.type === 'removed') {
          this.elements.delete(id);
          for (const folder of FOLDERS) this.elements.delete(folderId(this.profile, change.key, folder));
        }
        if (change.type !== 'updated') {
          clusterList = true;
          continue;
        }
        add(id);
        for (const folder of FOLDERS) add(folderId(this.profile, change.key, folder));
        continue;
      }
      // An update can move an object in or out of the filter: then its parent's list changes too.
      if (change.type === 'updated' && !this.filterTouches(change.kind)) {
        add(id);
        continue;
      }
      if (change.type === 'updated') add(id);
      // Added or removed: the parent's child list changed.
      if (change.type === 'removed') this.elements.delete(id);
      if (change.kind === 'pods') this.addPodParent(change, add, clusterKeyByName, nodeKeyOf);
      else {
        const folder = FOLDER_OF[change.kind];
        const clusterKey = clusterKeyByName(change.cluster);
        if (folder && clusterKey) add(folderId(this.profile, clusterKey, folder));
      }
    }
    return clusterList ? { kind: 'clusters' } : { kind: 'rows', rows: [...affected.values()] };
  }

  private addPodParent(
    change: InventoryChange,
    add: (id: string | undefined) => void,
    clusterKeyByName: (name: string | undefined) => string | undefined,
    nodeKeyOf: (pod: Pod) => string | undefined,
  ): void {
    const pod = change.entity as Pod;
    const nodeKey = nodeKeyOf(pod);
    if (nodeKey) add(entityId(this.profile, 'node', nodeKey));
    else {
      // The node may be gone already; refresh its cluster's node list instead.
      const clusterKey = clusterKeyByName(pod.cluster);
      if (clusterKey) add(folderId(this.profile, clusterKey, 'nodes'));
    }
  }
}

/** The placeholder text while loading, when the status gives none. */
export function loadingText(): string {
  return l10n.t('Loading clusters…');
}
