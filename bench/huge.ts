// 6. A tenfold world (`huge`: 1,000 clusters, 10,000 nodes, 200,000 pods, 50,000 services, plus
// the 1,000-pod node of the getChildren figure): the initial listing to a complete tree, the heap
// holding it, and getChildren of the 1,000-pod node among everything else. run.ts reports each
// as a ratio to the same figure of the large world measured in the same run.
import type { MemoryResult } from './memoryChild';
import { measureMemory } from './memory';
import { measureGetChildren, measureInitialListing, type ChildrenResult, type ListingResult } from './tree';
import type { EmulatorHost } from './lib';

export interface HugeResult {
  listing: ListingResult;
  children: ChildrenResult;
  memory: MemoryResult;
}

export async function measureHuge(host: EmulatorHost, log: (text: string) => void): Promise<HugeResult> {
  log('huge world: initial listing (2 cold sessions)');
  const measured = await measureInitialListing(host, 2, 180_000);
  measured.session.dispose();
  log('huge world: getChildren of the 1,000-pod node');
  const children = await measureGetChildren(host, 30, 180_000);
  log('huge world: heap of a client holding it, in a --expose-gc child');
  const memory = await measureMemory(host.credentials, 240_000);
  return { listing: measured.result, children, memory };
}
