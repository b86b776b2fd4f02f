// Two profiles connected at once, the large world and the small world, in one SessionManager and
// one tree model (as the extension has them): how much the large profile re-listing its 20,000 pods
// delays the mirror pushes of the small profile. Each push is timed from the emulator's commit (the
// small world's own emulator process, its clock brought to this one's) to the tree model's event
// naming the rows it changed, and also from the frame's arrival on the small profile's socket: a
// frame waiting behind the other socket's burst waits before it is read, which timing from its
// arrival alone would not see. Pushes are made in blocks, alternately with the large profile idle and re-listing, so
// the machine's load at a given moment weighs on both alike.
import type WebSocket from 'ws';
import type { TreeElement } from '../src/explorer/treeElements';
import { LARGE_PROFILE, SESSION_COALESCE_MS, SMALL_PROFILE } from './constants';
import { lcg, materialiseAll, targetsOf, type Target } from './latency';
import { delay, median, quantile, round, socketOf, wallClock, type EmulatorHost } from './lib';
import { benchManager, benchProfile, BenchProfileSource, boundModel, whenProfilesReady } from './manager';

export interface PushPhaseResult {
  pushes: number;
  /** Emulator commit → tree model event (two processes' wall clocks). */
  p50_ms: number;
  p90_ms: number;
  p99_ms: number;
  max_ms: number;
  /** Emulator commit → the frame read from the small profile's socket. */
  commit_to_arrival_p99_ms: number;
  /** Frame read → tree model event, in this process. */
  arrival_to_event_p99_ms: number;
  /** Pushes whose event named exactly the expected rows. */
  exact: number;
  missed: number;
  /**
   * The slowest 1 % of pushes (at least 3): this process's CPU time over the wall time of each,
   * median. Near 1 or above: it was running (parsing the other profile's frames, collecting
   * garbage); well below 1: the machine did not schedule it.
   */
  slowest_cpu_share: number;
}

export interface TwoProfilesLatencyResult {
  blocks: number;
  coalesce_ms: number;
  rows_shown: number;
  idle: PushPhaseResult;
  relisting: PushPhaseResult;
  /** Re-listings of the large profile during the relisting blocks, and their median duration. */
  relists: number;
  relist_median_ms: number;
  /** Pushes of the relisting blocks committed between two re-listings (left out of its figures). */
  pushes_between_relists: number;
  /** TreeModel.onDidChange events from the manager's start to both profiles listed. */
  tree_events_while_connecting: number;
  /** Events the tree model fired for the large profile (or the whole tree) while the small one's pushes were timed. */
  other_events: number;
  /** The small world's emulator's wall clock minus this process's, taken out of every commit time. */
  clock_offset_ms: number;
  /** relisting p99 − idle p99. */
  two_profiles_push_delay_p99_ms: number;
  mismatches: string[];
}

interface PushSample {
  committedAt: number;
  arrivedAt: number | undefined;
  firedAt: number;
  exact: boolean;
  /** This process's CPU time (every thread) from sending the push request to the event, over that wall time. */
  cpuShare: number;
}

interface Pending {
  arrivedAt?: number;
  fired?: { at: number; elements: readonly TreeElement[] };
  wake?: () => void;
}

function phase(samples: PushSample[], missed: number): PushPhaseResult {
  const latencies = samples.map((sample) => sample.firedAt - sample.committedAt);
  const arrivals = samples.filter((sample) => sample.arrivedAt !== undefined);
  return {
    pushes: samples.length,
    p50_ms: round(quantile(latencies, 0.5)),
    p90_ms: round(quantile(latencies, 0.9)),
    p99_ms: round(quantile(latencies, 0.99)),
    max_ms: round(Math.max(...latencies)),
    commit_to_arrival_p99_ms: round(
      quantile(
        arrivals.map((sample) => (sample.arrivedAt as number) - sample.committedAt),
        0.99,
      ),
    ),
    arrival_to_event_p99_ms: round(
      quantile(
        arrivals.map((sample) => sample.firedAt - (sample.arrivedAt as number)),
        0.99,
      ),
    ),
    exact: samples.filter((sample) => sample.exact).length,
    missed,
    slowest_cpu_share: round(
      median(
        [...samples]
          .sort((a, b) => b.firedAt - b.committedAt - (a.firedAt - a.committedAt))
          .slice(0, Math.max(3, Math.ceil(samples.length / 100)))
          .map((sample) => sample.cpuShare),
      ),
    ),
  };
}

export async function measureTwoProfilesLatency(
  large: EmulatorHost,
  small: EmulatorHost,
  log: (text: string) => void,
  blocks = 6,
  pushesPerBlock = 50,
): Promise<TwoProfilesLatencyResult> {
  const source = new BenchProfileSource([benchProfile(LARGE_PROFILE, large.credentials), benchProfile(SMALL_PROFILE, small.credentials)]);
  const manager = benchManager(source);
  const tree = boundModel(manager);
  const model = tree.model;
  try {
    // What the view is told while both connect: in VS Code each event within 200 ms of the previous
    // refresh holds the next one back (docs/PERFORMANCE.md), so fewer is better.
    let connectEvents = 0;
    const counting = model.onDidChange(() => connectEvents++);
    await manager.ensureStarted();
    const [largeProfile, smallProfile] = await whenProfilesReady(manager, [LARGE_PROFILE, SMALL_PROFILE]);
    counting.dispose();
    if (!largeProfile || !smallProfile || !model.showsProfiles)
      throw new Error('two profiles: both profiles should be connected and shown');
    // Every row of both profiles materialised, as if the user had expanded everything.
    const rows = materialiseAll(model);
    largeProfile.inventory.flush();
    smallProfile.inventory.flush();
    await delay(50);
    const random = lcg(20240601);
    const targets = targetsOf(smallProfile.inventory, SMALL_PROFILE, random);

    // Commit times are the small world's emulator's clock: brought to this process's.
    const clockOffset = await small.clockOffset();
    const pending: Pending = {};
    let timing = false;
    let otherEvents = 0;
    const socket: WebSocket = socketOf(smallProfile.session);
    // Prepended: runs before the connection's own listener parses the frame.
    const onFrame = (data: WebSocket.RawData, isBinary: boolean): void => {
      if (!isBinary && pending.arrivedAt === undefined && Buffer.isBuffer(data) && data.includes('"CMD_WATCH"'))
        pending.arrivedAt = wallClock();
    };
    socket.prependListener('message', onFrame);
    const changes = model.onDidChange((elements) => {
      if (!elements || !elements.some((element) => element.profile === SMALL_PROFILE)) {
        if (timing) otherEvents++;
        return;
      }
      if (pending.fired) return;
      pending.fired = { at: wallClock(), elements };
      pending.wake?.();
    });

    const mismatches: string[] = [];
    /** One isolated push to the small world; undefined when its event never came. */
    const push = async (): Promise<PushSample | undefined> => {
      // Past the 10 ms window the previous event opened (a push inside it waits for its end by design).
      await delay(SESSION_COALESCE_MS * 2 + 5 + Math.floor(random() * 4));
      const target = targets[Math.floor(random() * targets.length)] as Target;
      const current = (smallProfile.inventory.get(target.kind, target.key) as Record<string, unknown> | undefined)?.[target.field];
      const value = current === target.values[0] ? target.values[1] : target.values[0];
      delete pending.arrivedAt;
      delete pending.fired;
      const fired = new Promise<void>((resolve) => (pending.wake = resolve));
      const sentAt = wallClock();
      const cpuBefore = process.cpuUsage();
      const hostCommit = (await small.call({
        op: 'push',
        kind: target.kind,
        objectId: target.id,
        patch: { [target.field]: value },
      })) as number;
      const committedAt = hostCommit - clockOffset;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([fired, new Promise<void>((resolve) => (timer = setTimeout(resolve, 5_000)))]);
      clearTimeout(timer);
      delete pending.wake;
      const { fired: event, arrivedAt } = pending as Pending;
      if (!event) return undefined;
      const cpu = process.cpuUsage(cpuBefore);
      const cpuShare = (cpu.user + cpu.system) / 1000 / Math.max(0.001, event.at - sentAt);
      const named = event.elements.map((element) => element.id).sort();
      const exact = JSON.stringify(named) === JSON.stringify([...target.expected].sort());
      if (!exact && mismatches.length < 5) mismatches.push(`${target.kind} ${target.key}: named ${named.join(', ')}`);
      return { committedAt, arrivedAt, firedAt: event.at, exact, cpuShare };
    };

    const idle: PushSample[] = [];
    const relisting: PushSample[] = [];
    let idleMissed = 0;
    let relistingMissed = 0;
    let between = 0;
    const relistTimes: number[] = [];
    timing = true;
    try {
      for (let block = 0; block < blocks; block++) {
        for (let i = 0; i < pushesPerBlock; i++) {
          const sample = await push();
          if (sample) idle.push(sample);
          else idleMissed++;
        }
        // The large profile re-lists back to back (what Refresh, or a reconnect, does) while the small one's pushes are timed.
        const windows: [number, number][] = [];
        let listing = true;
        let current: number | undefined;
        const relists = (async () => {
          while (listing) {
            current = wallClock();
            await largeProfile.session.relist();
            windows.push([current, wallClock()]);
            relistTimes.push(wallClock() - current);
            current = undefined;
          }
        })();
        const samples: PushSample[] = [];
        let missed = 0;
        while (samples.length < pushesPerBlock) {
          const sample = await push();
          if (!sample) {
            missed++;
            if (missed > pushesPerBlock) break;
            continue;
          }
          const started = current;
          const during =
            windows.some(([start, end]) => sample.committedAt >= start && sample.committedAt <= end) ||
            (started !== undefined && sample.committedAt >= started);
          if (during) samples.push(sample);
          else between++;
        }
        listing = false;
        await relists;
        relisting.push(...samples);
        relistingMissed += missed;
        log(`two profiles: block ${block + 1}/${blocks}, ${windows.length} re-listings`);
      }
    } finally {
      timing = false;
      socket.off('message', onFrame);
      changes.dispose();
    }
    const idlePhase = phase(idle, idleMissed);
    const relistingPhase = phase(relisting, relistingMissed);
    return {
      blocks,
      coalesce_ms: SESSION_COALESCE_MS,
      rows_shown: rows,
      idle: idlePhase,
      relisting: relistingPhase,
      relists: relistTimes.length,
      relist_median_ms: round(median(relistTimes), 1),
      pushes_between_relists: between,
      tree_events_while_connecting: connectEvents,
      other_events: otherEvents,
      clock_offset_ms: round(clockOffset, 3),
      two_profiles_push_delay_p99_ms: round(relistingPhase.p99_ms - idlePhase.p99_ms),
      mismatches,
    };
  } finally {
    tree.dispose();
    manager.dispose();
    source.dispose();
  }
}
