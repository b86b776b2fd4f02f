// 4. Memory, the measuring side: run as `node --expose-gc out/bench/memoryChild.js` by
// bench/memory.ts, so the heap holds only the client (session, inventory, tree), not the
// emulator or the other measurements. Receives the credentials over IPC, answers with figures.
import { singleProfileModel } from '../test/support/treeModel';
import type { QboCredentials } from '../src/qbo/credentials';
import { materialiseAll } from './latency';
import { benchSession, startAndWaitReady } from './lib';
import { materialiseFolders } from './tree';

export interface MemoryResult {
  baseline_heap_mb: number;
  heap_large_world_mb: number;
  heap_all_rows_mb: number;
  rss_large_world_mb: number;
  rows_folders: number;
  rows_all: number;
}

const MB = 1024 * 1024;

/** Bytes as MB (2^20), one decimal. */
export function megabytes(bytes: number): number {
  return Math.round((bytes / MB) * 10) / 10;
}

export async function settledHeap(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  // Twice, with a turn of the event loop between, so weak and pending objects are gone too.
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

async function measure(credentials: QboCredentials, readyTimeoutMs: number): Promise<MemoryResult> {
  const baseline = await settledHeap();
  const session = benchSession(credentials, readyTimeoutMs);
  const model = singleProfileModel(session.inventory);
  await startAndWaitReady(session, readyTimeoutMs);
  const rowsFolders = materialiseFolders(model);
  session.inventory.flush();
  const loaded = await settledHeap();
  const rss = process.memoryUsage().rss;
  const rowsAll = materialiseAll(model);
  const allRows = await settledHeap();
  model.dispose();
  session.dispose();
  return {
    baseline_heap_mb: megabytes(baseline),
    heap_large_world_mb: megabytes(loaded),
    heap_all_rows_mb: megabytes(allRows),
    rss_large_world_mb: megabytes(rss),
    rows_folders: rowsFolders,
    rows_all: rowsAll,
  };
}

if (require.main === module) {
  process.once('message', ({ credentials, readyTimeoutMs }: { credentials: QboCredentials; readyTimeoutMs: number }) => {
    measure(credentials, readyTimeoutMs).then(
      (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
      (error: unknown) =>
        process.send?.({ ok: false, error: error instanceof Error ? error.message : String(error) }, () => process.exit(1)),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
