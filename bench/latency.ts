// 2. Update latency: from a mirror push arriving on the client's socket (its 'message' event,
// before parsing) to the TreeModel's onDidChange naming exactly the affected rows, which the VS
// Code TreeDataProvider relays 1:1. The session and inventory run with their real settings
// (10 ms coalescing). Every row is materialised first, as if the user had expanded everything.
import type WebSocket from 'ws';
import type { TreeModel } from '../src/explorer/treeModel';
import { singleProfileModel, TEST_PROFILE } from '../test/support/treeModel';
import type { TreeElement } from '../src/explorer/treeElements';
import { entityId, folderId } from '../src/explorer/treeElements';
import type { Inventory, InventoryKind } from '../src/qbo/inventory';
import type { QboSession } from '../src/session/session';
import { SESSION_COALESCE_MS } from './constants';
import { delay, median, quantile, round, socketOf, type EmulatorHost } from './lib';

/** Expands every row, asking for each row's presentation as getTreeItem would. */
export function materialiseAll(model: TreeModel): number {
  let rows = 0;
  const walk = (elements: TreeElement[]): void => {
    for (const element of elements) {
      model.presentation(element);
      rows++;
      walk(model.children(element));
    }
  };
  walk(model.children());
  return rows;
}

export interface Target {
  kind: Extract<InventoryKind, 'clusters' | 'nodes' | 'pods'>;
  /** Inventory key and wire id. */
  key: string;
  id: string;
  field: 'state' | 'status';
  values: [string, string];
  /** Rows the model must name for this object's update. */
  expected: string[];
}

export interface LatencyResult {
  pushes: number;
  rows_shown: number;
  coalesce_ms: number;
  update_latency_p50_ms: number;
  update_latency_p90_ms: number;
  update_latency_p99_ms: number;
  update_latency_max_ms: number;
  /** Frame arrival → message parsed and applied to the inventory. */
  receive_to_applied_p50_ms: number;
  /** Pushes whose event named exactly the expected rows (should be all). */
  exact: number;
  missed: number;
  /** A few pushes whose event named other rows, for diagnosis. */
  mismatches: string[];
}

interface Probe {
  received?: number;
  applied?: number;
  fired?: { at: number; elements: TreeElement[] | undefined };
  wake?: () => void;
}

/** A small deterministic generator, so every run pushes the same objects in the same order. */
export function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Clusters, nodes and pods of a profile's inventory to push changes to, with the rows each must name. */
export function targetsOf(inventory: Inventory, profile: string, random: () => number): Target[] {
  const pick = <T>(items: T[], count: number): T[] => Array.from({ length: count }, () => items[Math.floor(random() * items.length)] as T);
  const targets: Target[] = [];
  for (const [key, cluster] of pick(inventory.entries('clusters'), 40)) {
    const id = cluster.id ?? key;
    targets.push({
      kind: 'clusters',
      key,
      id,
      field: 'state',
      values: ['starting', cluster.state ?? 'running'],
      expected: [
        entityId(profile, 'cluster', key),
        ...(['nodes', 'services', 'networks', 'ipvs'] as const).map((folder) => folderId(profile, key, folder)),
      ],
    });
  }
  for (const [key, node] of pick(inventory.entries('nodes'), 40)) {
    targets.push({
      kind: 'nodes',
      key,
      id: node.id ?? key,
      field: 'state',
      values: ['stopping', node.state ?? 'running'],
      expected: [entityId(profile, 'node', key)],
    });
  }
  for (const [key, pod] of pick(inventory.entries('pods'), 40)) {
    targets.push({
      kind: 'pods',
      key,
      id: pod.id ?? key,
      field: 'status',
      values: ['Pending', pod.status ?? 'Running'],
      expected: [entityId(profile, 'pod', key)],
    });
  }
  return targets;
}

export async function measureLatency(session: QboSession, host: EmulatorHost, pushes = 300): Promise<LatencyResult> {
  const model = singleProfileModel(session.inventory);
  try {
    const rows = materialiseAll(model);
    // Let the listing's last coalesced batch fire before the first push, so it is not taken for it.
    session.inventory.flush();
    await delay(50);
    const random = lcg(20240601);
    const targets = targetsOf(session.inventory, TEST_PROFILE, random);

    // What the listeners saw for the push in flight (an object: the listeners write, the loop reads).
    const seen: Probe = {};
    const socket: WebSocket = socketOf(session);
    // Prepended: runs before the connection's own listener parses the frame.
    const onFrame = (data: WebSocket.RawData, isBinary: boolean): void => {
      if (!isBinary && seen.received === undefined && Buffer.isBuffer(data) && data.includes('"CMD_WATCH"'))
        seen.received = performance.now();
    };
    socket.prependListener('message', onFrame);
    const appliedSubscription = session.client.onMessage((message) => {
      if (message.watch && seen.applied === undefined) seen.applied = performance.now();
    });
    const changeSubscription = model.onDidChange((elements) => {
      if (seen.fired) return;
      seen.fired = { at: performance.now(), elements };
      seen.wake?.();
    });

    const latencies: number[] = [];
    const parseTimes: number[] = [];
    let exact = 0;
    let missed = 0;
    const mismatches: string[] = [];
    try {
      for (let i = 0; i < pushes; i++) {
        // Isolated pushes: the window the previous event opened has closed (a push inside it waits
        // for its end by design; bursts are counted by listing_tree_events instead).
        await delay(SESSION_COALESCE_MS * 2 + 5);
        const target = targets[Math.floor(random() * targets.length)] as Target;
        // Always a real change: the value the client does not hold now.
        const current = (session.inventory.get(target.kind, target.key) as Record<string, unknown> | undefined)?.[target.field];
        const value = current === target.values[0] ? target.values[1] : target.values[0];
        seen.received = undefined;
        seen.applied = undefined;
        seen.fired = undefined;
        const firedNow = new Promise<void>((resolve) => (seen.wake = resolve));
        await host.call({ op: 'push', kind: target.kind, objectId: target.id, patch: { [target.field]: value } });
        let timer: NodeJS.Timeout | undefined;
        const outcome = await Promise.race([
          firedNow.then(() => 'fired' as const),
          new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), 2_000))),
        ]);
        clearTimeout(timer);
        seen.wake = undefined;
        // Re-read through the type: the listeners changed `seen` while we awaited.
        const { fired, received, applied } = seen as Probe;
        if (outcome === 'timeout' || !fired || received === undefined) {
          missed++;
          continue;
        }
        const { at, elements } = fired;
        latencies.push(at - received);
        if (applied !== undefined) parseTimes.push(applied - received);
        const named = elements ? elements.map((element) => element.id).sort() : ['(whole tree)'];
        if (JSON.stringify(named) === JSON.stringify([...target.expected].sort())) exact++;
        else if (mismatches.length < 5) mismatches.push(`${target.kind} ${target.key}: named ${named.join(', ')}`);
        // Pushes land at varied moments, as real ones do.
        await delay(Math.floor(random() * 4));
      }
    } finally {
      socket.off('message', onFrame);
      appliedSubscription.dispose();
      changeSubscription.dispose();
    }
    return {
      pushes,
      rows_shown: rows,
      coalesce_ms: SESSION_COALESCE_MS,
      update_latency_p50_ms: round(quantile(latencies, 0.5)),
      update_latency_p90_ms: round(quantile(latencies, 0.9)),
      update_latency_p99_ms: round(quantile(latencies, 0.99)),
      update_latency_max_ms: round(Math.max(...latencies)),
      receive_to_applied_p50_ms: round(median(parseTimes), 3),
      exact,
      missed,
      mismatches,
    };
  } finally {
    model.dispose();
  }
}
