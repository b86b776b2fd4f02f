// Domain rules of qbo objects that both the tree and the commands rely on: how a state string
// classifies, the short id qbo accepts wherever a name is, and which cluster an object belongs to.
import type { InventoryKind } from './inventory';

export type StateClass = 'running' | 'stopped' | 'transitional' | 'failed' | 'unknown';

const RUNNING = new Set(['running', 'ready', 'active', 'up', 'succeeded', 'completed']);
const STOPPED = new Set(['stopped', 'exited', 'created', 'paused', 'down', 'inactive']);
const TRANSITIONAL = new Set([
  'starting',
  'stopping',
  'deleting',
  'creating',
  'restarting',
  'pending',
  'containercreating',
  'podinitializing',
  'terminating',
  'scaling',
  'adding',
  'removing',
]);
const FAILED = new Set([
  'failed',
  'error',
  'dead',
  'crashloopbackoff',
  'imagepullbackoff',
  'errimagepull',
  'unknown-error',
  'oomkilled',
  'evicted',
]);

/** Classifies a state or status string as the tree shows it. */
export function stateClass(state: string | undefined): StateClass {
  if (!state) return 'unknown';
  const normal = state.trim().toLowerCase();
  if (RUNNING.has(normal)) return 'running';
  if (STOPPED.has(normal)) return 'stopped';
  if (TRANSITIONAL.has(normal) || normal.endsWith('ing')) return 'transitional';
  if (FAILED.has(normal)) return 'failed';
  return 'unknown';
}

/** The first 8 characters of an id, as qbo accepts wherever a name is. */
export function shortId(id: string | undefined): string | undefined {
  return id ? id.slice(0, 8) : undefined;
}

/** The cluster (by name) an object belongs to. Networks are named after their cluster. */
export function clusterOf(kind: InventoryKind, entity: Record<string, unknown>): string | undefined {
  if (kind === 'clusters' || kind === 'networks') return text(entity.name);
  if (kind === 'users' || kind === 'images') return undefined;
  return text(entity.cluster);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
