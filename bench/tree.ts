// 3. Tree cost: getChildren of a node with 1,000 pods (TreeModel.children + presentation() of each
// child, as the provider's getTreeItem does), and the initial listing of the large world to the
// first complete tree (roots, every cluster's folders and the folders' rows).
import type { TreeModel } from '../src/explorer/treeModel';
import { singleProfileModel } from '../test/support/treeModel';
import type { TreeElement } from '../src/explorer/treeElements';
import type { QboSession } from '../src/session/session';
import { BIG_CLUSTER, BIG_NODE, BIG_NODE_PODS } from './constants';
import { benchSession, longestStall, median, round, startAndWaitReady, type EmulatorHost } from './lib';

/** getChildren + getTreeItem for every child: what one expansion or refresh of the row costs. */
function getChildren(model: TreeModel, element: TreeElement | undefined): TreeElement[] {
  const children = model.children(element);
  for (const child of children) if (!model.presentation(child)) throw new Error(`no presentation for ${child.id}`);
  return children;
}

function findChild(model: TreeModel, parent: TreeElement | undefined, label: string): TreeElement {
  const child = model.children(parent).find((element) => model.presentation(element)?.label === label);
  if (!child) throw new Error(`tree: no row "${label}"`);
  return child;
}

export interface ChildrenResult {
  pods: number;
  /** First expansion: elements created. */
  get_children_1000_pods_cold_ms: number;
  /** Median of later expansions/refreshes (elements cached). */
  get_children_1000_pods_ms: number;
  runs: number;
}

export async function measureGetChildren(host: EmulatorHost, runs = 30, readyTimeoutMs = 60_000): Promise<ChildrenResult> {
  const session = benchSession(host.credentials, readyTimeoutMs);
  const model = singleProfileModel(session.inventory);
  try {
    await startAndWaitReady(session, readyTimeoutMs);
    const cluster = findChild(model, undefined, BIG_CLUSTER);
    const nodes = findChild(model, cluster, 'Nodes');
    const node = findChild(model, nodes, BIG_NODE);
    let start = performance.now();
    const first = getChildren(model, node);
    const cold = performance.now() - start;
    if (first.length !== BIG_NODE_PODS) throw new Error(`tree: ${BIG_NODE} shows ${first.length} pods, expected ${BIG_NODE_PODS}`);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      start = performance.now();
      getChildren(model, node);
      times.push(performance.now() - start);
    }
    return { pods: first.length, get_children_1000_pods_cold_ms: round(cold, 3), get_children_1000_pods_ms: round(median(times), 3), runs };
  } finally {
    model.dispose();
    session.dispose();
  }
}

export interface ListingResult {
  runs: number;
  /** Session start → every kind listed (session ready). */
  listing_ms: number;
  /** Ready → roots, folders and the folders' rows materialised with their presentations. */
  tree_ms: number;
  initial_listing_ms: number;
  /** The first run alone: cold code, as in a freshly started extension host. */
  initial_listing_first_ms: number;
  /** TreeModel.onDidChange events from session start to ready (the most of any run). */
  tree_events_during_listing: number;
  /** The longest event-loop stall from session start to ready (the most of any run), in ms. */
  longest_stall_ms: number;
  rows: number;
  counts: Record<string, number>;
}

/**
 * Roots, each cluster's folders, each folder's rows: the tree a user sees before opening nodes.
 * With several profiles the roots are the profiles (expanded by default), their clusters below.
 */
export function materialiseFolders(model: TreeModel): number {
  let rows = 0;
  const cluster = (element: TreeElement): void => {
    rows++;
    for (const folder of getChildren(model, element)) {
      rows++;
      rows += getChildren(model, folder).length;
    }
  };
  for (const root of getChildren(model, undefined)) {
    if (root.type !== 'profile') cluster(root);
    else {
      rows++;
      for (const child of getChildren(model, root)) cluster(child);
    }
  }
  return rows;
}

/**
 * Several cold starts against the large world; the session of the last run is handed back
 * (still connected) for the latency measurement.
 */
export async function measureInitialListing(
  host: EmulatorHost,
  runs = 3,
  readyTimeoutMs = 60_000,
): Promise<{ result: ListingResult; session: QboSession }> {
  const totals: number[] = [];
  const listings: number[] = [];
  const trees: number[] = [];
  let rows = 0;
  const events: number[] = [];
  const stalls: number[] = [];
  let last: QboSession | undefined;
  for (let i = 0; i < runs; i++) {
    last?.dispose();
    const session = benchSession(host.credentials, readyTimeoutMs);
    last = session;
    const model = singleProfileModel(session.inventory);
    // What the view would be told during the listing: leading-edge events must still coalesce a burst.
    let treeEvents = 0;
    const counting = model.onDidChange(() => treeEvents++);
    const start = performance.now();
    const { longestStallMs } = await longestStall(() => startAndWaitReady(session, readyTimeoutMs));
    stalls.push(longestStallMs);
    const ready = performance.now();
    rows = materialiseFolders(model);
    const end = performance.now();
    session.inventory.flush();
    events.push(treeEvents);
    counting.dispose();
    model.dispose();
    totals.push(end - start);
    listings.push(ready - start);
    trees.push(end - ready);
  }
  const session = last as QboSession;
  const counts = Object.fromEntries(
    (['clusters', 'nodes', 'pods', 'services', 'networks', 'ipvs'] as const).map((kind) => [kind, session.inventory.size(kind)]),
  );
  return {
    result: {
      runs,
      listing_ms: round(median(listings), 1),
      tree_ms: round(median(trees), 1),
      initial_listing_ms: round(median(totals), 1),
      initial_listing_first_ms: round(totals[0] as number, 1),
      tree_events_during_listing: Math.max(...events),
      longest_stall_ms: round(Math.max(...stalls), 1),
      rows,
      counts,
    },
    session,
  };
}
