// `npm run bench`: the performance figures of docs/PERFORMANCE.md, measured against the qbo
// emulator's `large` world over a real loopback socket. Prints a table and writes
// bench/results.json. Plain Node, no VS Code; talks only to 127.0.0.1; bounded in time.
//
//   npm run bench [-- --only ingest,listing,latency,memory,two_profiles,children,startup,huge,workbench] [--out FILE]
//   node out/bench/run.js [--only …] [--out FILE]   (after npm run build && npm run compile-tests)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { QboSession } from '../src/session/session';
import { SESSION_COALESCE_MS } from './constants';
import { captureListing, measureIngest, type IngestResult } from './ingest';
import { measureSocketIngest, type SocketIngestResult } from './ingestSocket';
import { measureLatency, type LatencyResult } from './latency';
import { BENCH_DIR, EmulatorHost, round } from './lib';
import { measureMemory, measureTwoProfilesMemory } from './memory';
import type { MemoryResult } from './memoryChild';
import { measureTwoProfilesLatency, type TwoProfilesLatencyResult } from './twoProfiles';
import type { TwoProfilesMemoryResult } from './twoProfilesMemoryChild';
import { measureActivation, type ActivationResult } from './activation';
import { measureHuge, type HugeResult } from './huge';
import { measureWorkbench, type WorkbenchResult } from './workbench/measure';
import { ROOT } from '../test/support/processes';
import { measureBundle, readActivate, type ActivateResult, type BundleResult } from './startup';
import { measureGetChildren, measureInitialListing, type ChildrenResult, type ListingResult } from './tree';

/** Objects in the huge world over objects in the large world (both with networks and load balancers). */
const HUGE_OBJECT_RATIO = 10;

/** The whole run is cut off after this long, whatever hangs (the workbench section alone takes 3–8 minutes on a loaded machine). */
const DEADLINE_MS = 900_000;

const SECTIONS = ['ingest', 'listing', 'latency', 'memory', 'two_profiles', 'children', 'startup', 'huge', 'workbench'] as const;
type Section = (typeof SECTIONS)[number];

type Comparison = 'min' | 'max';
interface Budget {
  limit: number;
  /** `min`: the figure must be at least the limit; `max`: at most. */
  kind: Comparison;
}

/** The issue's budgets: benchmark targets, not timed tests. */
export const BUDGETS: Record<string, Budget> = {
  ingest_per_s: { limit: 100_000, kind: 'min' },
  ingest_ratio_vs_json_parse: { limit: 0.3, kind: 'min' },
  ingest_socket_ratio_vs_json_parse: { limit: 0.25, kind: 'min' },
  update_latency_p99_ms: { limit: 2, kind: 'max' },
  activate_total_ms: { limit: 30, kind: 'max' },
  first_rows_small_over_baseline_ms: { limit: 400, kind: 'max' },
  first_rows_large_over_baseline_ms: { limit: 800, kind: 'max' },
  bundle_kb: { limit: 400, kind: 'max' },
  heap_large_world_mb: { limit: 150, kind: 'max' },
  heap_huge_world_mb: { limit: 300, kind: 'max' },
  push_to_pixel_p95_ms: { limit: 100, kind: 'max' },
  huge_listing_longest_stall_ms: { limit: 100, kind: 'max' },
  two_profiles_push_delay_p99_ms: { limit: 50, kind: 'max' },
};

interface Row {
  metric: string;
  value: number | null;
  unit: string;
  note?: string;
}

function parseArgs(argv: string[]): { only: Set<Section>; out: string } {
  let only = new Set<Section>(SECTIONS);
  let out = path.join(BENCH_DIR, 'results.json');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--only') {
      const names = (argv[++i] ?? '').split(',').filter(Boolean);
      for (const name of names)
        if (!SECTIONS.includes(name as Section)) throw new Error(`unknown section "${name}" (one of ${SECTIONS.join(', ')})`);
      only = new Set(names as Section[]);
    } else if (arg === '--out') {
      out = path.resolve(argv[++i] ?? out);
    } else if (arg === '--help' || arg === '-h') {
      console.log(`usage: node out/bench/run.js [--only ${SECTIONS.join(',')}] [--out FILE]`);
      process.exit(0);
    } else throw new Error(`unknown argument "${arg}"`);
  }
  return { only, out };
}

function status(metric: string, value: number | null): 'pass' | 'miss' | 'n/a' | '' {
  const budget = BUDGETS[metric];
  if (!budget) return '';
  if (value === null || !Number.isFinite(value)) return 'n/a';
  return (budget.kind === 'min' ? value >= budget.limit : value <= budget.limit) ? 'pass' : 'miss';
}

function formatNumber(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  if (Math.abs(value) >= 10_000) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

/** `+ 1.5`, `− 0.2`: a difference, with its sign. */
function signed(value: number): string {
  return `${value < 0 ? '−' : '+'} ${Math.abs(value)}`;
}

function table(rows: Row[]): string {
  const cells = rows.map((row) => {
    const budget = BUDGETS[row.metric];
    return [
      row.metric,
      formatNumber(row.value),
      row.unit,
      budget ? `${budget.kind === 'min' ? '≥' : '≤'} ${formatNumber(budget.limit)}` : '',
      status(row.metric, row.value),
      row.note ?? '',
    ];
  });
  const header = ['metric', 'value', 'unit', 'budget', 'status', 'note'];
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((cell) => (cell[column] as string).length)));
  const line = (cell: string[]): string =>
    cell
      .map((text, column) => (column === 1 ? text.padStart(widths[column] as number) : text.padEnd(widths[column] as number)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.map(line)].join('\n');
}

function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memory_gb: round(os.totalmem() / 1024 ** 3, 1),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadavg_at_start: os.loadavg().map((value) => round(value, 2)),
  };
}

/**
 * The workbench section runs in code-server + Chromium: installed here, before anything is timed
 * (on a fresh clone that takes minutes), by the same set-up the test scripts call. Does nothing
 * once they are there.
 */
function ensureWorkbenchDependencies(): void {
  const setup = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'ensure-test-deps.js')], { stdio: 'inherit' });
  if (setup.status !== 0)
    throw new Error(
      `the workbench section needs code-server and Chromium, and setting them up failed (above); the other sections run without: --only ${SECTIONS.filter((section) => section !== 'workbench').join(',')}`,
    );
}

async function main(): Promise<void> {
  const { only, out } = parseArgs(process.argv.slice(2));
  if (only.has('workbench')) ensureWorkbenchDependencies();
  const startedAt = performance.now();
  const log = (text: string): void => console.error(`[bench ${((performance.now() - startedAt) / 1000).toFixed(1)} s] ${text}`);
  const hosts: EmulatorHost[] = [];
  const deadline = setTimeout(() => {
    console.error(`bench: over ${DEADLINE_MS / 1000} s, giving up`);
    for (const host of hosts) host.child.kill('SIGKILL');
    process.exit(1);
  }, DEADLINE_MS);
  deadline.unref();

  let ingest: IngestResult | undefined;
  let socketIngest: SocketIngestResult | undefined;
  let listing: ListingResult | undefined;
  let latency: LatencyResult | undefined;
  let memory: MemoryResult | undefined;
  let children: ChildrenResult | undefined;
  let twoProfilesMemory: TwoProfilesMemoryResult | undefined;
  let twoProfilesLatency: TwoProfilesLatencyResult | undefined;
  let activate: ActivateResult | undefined;
  let activation: ActivationResult | undefined;
  let huge: HugeResult | undefined;
  let workbench: WorkbenchResult | undefined;
  let bundle: BundleResult | undefined;
  const machineInfo = machine();

  // First, on a quiet machine: later sections leave code-server, Chromium and emulator processes
  // winding down, and these fresh processes are short enough for that to show.
  if (only.has('startup')) {
    log('start-up: production bundle; fresh processes loading it and calling activate(), against empty-module processes');
    activate = readActivate();
    bundle = await measureBundle(90_000, async (bundleFile) => {
      activation = await measureActivation(bundleFile);
    });
  }

  if (only.has('ingest') || only.has('listing') || only.has('latency') || only.has('memory')) {
    log('starting the emulator (large world) in a child process');
    const host = await EmulatorHost.start('large');
    hosts.push(host);
    let session: QboSession | undefined;
    try {
      if (only.has('ingest')) {
        log('ingest: capturing the frames of a full listing over the socket');
        const capture = await captureListing(host.credentials, host.url);
        log(`ingest: ${capture.frames.length} frames, ${capture.entities} objects, ${(capture.bytes / 1024 ** 2).toFixed(1)} MB; timing`);
        ingest = measureIngest(capture);
        log('ingest over the socket: the same frames from the emulator host into a session');
        socketIngest = await measureSocketIngest(host, capture);
      }
      if (only.has('listing') || only.has('latency')) {
        log('initial listing: cold sessions to the first complete tree');
        const measured = await measureInitialListing(host);
        listing = measured.result;
        session = measured.session;
      }
      if (only.has('latency') && session) {
        log('update latency: mirror pushes to tree change events');
        latency = await measureLatency(session, host);
      }
      session?.dispose();
      session = undefined;
      if (only.has('memory')) {
        log('memory: a client holding the large world, in a --expose-gc child');
        memory = await measureMemory(host.credentials);
      }
    } finally {
      session?.dispose();
      await host.close();
    }
  }
  if (only.has('two_profiles')) {
    log('two profiles: starting two emulators (the large world and the small world)');
    const [large, small] = await Promise.all([EmulatorHost.start('large'), EmulatorHost.start('small')]);
    hosts.push(large, small);
    try {
      log('two profiles: memory, both connected in one manager, in a --expose-gc child');
      twoProfilesMemory = await measureTwoProfilesMemory(large.credentials, small.credentials);
      log("two profiles: the small profile's pushes, with the large profile idle and re-listing");
      twoProfilesLatency = await measureTwoProfilesLatency(large, small, log);
    } finally {
      await Promise.all([large.close(), small.close()]);
    }
  }
  if (only.has('children')) {
    log('getChildren: starting the emulator (one node with 1,000 pods)');
    const host = await EmulatorHost.start('pods1000');
    hosts.push(host);
    try {
      children = await measureGetChildren(host);
    } finally {
      await host.close();
    }
  }
  if (only.has('huge')) {
    log('huge world: starting the emulator (1,000 clusters, 200,000 pods, plus the 1,000-pod node)');
    const host = await EmulatorHost.start('huge');
    hosts.push(host);
    try {
      huge = await measureHuge(host, log);
    } finally {
      await host.close();
    }
  }
  if (only.has('workbench')) {
    log('workbench: code-server + Chromium (first rows, push to pixel)');
    workbench = await measureWorkbench(log);
  }
  const rows: Row[] = [];
  const add = (metric: string, value: number | null | undefined, unit: string, note?: string): void => {
    if (value !== undefined) rows.push({ metric, value, unit, ...(note ? { note } : {}) });
  };
  if (ingest) {
    add('ingest_per_s', ingest.ingest_per_s, 'objects/s', `parse + validate + inventory apply; median of ${ingest.iterations}`);
    add('json_parse_per_s', ingest.json_parse_per_s, 'objects/s', 'JSON.parse alone, same frames, same run');
    add(
      'ingest_ratio_vs_json_parse',
      ingest.ingest_ratio_vs_json_parse,
      '×',
      `${ingest.pipeline_ms} ms vs ${ingest.json_parse_ms} ms for ${ingest.entities} objects`,
    );
    add('relist_per_s', ingest.relist_per_s, 'objects/s', 'same listing again into the full inventory (reconnect)');
  }
  if (socketIngest) {
    add(
      'ingest_socket_per_s',
      socketIngest.ingest_socket_per_s,
      'objects/s',
      `loopback WebSocket → session → inventory; median of ${socketIngest.runs}`,
    );
    add(
      'ingest_socket_ratio_vs_json_parse',
      socketIngest.ingest_socket_ratio_vs_json_parse,
      '×',
      `${socketIngest.socket_pipeline_ms} ms vs JSON.parse ${socketIngest.json_parse_ms} ms of the same bytes`,
    );
  }
  if (latency) {
    add(
      'update_latency_p50_ms',
      latency.update_latency_p50_ms,
      'ms',
      `${latency.pushes} isolated pushes; leading edge, ${latency.coalesce_ms} ms window behind it`,
    );
    add(
      'update_latency_p99_ms',
      latency.update_latency_p99_ms,
      'ms',
      `exact rows named: ${latency.exact}/${latency.pushes}${latency.missed ? `, ${latency.missed} missed` : ''}`,
    );
  }
  if (children)
    add(
      'get_children_1000_pods_ms',
      children.get_children_1000_pods_ms,
      'ms',
      `median of ${children.runs}; first (cold) ${children.get_children_1000_pods_cold_ms} ms`,
    );
  if (listing)
    add(
      'initial_listing_ms',
      listing.initial_listing_ms,
      'ms',
      `median of ${listing.runs}: listing ${listing.listing_ms} + tree ${listing.tree_ms}; first run ${listing.initial_listing_first_ms} ms`,
    );
  if (listing)
    add(
      'listing_tree_events',
      listing.tree_events_during_listing,
      'events',
      `TreeModel.onDidChange during a full listing of ${Object.values(listing.counts).reduce((sum, count) => sum + count, 0)} objects (leading edge, then one per window)`,
    );
  if (memory)
    add(
      'heap_large_world_mb',
      memory.heap_large_world_mb,
      'MB',
      `after GC; ${memory.baseline_heap_mb} MB before loading; every row shown ${memory.heap_all_rows_mb} MB`,
    );
  if (twoProfilesMemory)
    add(
      'two_profiles_heap_mb',
      twoProfilesMemory.heap_two_profiles_mb,
      'MB',
      `after GC, large + small world in one manager; the large world's profile alone ${twoProfilesMemory.heap_one_profile_mb} MB (${signed(round(twoProfilesMemory.heap_two_profiles_mb - twoProfilesMemory.heap_one_profile_mb, 1))} MB)`,
    );
  if (twoProfilesLatency) {
    const { idle, relisting } = twoProfilesLatency;
    add(
      'two_profiles_connect_tree_events',
      twoProfilesLatency.tree_events_while_connecting,
      'events',
      "TreeModel.onDidChange from the start to both profiles listed (profiles shown, each row's state, each profile's clusters)",
    );
    add(
      'two_profiles_push_idle_p99_ms',
      idle.p99_ms,
      'ms',
      `small profile's pushes, large idle: ${idle.pushes} (emulator commit → tree event), p50 ${idle.p50_ms} ms`,
    );
    add(
      'two_profiles_push_relisting_p99_ms',
      relisting.p99_ms,
      'ms',
      `${relisting.pushes} during ${twoProfilesLatency.relists} re-listings of the large profile (median ${twoProfilesLatency.relist_median_ms} ms); p50 ${relisting.p50_ms} ms, max ${relisting.max_ms} ms; CPU/wall of the slowest 1 %: ${relisting.slowest_cpu_share}`,
    );
    add(
      'two_profiles_push_delay_p99_ms',
      twoProfilesLatency.two_profiles_push_delay_p99_ms,
      'ms',
      `re-listing p99 − idle p99; exact rows named: ${idle.exact + relisting.exact}/${idle.pushes + relisting.pushes}${idle.missed + relisting.missed ? `, ${idle.missed + relisting.missed} missed` : ''}`,
    );
  }
  if (workbench) {
    const { first_rows_baseline: base, first_rows_small: small, first_rows_large: large, push_to_pixel: pixel } = workbench;
    if (base) add('first_rows_baseline_ms', base.median_ms, 'ms', `click → the static row of a one-row extension; median of ${base.runs}`);
    for (const [metric, figure, budget] of [
      ['first_rows_small_ms', small, 400],
      ['first_rows_large_ms', large, 800],
    ] as const) {
      if (!figure) continue;
      const overBaseline = base ? round(figure.median_ms - base.median_ms, 1) : undefined;
      add(
        metric,
        figure.median_ms,
        'ms',
        `click → first cluster rows; median of ${figure.runs}${overBaseline !== undefined ? `; baseline + ${overBaseline} ms (budget + ${budget})` : ''}${figure.welcome_flashes ? `; signed-out welcome flashed in ${figure.welcome_flashes} runs` : ''}`,
      );
      if (overBaseline !== undefined) add(`${metric.replace(/_ms$/, '')}_over_baseline_ms`, overBaseline, 'ms');
    }
    if (pixel) {
      add('push_to_pixel_p50_ms', pixel.p50_ms, 'ms', `${pixel.seen}/${pixel.pushes} emulator commits seen in the DOM`);
      add('push_to_pixel_p95_ms', pixel.p95_ms, 'ms');
      add('push_to_pixel_p99_ms', pixel.p99_ms, 'ms', `max ${pixel.max_ms} ms; isolated changes, 250 ms apart`);
    }
    const burst = workbench.push_to_pixel_burst;
    if (burst)
      add(
        'push_to_pixel_burst_p95_ms',
        burst.p95_ms,
        'ms',
        `${burst.seen}/${burst.pushes} changes 40 ms apart: p50 ${burst.p50_ms} ms; VS Code holds a tree's refresh for 200 ms after the previous one`,
      );
    const { two_profiles_first_rows: two, two_profiles_first_rows_one_profile: alone } = workbench;
    if (alone)
      add(
        'two_profiles_first_rows_large_alone_ms',
        alone.median_ms,
        'ms',
        `the large world's profile alone, opened as the two-profile runs are (one browser context); median of ${alone.runs}`,
      );
    if (two) {
      const rows = two.breakdown_median_ms;
      add(
        'two_profiles_first_rows_ms',
        two.median_ms,
        'ms',
        `click → cluster rows of both profiles; median of ${two.runs}; small world's rows ${rows.small_rows_ms ?? '—'} ms, large world's ${rows.large_rows_ms ?? '—'} ms`,
      );
      if (alone)
        add(
          'two_profiles_first_rows_over_large_alone_ms',
          round(two.median_ms - alone.median_ms, 1),
          'ms',
          'what connecting the small world beside it costs',
        );
    }
  }
  if (huge) {
    const ratio = (hugeValue: number, largeValue: number | undefined): string =>
      largeValue
        ? `${round(hugeValue / largeValue, 2)}× the large world's ${largeValue} (objects ×${HUGE_OBJECT_RATIO})`
        : 'large world not measured in this run';
    add(
      'huge_initial_listing_ms',
      huge.listing.initial_listing_ms,
      'ms',
      ratio(huge.listing.initial_listing_ms, listing?.initial_listing_ms),
    );
    add(
      'huge_listing_longest_stall_ms',
      huge.listing.longest_stall_ms,
      'ms',
      `the longest event-loop stall of the ingesting process from session start to ready, most of ${huge.listing.runs} runs`,
    );
    add('heap_huge_world_mb', huge.memory.heap_large_world_mb, 'MB', ratio(huge.memory.heap_large_world_mb, memory?.heap_large_world_mb));
    add(
      'get_children_1000_pods_huge_ms',
      huge.children.get_children_1000_pods_ms,
      'ms',
      ratio(huge.children.get_children_1000_pods_ms, children?.get_children_1000_pods_ms).replace(
        "the large world's",
        "the one-node world's",
      ),
    );
    if (listing)
      add('huge_initial_listing_ratio', round(huge.listing.initial_listing_ms / listing.initial_listing_ms, 2), '×', 'huge / large');
    if (memory) add('heap_huge_world_ratio', round(huge.memory.heap_large_world_mb / memory.heap_large_world_mb, 2), '×', 'huge / large');
    if (children)
      add(
        'get_children_1000_pods_huge_ratio',
        round(huge.children.get_children_1000_pods_ms / children.get_children_1000_pods_ms, 2),
        '×',
        'same node among 26× the objects / alone',
      );
  }
  if (activation)
    add(
      'activate_total_ms',
      activation.activate_total_ms,
      'ms',
      `load + activate(): median of ${activation.processes} processes (${activation.bundle_process_median_ms} ms) − empty-module processes (${activation.baseline_process_median_ms} ms); in-process load ${activation.load_median_ms} ms, activate() ${activation.activate_call_median_ms} ms`,
    );
  if (activate)
    add(
      'activate_in_host_ms',
      activate.activate_ms,
      'ms',
      activate.activate_ms === null ? activate.note : 'cross-check only: from bench/activate.json (integration harness)',
    );
  if (bundle) {
    add('bundle_kb', bundle.bundle_kb, 'KB', bundle.note);
    add('bundle_activation_kb', bundle.bundle_activation_kb, 'KB', 'dist/extension.js alone: what activation reads and compiles');
  }

  const metrics: Record<string, number | null> = Object.fromEntries(rows.map((row) => [row.metric, row.value]));
  const results = {
    date: new Date().toISOString(),
    node_version: process.version,
    machine: machineInfo,
    duration_s: round((performance.now() - startedAt) / 1000, 1),
    ...metrics,
    heap_baseline_mb: memory?.baseline_heap_mb,
    heap_ratio_vs_baseline: memory ? round(memory.heap_large_world_mb / memory.baseline_heap_mb, 2) : undefined,
    budgets: Object.fromEntries(Object.entries(BUDGETS).map(([metric, budget]) => [metric, { [budget.kind]: budget.limit }])),
    status: Object.fromEntries(
      Object.keys(BUDGETS)
        .filter((metric) => metric in metrics)
        .map((metric) => [metric, status(metric, metrics[metric] ?? null)]),
    ),
    details: {
      workbench,
      huge,
      ingest,
      socketIngest,
      listing,
      latency,
      memory,
      twoProfilesMemory,
      twoProfilesLatency,
      children,
      activate,
      activation,
      bundle,
      coalesce_ms: SESSION_COALESCE_MS,
    },
  };
  fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(table(rows));
  if (memory)
    console.log(
      `\nheap: ${memory.baseline_heap_mb} MB before loading → ${memory.heap_large_world_mb} MB with the large world (${results.heap_ratio_vs_baseline}×)`,
    );
  console.log(
    `\n${path.relative(process.cwd(), out) || out} written in ${results.duration_s} s (${machineInfo.cores} × ${machineInfo.cpu}, Node ${process.version})`,
  );
  clearTimeout(deadline);
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
