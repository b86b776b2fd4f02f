// The Clusters tree as plain data over the connected profiles' inventories: children, parents, and
// which rows a change touches. With one profile connected the clusters are the roots (the tree
// looks as it did before several profiles could be connected); with two or more, each profile is a
// root row with its clusters below. No VS Code here, so it is unit-tested and benchmarked in Node;
// the TreeDataProvider is a thin adapter around it.
import type { ForwardSource } from '../forwards/forwardList';
import { Emitter, type Disposable, type Event } from '../qbo/events';
import type { Inventory, InventoryChangeEvent } from '../qbo/inventory';
import { NO_FILTER, normalizeFilter, sameFilter, type TreeFilter } from './filter';
import { naturalCompare } from './naturalOrder';
import { placeholderPresentation, profilePresentation, type ClusterActivityNote, type Presentation, type ProfileRow } from './presentation';
import { loadingText, MAX_ROWS_TO_NAME, ProfileTree, type ProfileRefresh } from './profileTree';
import {
  placeholderId,
  profileId,
  type EntityElement,
  type EntityElementType,
  type FolderKind,
  type PlaceholderKind,
  type TreeElement,
} from './treeElements';

export type ExplorerStatus =
  { kind: 'signed-out' } | { kind: 'loading'; message?: string } | { kind: 'ready' } | { kind: 'error'; message: string };

/**
 * Notes on cluster rows that do not come from the inventory: another client's recent action
 * (src/activity). The rows they name refresh when a note changes, appears or expires.
 */
export interface ClusterNotes {
  noteFor(profile: string, cluster: string): ClusterActivityNote | undefined;
  readonly onDidChange: Event<{ readonly profile: string; readonly clusters: readonly string[] | 'all' }>;
}

/** A connected profile as the tree shows it. */
export interface TreeProfile {
  readonly name: string;
  /** Undefined while the profile cannot connect (an invalid configuration): it has no rows below it. */
  readonly inventory: Inventory | undefined;
  /** What its rows say while it has no clusters to show. */
  readonly status: ExplorerStatus;
  /** Its own row (shown with several profiles). */
  readonly row: ProfileRow;
}

interface Mounted {
  profile: TreeProfile;
  tree: ProfileTree | undefined;
  subscription: Disposable | undefined;
  element: TreeElement;
  placeholder: TreeElement | undefined;
}

/** What a status makes a list of rows show, as text to compare. */
function statusKey(status: ExplorerStatus): string {
  switch (status.kind) {
    case 'loading':
      return `loading:${status.message ?? ''}`;
    case 'error':
      return `error:${status.message}`;
    default:
      return status.kind;
  }
}

export class TreeModel implements Disposable {
  private mounted: Mounted[] = [];
  private readonly changeEmitter = new Emitter<TreeElement[] | undefined>();
  /** Rows to refresh: a list of elements, or undefined for the whole tree. */
  readonly onDidChange = this.changeEmitter.event;
  private currentStatus: ExplorerStatus;
  private currentFilter: TreeFilter = NO_FILTER;
  private readonly filterEmitter = new Emitter<TreeFilter>();
  /** Fires when the filter changes (the tree itself is refreshed through onDidChange). */
  readonly onDidChangeFilter = this.filterEmitter.event;
  /** The view's own status row (one profile or none): rebuilt with the same id, so it does not flicker. */
  private viewPlaceholder: TreeElement | undefined;
  private readonly notes: ClusterNotes | undefined;
  private readonly forwards: ForwardSource | undefined;
  private readonly notesSubscription: Disposable | undefined;
  private readonly forwardSubscription: Disposable | undefined;

  /**
   * `initialStatus` is what the view shows before the first status change: the extension passes
   * the status of its starting state, so the view's first rows need no refresh to become right.
   */
  constructor(
    initialStatus: ExplorerStatus = { kind: 'signed-out' },
    /** Sources beside the inventories: notes on cluster rows (another client's recent action), running port forwards. */
    sources: { notes?: ClusterNotes; forwards?: ForwardSource } = {},
  ) {
    this.currentStatus = initialStatus;
    this.notes = sources.notes;
    this.forwards = sources.forwards;
    this.notesSubscription = this.notes?.onDidChange(({ profile, clusters }) => {
      const rows = this.tree(profile)?.shownClusters(clusters) ?? [];
      if (rows.length > 0) this.changeEmitter.fire(rows);
    });
    this.forwardSubscription = this.forwards?.onDidChange((changed) => {
      const rows = this.mounted.flatMap((mounted) => mounted.tree?.forwardsChanged(changed) ?? []);
      if (rows.length > 0) this.changeEmitter.fire(rows);
    });
  }

  /** The view's status: what the roots show while one profile (or none) is connected and it has no clusters. */
  get status(): ExplorerStatus {
    return this.currentStatus;
  }

  get profiles(): readonly TreeProfile[] {
    return this.mounted.map((mounted) => mounted.profile);
  }

  /** Several profiles: each is a root row. */
  get showsProfiles(): boolean {
    return this.mounted.length >= 2;
  }

  /**
   * Records the view's status; refreshes the tree only when the rows it decides change. The status
   * decides the root rows only while there are no clusters, and a refresh that changes nothing is
   * not free: VS Code holds the refresh after one for 200 ms (docs/PERFORMANCE.md).
   */
  setStatus(status: ExplorerStatus): void {
    const before = this.rootKey();
    this.currentStatus = status;
    if (this.rootKey() !== before) this.changeEmitter.fire(undefined);
  }

  /**
   * The connected profiles. Inventories are bound once per profile (kept while the profile stays,
   * whatever its status); a profile's row refreshes only when what it shows changes.
   */
  setProfiles(profiles: readonly TreeProfile[]): void {
    const before = this.rootKey();
    const rowsBefore = new Map(this.mounted.map((mounted) => [mounted.profile.name, this.rowKey(mounted)]));
    const previous = new Map(this.mounted.map((mounted) => [mounted.profile.name, mounted]));
    const next: Mounted[] = [];
    for (const profile of profiles) {
      const existing = previous.get(profile.name);
      previous.delete(profile.name);
      if (existing && existing.profile.inventory === profile.inventory) {
        existing.profile = profile;
        next.push(existing);
        continue;
      }
      if (existing) this.unmount(existing);
      next.push(this.mount(profile));
    }
    for (const gone of previous.values()) this.unmount(gone);
    this.mounted = next;
    if (this.rootKey() !== before) {
      this.changeEmitter.fire(undefined);
      return;
    }
    if (!this.showsProfiles) return;
    const changed = this.mounted.filter((mounted) => rowsBefore.get(mounted.profile.name) !== this.rowKey(mounted));
    if (changed.length > 0) this.changeEmitter.fire(changed.map((mounted) => mounted.element));
  }

  get filter(): TreeFilter {
    return this.currentFilter;
  }

  /** Shows only what passes the filter (every profile's rows); counts in folder and node rows follow it. */
  setFilter(filter: TreeFilter): void {
    const next = normalizeFilter(filter);
    if (sameFilter(next, this.currentFilter)) return;
    this.currentFilter = next;
    this.filterEmitter.fire(next);
    this.changeEmitter.fire(undefined);
  }

  dispose(): void {
    this.notesSubscription?.dispose();
    this.forwardSubscription?.dispose();
    for (const mounted of this.mounted) this.unmount(mounted);
    this.mounted = [];
    this.changeEmitter.dispose();
    this.filterEmitter.dispose();
  }

  // -- structure -------------------------------------------------------------------------------

  children(element?: TreeElement): TreeElement[] {
    if (!element) return this.roots();
    if (element.type === 'profile') {
      const mounted = this.find(element.profile);
      return mounted ? this.profileChildren(mounted) : [];
    }
    if (element.type === 'placeholder') return [];
    return this.tree(element.profile)?.children(element) ?? [];
  }

  parent(element: TreeElement): TreeElement | undefined {
    switch (element.type) {
      case 'profile':
        return undefined;
      case 'cluster':
      case 'placeholder': {
        if (!this.showsProfiles || element.profile === undefined) return undefined;
        return this.find(element.profile)?.element;
      }
      default:
        return this.tree(element.profile)?.parent(element);
    }
  }

  /** How a row looks now, or undefined when its object (or profile) has gone. */
  presentation(element: TreeElement): Presentation | undefined {
    switch (element.type) {
      case 'profile': {
        const mounted = this.find(element.profile);
        return mounted && profilePresentation(mounted.profile.row);
      }
      case 'placeholder':
        return placeholderPresentation(element.placeholder, element.message);
      default:
        return this.tree(element.profile)?.presentation(element);
    }
  }

  /** The inventory object behind an element (raw, unknown fields included). */
  entity(element: TreeElement): Record<string, unknown> | undefined {
    if (element.type === 'profile' || element.type === 'placeholder') return undefined;
    return this.tree(element.profile)?.entity(element);
  }

  /** The element showing an object of a profile, creating it if VS Code has not seen it yet (for reveal). */
  entityElement(profile: string, type: EntityElementType, key: string): EntityElement | undefined {
    return this.tree(profile)?.entityElement(type, key);
  }

  folder(profile: string, clusterKey: string, folder: FolderKind): TreeElement | undefined {
    return this.tree(profile)?.folder(clusterKey, folder);
  }

  /** The row of a running port forward under its service (for reveal). */
  forwardElement(profile: string, serviceKey: string, localPort: number): TreeElement | undefined {
    return this.tree(profile)?.forwardElement(serviceKey, localPort);
  }

  /** The row of a connected profile (a root with several profiles). */
  profileElement(profile: string): TreeElement | undefined {
    return this.find(profile)?.element;
  }

  /** The inventory of a connected profile. */
  inventoryOf(profile: string): Inventory | undefined {
    return this.find(profile)?.profile.inventory;
  }

  /** Number of object rows currently cached (for leak checks; a profile's own row lives as long as the profile). */
  get cachedElements(): number {
    let count = 0;
    for (const mounted of this.mounted) count += mounted.tree?.cachedElements ?? 0;
    return count;
  }

  private roots(): TreeElement[] {
    if (this.showsProfiles)
      return [...this.mounted].sort((a, b) => naturalCompare(a.profile.name, b.profile.name)).map((mounted) => mounted.element);
    const tree = this.mounted[0]?.tree;
    if (tree?.hasClusters()) return tree.clusters();
    const status = this.currentStatus;
    switch (status.kind) {
      case 'loading':
        return [this.viewStatusRow('loading', status.message ?? loadingText())];
      case 'error':
        return [this.viewStatusRow('error', status.message)];
      default:
        // Signed out, or connected with no clusters: the view shows its welcome content.
        return [];
    }
  }

  private viewStatusRow(placeholder: PlaceholderKind, message: string): TreeElement {
    const id = placeholderId(undefined, placeholder);
    const current = this.viewPlaceholder;
    if (current?.id === id && current.type === 'placeholder' && current.message === message) return current;
    this.viewPlaceholder = { type: 'placeholder', id, profile: undefined, placeholder, message };
    return this.viewPlaceholder;
  }

  private profileChildren(mounted: Mounted): TreeElement[] {
    const tree = mounted.tree;
    if (tree?.hasClusters()) return tree.clusters();
    const status = mounted.profile.status;
    switch (status.kind) {
      case 'loading':
        return [this.statusRow(mounted, 'loading', status.message ?? loadingText())];
      case 'error':
        return [this.statusRow(mounted, 'error', status.message)];
      default:
        return [];
    }
  }

  /** A profile's status row under its own row: the same object while it says the same. */
  private statusRow(mounted: Mounted, placeholder: PlaceholderKind, message: string): TreeElement {
    const id = placeholderId(mounted.profile.name, placeholder);
    const current = mounted.placeholder;
    if (current?.id === id && current.type === 'placeholder' && current.message === message) return current;
    mounted.placeholder = { type: 'placeholder', id, profile: mounted.profile.name, placeholder, message };
    return mounted.placeholder;
  }

  /** What the roots show, as text to compare: the profiles, the clusters, or the view's status. */
  private rootKey(): string {
    if (this.showsProfiles) return `profiles:${this.mounted.map((mounted) => mounted.profile.name).join('\u0000')}`;
    const sole = this.mounted[0];
    if (sole?.tree?.hasClusters()) return `clusters:${sole.profile.name}`;
    const status = statusKey(this.currentStatus);
    return status === 'ready' || status === 'signed-out' ? 'empty' : status;
  }

  /** What a profile's row (and the status row below it) shows, as text to compare. */
  private rowKey(mounted: Mounted): string {
    const hasClusters = mounted.tree?.hasClusters() === true;
    return `${JSON.stringify(profilePresentation(mounted.profile.row))}\u0000${hasClusters ? 'clusters' : statusKey(mounted.profile.status)}`;
  }

  private find(profile: string): Mounted | undefined {
    return this.mounted.find((mounted) => mounted.profile.name === profile);
  }

  private tree(profile: string): ProfileTree | undefined {
    return this.find(profile)?.tree;
  }

  private mount(profile: TreeProfile): Mounted {
    const notes = this.notes;
    const tree = profile.inventory
      ? new ProfileTree(
          profile.name,
          profile.inventory,
          () => this.currentFilter,
          notes ? (cluster) => notes.noteFor(profile.name, cluster) : undefined,
          this.forwards,
        )
      : undefined;
    const mounted: Mounted = {
      profile,
      tree,
      subscription: undefined,
      element: { type: 'profile', id: profileId(profile.name), profile: profile.name },
      placeholder: undefined,
    };
    if (tree && profile.inventory) mounted.subscription = profile.inventory.onDidChange((event) => this.onInventory(mounted, tree, event));
    return mounted;
  }

  private unmount(mounted: Mounted): void {
    mounted.subscription?.dispose();
    mounted.subscription = undefined;
  }

  private onInventory(mounted: Mounted, tree: ProfileTree, event: InventoryChangeEvent): void {
    if (!this.mounted.includes(mounted)) return;
    const refresh: ProfileRefresh = event.reset ? tree.reset(event.resetKinds) : tree.affectedBy(event.changes);
    if (refresh.kind === 'clusters') {
      // The list of clusters changed: the roots with one profile, that profile's row with several.
      this.changeEmitter.fire(this.showsProfiles ? [mounted.element] : undefined);
      return;
    }
    if (refresh.rows.length > MAX_ROWS_TO_NAME) this.changeEmitter.fire(undefined);
    else if (refresh.rows.length > 0) this.changeEmitter.fire(refresh.rows);
  }
}
