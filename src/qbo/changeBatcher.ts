// Change batching for the inventory: folds the changes of one coalescing window so each object
// appears at most once, named exactly, or as one `reset` when too many changed to name them.
import { Emitter, type Disposable } from './events';
import type { InventoryKind, InventoryTypes } from './inventory';

export interface EntityRef<K extends InventoryKind = InventoryKind> {
  kind: K;
  key: string;
}

export type ChangeType = 'added' | 'updated' | 'removed';

export interface InventoryChange<K extends InventoryKind = InventoryKind> extends EntityRef<K> {
  type: ChangeType;
  /** The object after the change, or the last known one when removed. */
  entity: InventoryTypes[K];
  /** The cluster the object belongs to, if any (for a cluster, its own name). */
  cluster: string | undefined;
}

export interface InventoryChangeEvent {
  /** The changed objects, each once; empty when `reset` is set. */
  changes: InventoryChange[];
  /**
   * Too many objects changed in one window to name them (a full listing, say): anything may
   * have changed, and consumers should re-read what they show.
   */
  reset?: boolean;
  /**
   * With `reset`: the kinds of the objects it does not name. A view shows nothing of most kinds
   * most of the time (a listing of 20,000 pods under collapsed clusters), so it can skip a refresh.
   */
  resetKinds?: ReadonlySet<InventoryKind>;
}

/** Whether a change event may have touched objects of `kind`. */
export function eventTouchesKind(event: InventoryChangeEvent, kind: InventoryKind): boolean {
  if (event.reset) return event.resetKinds?.has(kind) ?? true;
  return event.changes.some((change) => change.kind === kind);
}

export interface ChangeBatcherOptions {
  /**
   * The coalescing window. A change that arrives when no window is open fires at once (at the end
   * of the current task) and opens a window; changes during the window fire together when it ends,
   * which opens the next one. An isolated push waits for nothing, a burst fires one event per window.
   */
  coalesceMs?: number;
  /**
   * Past this many changed objects in one window, the event says `reset` instead of naming them:
   * a whole-tree refresh is then cheaper than per-row work, and ingesting a large listing skips
   * a bookkeeping record per object.
   */
  maxNamedChanges?: number;
}

export const DEFAULT_MAX_NAMED_CHANGES = 1_000;

export class ChangeBatcher implements Disposable {
  /**
   * Pending changes, at most one per object, in the order objects were first touched: looked up
   * by kind then key (no `kind\0key` string to build and hash per object: that was the costliest
   * step of ingesting a full listing), ordered by the set.
   */
  private pendingByKind = new Map<InventoryKind, Map<string, InventoryChange>>();
  private pendingOrder = new Set<InventoryChange>();
  /** Set once a window has more changes than it names (see maxNamedChanges). */
  private pendingReset = false;
  /** The kinds a pending reset covers; `lastResetKind` spares a set lookup per object of a long run of one kind. */
  private pendingResetKinds = new Set<InventoryKind>();
  private lastResetKind: InventoryKind | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  /** A leading-edge flush is queued for the end of the current task. */
  private leadingQueued = false;
  /** Set while a window is open: changes then wait for its end. */
  private windowOpen = false;
  private readonly changeEmitter = new Emitter<InventoryChangeEvent>();
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly options: ChangeBatcherOptions = {}) {}

  /** Folds a change into the pending batch so each object appears at most once per event. */
  record(kind: InventoryKind, key: string, type: ChangeType, entity: Record<string, unknown>, cluster: string | undefined): void {
    if (this.pendingReset) {
      if (kind !== this.lastResetKind) {
        this.pendingResetKinds.add(kind);
        this.lastResetKind = kind;
      }
      return;
    }
    if (this.pendingOrder.size >= (this.options.maxNamedChanges ?? DEFAULT_MAX_NAMED_CHANGES)) {
      this.pendingReset = true;
      this.pendingResetKinds = new Set([...this.pendingByKind.keys(), kind]);
      this.lastResetKind = kind;
      this.pendingOrder = new Set();
      this.pendingByKind = new Map();
      return;
    }
    let pending = this.pendingByKind.get(kind);
    if (!pending) this.pendingByKind.set(kind, (pending = new Map()));
    const previous = pending.get(key);
    let folded: ChangeType | undefined = type;
    if (previous) {
      if (previous.type === 'added' && type === 'removed') folded = undefined;
      else if (previous.type === 'added') folded = 'added';
      else if (previous.type === 'removed' && type === 'added') folded = 'updated';
    }
    if (folded === undefined) {
      if (previous) {
        pending.delete(key);
        this.pendingOrder.delete(previous);
      }
      return;
    }
    if (previous) {
      // Not fired yet, so updated in place: the object keeps its place in the batch.
      previous.type = folded;
      previous.entity = entity as InventoryTypes[InventoryKind];
      previous.cluster = cluster;
      return;
    }
    const change = {
      kind,
      key,
      type: folded,
      entity: entity as InventoryTypes[InventoryKind],
      cluster,
    } as InventoryChange;
    pending.set(key, change);
    this.pendingOrder.add(change);
  }

  /** Fires pending changes at once if no window is open (leading edge), else at the window's end. */
  schedule(): void {
    if (this.pendingOrder.size === 0 && !this.pendingReset) return;
    if (this.windowOpen || this.leadingQueued) return;
    // The end of the current task, not synchronously: every message of the same task (and the
    // caller's own bookkeeping) joins the event, and no listener runs inside Inventory.apply.
    this.leadingQueued = true;
    queueMicrotask(() => {
      if (!this.leadingQueued) return;
      this.leadingQueued = false;
      this.fireAndOpenWindow();
    });
  }

  /** Fires pending changes now; the window, if open, runs on. */
  flush(): void {
    this.leadingQueued = false;
    this.firePending();
  }

  private fireAndOpenWindow(): void {
    if (!this.firePending()) return;
    this.openWindow();
  }

  private openWindow(): void {
    this.windowOpen = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.windowOpen = false;
      // What arrived during the window fires now, and keeps a window open behind it; a quiet
      // window closes, so the next isolated change fires at once again.
      if (this.firePending()) this.openWindow();
    }, this.options.coalesceMs ?? 10);
  }

  /** Fires one event with what is pending; false when nothing was. */
  private firePending(): boolean {
    if (this.pendingReset) {
      const resetKinds = this.pendingResetKinds;
      this.pendingReset = false;
      this.pendingResetKinds = new Set();
      this.lastResetKind = undefined;
      this.changeEmitter.fire({ changes: [], reset: true, resetKinds });
      return true;
    }
    if (this.pendingOrder.size === 0) return false;
    const changes = [...this.pendingOrder];
    this.pendingOrder = new Set();
    this.pendingByKind = new Map();
    this.changeEmitter.fire({ changes });
    return true;
  }

  dispose(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.leadingQueued = false;
    this.windowOpen = false;
    this.changeEmitter.dispose();
  }
}
