// Memory with two profiles connected, the measuring side: run as `node --expose-gc
// out/bench/twoProfilesMemoryChild.js` by bench/memory.ts, so the heap holds only the client. One
// SessionManager and one tree model, as the extension has them: the large world's profile alone
// first (heap after GC), then the small world's profile connected beside it (heap after GC).
import type { QboCredentials } from '../src/qbo/credentials';
import { LARGE_PROFILE, SMALL_PROFILE } from './constants';
import { benchManager, benchProfile, BenchProfileSource, boundModel, whenProfilesReady } from './manager';
import { megabytes, settledHeap } from './memoryChild';
import { materialiseFolders } from './tree';

export interface TwoProfilesMemoryResult {
  baseline_heap_mb: number;
  /** The large world's profile alone, through the manager. */
  heap_one_profile_mb: number;
  /** Both profiles connected, the tree's profile rows, clusters, folders and folder rows shown. */
  heap_two_profiles_mb: number;
  rss_two_profiles_mb: number;
  rows_one_profile: number;
  rows_two_profiles: number;
}

async function measure(large: QboCredentials, small: QboCredentials, readyTimeoutMs: number): Promise<TwoProfilesMemoryResult> {
  const baseline = await settledHeap();
  const source = new BenchProfileSource([benchProfile(LARGE_PROFILE, large)]);
  const manager = benchManager(source, readyTimeoutMs);
  const tree = boundModel(manager);
  try {
    await manager.ensureStarted();
    const [largeProfile] = await whenProfilesReady(manager, [LARGE_PROFILE], readyTimeoutMs);
    const rowsOne = materialiseFolders(tree.model);
    largeProfile?.inventory.flush();
    const one = await settledHeap();

    source.set([benchProfile(LARGE_PROFILE, large), benchProfile(SMALL_PROFILE, small)]);
    await manager.reload();
    const profiles = await whenProfilesReady(manager, [LARGE_PROFILE, SMALL_PROFILE], readyTimeoutMs);
    if (!tree.model.showsProfiles) throw new Error('two profiles connected, but the tree does not show profile rows');
    const rowsTwo = materialiseFolders(tree.model);
    for (const profile of profiles) profile.inventory.flush();
    const two = await settledHeap();
    const rss = process.memoryUsage().rss;
    return {
      baseline_heap_mb: megabytes(baseline),
      heap_one_profile_mb: megabytes(one),
      heap_two_profiles_mb: megabytes(two),
      rss_two_profiles_mb: megabytes(rss),
      rows_one_profile: rowsOne,
      rows_two_profiles: rowsTwo,
    };
  } finally {
    tree.dispose();
    manager.dispose();
    source.dispose();
  }
}

if (require.main === module) {
  process.once('message', ({ large, small, readyTimeoutMs }: { large: QboCredentials; small: QboCredentials; readyTimeoutMs: number }) => {
    measure(large, small, readyTimeoutMs).then(
      (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
      (error: unknown) =>
        process.send?.({ ok: false, error: error instanceof Error ? error.message : String(error) }, () => process.exit(1)),
    );
  });
  process.on('disconnect', () => process.exit(0));
}
