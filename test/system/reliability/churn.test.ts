// Reliability: a flaky link. The emulator drops every connection after a few messages for a
// period of churn (QBO_CHURN_SECONDS, default 6 s, so the suite stays fast), while commands keep
// being issued. Afterwards the link heals (a healthy emulator on the same port serving the very
// same world), and nothing has leaked: listeners, timers, sockets, requests, heap; and the
// inventory equals the server's world.
import * as assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import {
  CommandFailedError,
  DisconnectedError,
  getCommand,
  namedTargets,
  parseCliJson,
  startCommand,
  stopCommand,
  type QboCommand,
  type Emitter,
  type Inventory,
} from '../../../src/qbo';
import { QboSession, type Logger } from '../../../src/session/session';
import { makeTestAccount, smallWorld, type RunningEmulator, type WorldBlueprint } from '../../../src/emulator';
import type { UserWorld } from '../../../src/emulator/userWorld';
import { startTestEmulator } from '../../support/emulator';
import { waitUntil, sleep } from '../../support/wait';

const USER = 'flaky@example.com';
const CHURN_MS = Math.max(1, Number(process.env.QBO_CHURN_SECONDS ?? '6')) * 1000;
/** Each churn phase drops connections after this many messages: before, during, after a re-listing. */
const DROP_AFTER = [5, 13, 29, 41];
const PHASE_MS = 1500;

/** A real collector even without --expose-gc. */
function collector(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

function resources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of process.getActiveResourcesInfo()) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}

function listeners(session: QboSession): Record<string, number> {
  const count = (owner: object, field: string): number => ((owner as Record<string, unknown>)[field] as Emitter<unknown>).listenerCount;
  return {
    connectionState: count(session.connection, 'stateEmitter'),
    connectionMessage: count(session.connection, 'messageEmitter'),
    connectionInvalid: count(session.connection, 'invalidEmitter'),
    clientMessage: count(session.client, 'messageEmitter'),
    // The inventory's change events come from its batcher (src/qbo/changeBatcher.ts).
    inventoryChange: count((session.inventory as unknown as { changes: object }).changes, 'changeEmitter'),
    sessionStatus: count(session, 'statusEmitter'),
  };
}

/** Bookkeeping that would grow with every lost request if something were not cleaned up. */
function bookkeeping(session: QboSession): Record<string, number> {
  const inventory = session.inventory as unknown as { listings: Map<string, unknown> };
  return {
    inFlight: session.client.inFlight,
    listings: inventory.listings.size,
    readyWaiters: (session as unknown as { readyWaiters: unknown[] }).readyWaiters.length,
  };
}

function assertMatchesWorld(inventory: Inventory, world: UserWorld): void {
  for (const kind of ['clusters', 'nodes', 'pods', 'services', 'networks', 'ipvs'] as const) {
    const server = world.list(kind) as { id: string; state?: string; status?: string }[];
    const local = inventory.entries(kind) as [string, { state?: string; status?: string }][];
    assert.deepEqual(local.map(([key]) => key).sort(), server.map((object) => object.id).sort(), `${kind}: same objects as the server`);
    const expected = new Map(server.map((object) => [object.id, object.state ?? object.status]));
    for (const [key, entity] of local)
      assert.equal(entity.state ?? entity.status, expected.get(key), `${kind} ${key}: same state as the server`);
  }
}

describe('reliability: a flaky link (dropAfter churn)', function () {
  this.timeout(CHURN_MS + 20_000);
  let emulator: RunningEmulator | undefined;
  let session: QboSession | undefined;
  afterEach(async () => {
    session?.dispose();
    await emulator?.close();
    session = emulator = undefined;
  });

  it(`survives ${CHURN_MS / 1000} s of connections dropped after ${DROP_AFTER.join('/')} messages, then leaks nothing and shows the server's state`, async () => {
    const gc = collector();
    const { account } = await makeTestAccount(USER);
    // One world shared by every emulator started here: whatever the churn did to it is what the
    // healed link must show.
    let world: UserWorld | undefined;
    const shared: WorldBlueprint = (user) => (world ??= smallWorld(user));
    emulator = await startTestEmulator({ accounts: [account], world: shared });
    const credentials = parseCliJson(emulator.clientConfig());
    const port = credentials.port;
    const log = (): void => undefined;
    const logger: Logger = { trace: log, info: log, warn: log, error: log };
    session = new QboSession({
      profile: { name: 'flaky', host: credentials.host, port },
      credentials,
      logger,
      requestTimeoutMs: 3000,
      coalesceMs: 1,
      connection: { initialBackoffMs: 10, maxBackoffMs: 80, pingIntervalMs: 60_000 },
    });
    let opens = 0;
    session.connection.onState((state) => state.kind === 'open' && opens++);
    session.start();
    assert.ok(await session.whenReady(5000));

    // Baseline on a healthy link.
    gc();
    const baseline = {
      resources: resources(),
      listeners: listeners(session),
      heap: process.memoryUsage().heapUsed,
      bookkeeping: bookkeeping(session),
    };

    // Churn: the same port, the same world, but every connection dies after a few messages; the
    // budget changes every phase so drops hit listings, commands and pushes alike.
    const commands: QboCommand[] = [
      stopCommand('clusters', namedTargets('clusters', 'dev')),
      startCommand('clusters', namedTargets('clusters', 'dev')),
      startCommand('clusters', namedTargets('clusters', 'prod')),
      stopCommand('clusters', namedTargets('clusters', 'prod')),
      getCommand('nodes'),
    ];
    const outcomes = { ok: 0, disconnected: 0, failed: 0 };
    const deadline = Date.now() + CHURN_MS;
    let issued = 0;
    let phaseEnds = 0;
    let phase = 0;
    while (Date.now() < deadline) {
      if (Date.now() >= phaseEnds) {
        await emulator.close();
        emulator = await startTestEmulator({
          port,
          accounts: [account],
          world: shared,
          dropAfter: DROP_AFTER[phase++ % DROP_AFTER.length],
        });
        phaseEnds = Date.now() + PHASE_MS;
      }
      if (!session.connection.isOpen) {
        await sleep(5);
        continue;
      }
      const command = commands[issued++ % commands.length] as QboCommand;
      try {
        await session.run(command);
        outcomes.ok++;
      } catch (error) {
        // Only the two expected failures: the link dropped, or the server refused (e.g. 409).
        if (error instanceof DisconnectedError) outcomes.disconnected++;
        else if (error instanceof CommandFailedError) outcomes.failed++;
        else throw error;
      }
    }
    const churnOpens = opens;
    assert.ok(churnOpens >= 10, `the link was re-established many times (${churnOpens})`);
    assert.ok(outcomes.disconnected >= 5, `commands were cut off by drops: ${JSON.stringify(outcomes)}`);
    assert.ok(outcomes.ok >= 1, `some commands got through between drops: ${JSON.stringify(outcomes)}`);

    // Heal: a healthy server on the same port, same world.
    await emulator.close();
    emulator = await startTestEmulator({ port, accounts: [account], world: shared });
    await waitUntil(() => session?.status.kind === 'ready' && session.connection.isOpen, 5000, 'ready after the churn');
    session.inventory.flush();
    await sleep(50);
    gc();

    assert.ok(world);
    assertMatchesWorld(session.inventory, world);
    assert.deepEqual(listeners(session), baseline.listeners, 'no listener added per reconnect');
    assert.deepEqual(bookkeeping(session), baseline.bookkeeping, 'no request, listing or waiter left behind');
    assert.equal(emulator.state.connectionCount(USER), 1, 'exactly one socket open on the server');
    const now = resources();
    for (const type of new Set([...baseline.resources.keys(), ...now.keys()])) {
      const slack = type === 'Timeout' ? 2 : 0;
      assert.ok(
        (now.get(type) ?? 0) <= (baseline.resources.get(type) ?? 0) + slack,
        `${type}: ${now.get(type)} now vs ${baseline.resources.get(type)} before`,
      );
    }
    const growth = process.memoryUsage().heapUsed - baseline.heap;
    assert.ok(growth < 16 * 1024 * 1024, `heap grew by ${Math.round(growth / 1024)} KB over ${churnOpens} reconnects`);
  });
});
