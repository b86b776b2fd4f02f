// The benchmark's server side: the in-process qbo emulator, run in its own child process so the
// client figures (listing, latency, heap) are not mixed with the server's own CPU and memory, as
// with a real remote server. Driven over IPC by bench/hostClient.ts. Listens on 127.0.0.1 only.
import {
  makeTestAccount,
  startEmulator,
  validateWorldFile,
  worldFromFile,
  type RunningEmulator,
  type WorldFile,
  type WorldKind,
} from '../src/emulator';
import { hugeWorld, type WorldBlueprint } from '../src/emulator/blueprints';
import { Changes } from '../src/emulator/userWorld';
import { startReplayServer, type ReplayServer } from './replayServer';
import { BIG_CLUSTER, BIG_NODE, BIG_NODE_PODS } from './constants';

export type HostWorld = 'small' | 'large' | 'pods1000' | 'huge';

export type HostRequest =
  | { id: number; op: 'start'; world: HostWorld }
  | { id: number; op: 'push'; kind: WorldKind; objectId: string; patch: Record<string, unknown> }
  | { id: number; op: 'counts' }
  | { id: number; op: 'clock' }
  | { id: number; op: 'ids'; names: string[] }
  | { id: number; op: 'replay'; listings: { kind: string; uuid: string; frames: string[] }[] }
  | { id: number; op: 'close' };

export type HostReply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

export interface StartResult {
  url: string;
  user: string;
  /** The client configuration (public key + aux) for the benchmark's account. */
  cliJson: unknown;
}

/** One cluster, one node, 1,000 pods on that node: the worst single `getChildren` of the tree. */
function pods1000World(): WorldFile {
  const pods = Array.from({ length: BIG_NODE_PODS }, (_, i) => ({
    name: `app-${Math.floor(i / 10) + 1}-${((i * 2654435761) % 0xfffff).toString(16).padStart(5, '0')}-${i % 10}`,
    cluster: BIG_CLUSTER,
    node: BIG_NODE,
    namespace: ['default', 'web', 'batch', 'monitoring'][i % 4] as string,
  }));
  return validateWorldFile(
    {
      clusters: [{ name: BIG_CLUSTER, state: 'running' }],
      nodes: [{ name: BIG_NODE, cluster: BIG_CLUSTER, state: 'running' }],
      pods,
    },
    'pods1000 world',
  );
}

/** The huge world plus the pods1000 cluster, so getChildren of that node is timed among 260,000 objects. */
const hugeWithBigNode: WorldBlueprint = (user) => {
  const world = hugeWorld(user);
  const big = worldFromFile(pods1000World())(user).clusterByName(BIG_CLUSTER);
  if (!big) throw new Error('pods1000 world has no big cluster');
  world.addCluster(big);
  return world;
};

let emulator: RunningEmulator | undefined;
let replay: ReplayServer | undefined;
let user = '';

async function handle(request: HostRequest): Promise<unknown> {
  switch (request.op) {
    case 'start': {
      if (emulator) throw new Error('already started');
      const { account } = await makeTestAccount('bench@localhost');
      user = account.user;
      emulator = await startEmulator({
        host: '127.0.0.1',
        port: 0,
        speed: 0,
        accounts: [account],
        world:
          request.world === 'large' || request.world === 'small'
            ? request.world
            : request.world === 'huge'
              ? hugeWithBigNode
              : worldFromFile(pods1000World()),
      });
      emulator.state.world(user); // build the world now, not during the first measured listing
      const result: StartResult = { url: emulator.url, user, cliJson: emulator.clientConfig() };
      return result;
    }
    case 'push': {
      // A mirror push of one changed object, exactly as a lifecycle step publishes it.
      const world = requireEmulator().state.world(user);
      const wire = requireEmulator()
        .state.list(user, request.kind)
        .find((object) => object.id === request.objectId);
      if (!wire) throw new Error(`no ${request.kind} ${request.objectId}`);
      Object.assign(wire, request.patch);
      world.commit(new Changes().add(request.kind, wire as never), { commandLine: 'qbo bench push', threadId: 1 });
      return performance.timeOrigin + performance.now();
    }
    case 'counts':
      return requireEmulator().state.counts(user);
    case 'clock':
      return performance.timeOrigin + performance.now();
    case 'ids': {
      // Cluster and node ids (and states) by name, for pushes aimed at rows a page shows.
      const wanted = new Set(request.names);
      const found: Record<string, { kind: WorldKind; id: string; state: string }> = {};
      for (const kind of ['clusters', 'nodes'] as const)
        for (const object of requireEmulator().state.list(user, kind))
          if (typeof object.name === 'string' && wanted.has(object.name) && typeof object.id === 'string')
            found[object.name] = { kind, id: object.id, state: String(object.state ?? '') };
      return found;
    }
    case 'replay':
      // The emulator's own frames of a full listing, answered from memory: what the socket figure
      // times is the WebSocket and the client, not the emulator building them.
      await replay?.close();
      replay = await startReplayServer(request.listings);
      return replay.url;
    case 'close':
      await replay?.close();
      await emulator?.close();
      emulator = undefined;
      setImmediate(() => process.exit(0));
      return true;
  }
}

function requireEmulator(): RunningEmulator {
  if (!emulator) throw new Error('not started');
  return emulator;
}

if (require.main === module) {
  if (!process.send) {
    console.error('bench/emulatorHost is started by bench/run.js over IPC');
    process.exit(2);
  }
  process.on('message', (request: HostRequest) => {
    handle(request).then(
      (result) => process.send?.({ id: request.id, ok: true, result } satisfies HostReply),
      (error: unknown) =>
        process.send?.({ id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) } satisfies HostReply),
    );
  });
  // The parent going away (crash, Ctrl-C) takes the emulator with it: the bench stays bounded.
  process.on('disconnect', () => process.exit(0));
}
