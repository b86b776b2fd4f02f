// Reliability: garbage from the server. The emulator's garbageEvery over a whole session, and a
// property-based fuzz (fast-check) of parseServerMessage over thousands of mutations of real
// messages captured from the emulator: it never throws, what it accepts never corrupts the
// inventory, and bad frames are counted and logged in a few rate-limited summaries.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import fc from 'fast-check';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  addClusterCommand,
  clusterOf,
  entityKey,
  INVENTORY_KINDS,
  Inventory,
  MAX_MESSAGE_DEPTH,
  parseCliJson,
  parseServerMessage,
  stopCommand,
  namedTargets,
  renderCommand,
  type InventoryKind,
  type QboCredentials,
  type ServerMessage,
} from '../../../src/qbo';
import type { RunningEmulator } from '../../../src/emulator';
import { FIXTURES, startTestEmulator, TestSocket } from '../../support/emulator';
import { waitUntil } from '../../support/wait';
import { testSession } from '../../support/session';

const PARSE_ERROR_KINDS = new Set(['too-large', 'too-deep', 'not-json', 'not-object', 'invalid-envelope']);

interface Entry {
  entity: Record<string, unknown>;
  cluster: string | undefined;
  nodeKey: string | undefined;
}

/** Every entry has its key; the cluster and node indexes agree exactly with the tables. */
function assertInventoryConsistent(inventory: Inventory): void {
  const internals = inventory as unknown as {
    tables: Map<InventoryKind, Map<string, Entry>>;
    byCluster: Map<string, Map<InventoryKind, Set<string>>>;
    podsByNode: Map<string, Set<string>>;
  };
  let indexedByCluster = 0;
  let indexedByNode = 0;
  for (const kind of INVENTORY_KINDS) {
    const table = internals.tables.get(kind);
    assert.ok(table, kind);
    assert.equal(inventory.all(kind).length, table.size);
    for (const [key, entry] of table) {
      assert.ok(typeof key === 'string' && key !== '', `${kind}: every entry has a key`);
      assert.equal(entityKey(kind, entry.entity), key, `${kind} ${key}: key derived from the entity`);
      assert.equal(entry.cluster, clusterOf(kind, entry.entity), `${kind} ${key}: cluster derived from the entity`);
      assert.notEqual(entry.entity.state, 'deleted', `${kind} ${key}: a deleted object is not kept`);
      assert.notEqual(entry.entity.status, 'deleted', `${kind} ${key}: a deleted object is not kept`);
      if (entry.cluster !== undefined && kind !== 'clusters') {
        assert.ok(internals.byCluster.get(entry.cluster)?.get(kind)?.has(key), `${kind} ${key} indexed under its cluster`);
        indexedByCluster++;
      }
      if (entry.nodeKey !== undefined) {
        assert.equal(kind, 'pods');
        assert.ok(internals.podsByNode.get(entry.nodeKey)?.has(key), `pod ${key} indexed under its node`);
        indexedByNode++;
      }
    }
  }
  let clusterIndexSize = 0;
  for (const [cluster, kinds] of internals.byCluster) {
    assert.ok(kinds.size > 0, 'no empty index left behind');
    for (const [kind, keys] of kinds) {
      assert.ok(keys.size > 0, 'no empty index left behind');
      for (const key of keys)
        assert.equal(
          internals.tables.get(kind)?.get(key)?.cluster,
          cluster,
          `index entry ${kind} ${key} points at a live object of ${cluster}`,
        );
      clusterIndexSize += keys.size;
    }
  }
  let nodeIndexSize = 0;
  for (const [nodeKey, keys] of internals.podsByNode) {
    assert.ok(keys.size > 0, 'no empty index left behind');
    for (const key of keys) assert.equal(internals.tables.get('pods')?.get(key)?.nodeKey, nodeKey, `pod index entry ${key} is live`);
    nodeIndexSize += keys.size;
  }
  assert.equal(clusterIndexSize, indexedByCluster, 'the cluster index holds nothing else');
  assert.equal(nodeIndexSize, indexedByNode, 'the node index holds nothing else');
}

// -- mutations ----------------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

type Structural = { kind: 'replace' | 'delete' | 'rename' | 'wrap' | 'unwrap'; path: number[]; value: Json; key: string };
type Textual = { kind: 'truncate' | 'delete' | 'insert' | 'flip'; at: number; text: string; length: number; code: number };

const KEYS = [
  'clusters',
  'nodes',
  'pods',
  'services',
  'networks',
  'ipvs',
  'users',
  'images',
  'output',
  'version',
  'uuid',
  'command',
  'code',
  'status',
  'timestamp',
  'command_id',
  'id',
  'name',
  'cluster',
  'cluster_id',
  'node',
  'state',
  'namespace',
  'vip',
  '__proto__',
  'constructor',
  'toString',
  '',
];
/** Nesting just past the limit, and far past it (deep enough to overflow JSON.stringify), written as text after stringify (see `deepen`). */
const DEEP_MARK = '__deep__';
const DEEPER_MARK = '__deeper__';

const interestingValue: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  fc.constantFrom<Json>(
    'deleted',
    '',
    null,
    0,
    -1,
    1e308,
    'CMD_DONE',
    'CMD_WATCH',
    [],
    {},
    '\u0000\u202e',
    'x'.repeat(2000),
    'dev',
    'prod',
    DEEP_MARK,
    DEEPER_MARK,
  ),
  fc.constantFrom<Json>(
    [{ id: 'ghost', name: 'ghost', state: 'running' }],
    { id: 'solo', name: 'dev' },
    [{ name: 'no-id', cluster: 'dev' }],
    [{ id: 7, cluster: 8, node: 9 }],
  ),
);

const structural: fc.Arbitrary<Structural> = fc.record({
  kind: fc.constantFrom('replace', 'delete', 'rename', 'wrap', 'unwrap'),
  path: fc.array(fc.nat(), { maxLength: 5 }),
  value: interestingValue,
  key: fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 })),
});

const textual: fc.Arbitrary<Textual> = fc.record({
  kind: fc.constantFrom('truncate', 'delete', 'insert', 'flip'),
  at: fc.nat(),
  text: fc.oneof(
    fc.string({ unit: 'binary', maxLength: 8 }),
    fc.constantFrom('{', '}', '[', ']', '"', '\\', ',', ':', 'null', '\u0000', '"__proto__":{"id":"p"},', '\ud800', '[['.repeat(40)),
  ),
  length: fc.integer({ min: 1, max: 40 }),
  code: fc.integer({ min: 0, max: 0xffff }),
});

function setOwn(target: Record<string, Json>, key: string, value: Json): void {
  // defineProperty: a plain assignment to "__proto__" would change the prototype instead.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function applyStructural(root: Json, original: Structural): Json {
  // A private copy: generated values may be shared (constants), and must not end up in two places.
  const mutation = { ...original, value: JSON.parse(JSON.stringify(original.value)) as Json };
  // An empty path replaces the whole message (an array, a string, null, ...).
  if (mutation.path.length === 0 && mutation.kind === 'replace') return mutation.value;
  let parent: Json = root;
  let steps = mutation.path;
  // Walk down while there is something to walk into.
  while (steps.length > 1) {
    const [index, ...rest] = steps as [number, ...number[]];
    const children = Array.isArray(parent) ? parent : parent && typeof parent === 'object' ? Object.values(parent) : [];
    const next = children.length > 0 ? children[index % children.length] : undefined;
    if (next === undefined || next === null || typeof next !== 'object') break;
    parent = next;
    steps = rest;
  }
  if (parent === null || typeof parent !== 'object') return mutation.value;
  const index = steps[0] ?? 0;
  if (Array.isArray(parent)) {
    const at = parent.length === 0 ? 0 : index % parent.length;
    if (mutation.kind === 'delete') parent.splice(at, 1);
    else if (mutation.kind === 'wrap') parent[at] = [parent[at] ?? null];
    else if (mutation.kind === 'unwrap' && Array.isArray(parent[at])) parent[at] = (parent[at] as Json[])[0] ?? null;
    else parent[at] = mutation.value;
    return root;
  }
  const keys = Object.keys(parent);
  const key = keys.length === 0 ? mutation.key : (keys[index % keys.length] as string);
  const current = parent[key] ?? null;
  switch (mutation.kind) {
    case 'delete':
      delete parent[key];
      break;
    case 'rename':
      delete parent[key];
      setOwn(parent, mutation.key, current);
      break;
    case 'wrap':
      parent[key] = [current];
      break;
    case 'unwrap':
      parent[key] = Array.isArray(current) ? (current[0] ?? null) : current;
      break;
    default:
      setOwn(parent, keys.length === 0 || index % 3 === 0 ? mutation.key : key, mutation.value);
  }
  return root;
}

function applyTextual(text: string, mutation: Textual): string {
  const at = text.length === 0 ? 0 : mutation.at % text.length;
  switch (mutation.kind) {
    case 'truncate':
      return text.slice(0, at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + mutation.length);
    case 'insert':
      return text.slice(0, at) + mutation.text + text.slice(at);
    default:
      return text.slice(0, at) + String.fromCharCode(mutation.code) + text.slice(at + 1);
  }
}

/** The marks become values nested just past the depth limit, and 20,000 levels deep. */
function deepen(text: string): string {
  const nested = (depth: number): string => `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`;
  return text
    .split(`"${DEEP_MARK}"`)
    .join(nested(MAX_MESSAGE_DEPTH + 1))
    .split(`"${DEEPER_MARK}"`)
    .join(nested(20_000));
}

function mutatedFrame(corpus: readonly string[]): fc.Arbitrary<string> {
  return fc
    .record({
      index: fc.nat({ max: corpus.length - 1 }),
      structural: fc.array(structural, { maxLength: 3 }),
      textual: fc.array(textual, { maxLength: 2 }),
    })
    .map(({ index, structural: changes, textual: edits }) => {
      let value = JSON.parse(corpus[index] as string) as Json;
      for (const change of changes) value = applyStructural(value, change);
      let text = deepen(JSON.stringify(value) ?? 'null');
      for (const edit of edits) text = applyTextual(text, edit);
      return text;
    });
}

/** Real frames: every kind, kubeconfig, lifecycle with pushes, errors; plus the observed example. */
async function captureCorpus(): Promise<{ frames: string[]; listings: { uuid: string; kind: InventoryKind }[] }> {
  const emulator: RunningEmulator = await startTestEmulator();
  const socket = await TestSocket.connect(emulator);
  const listings: { uuid: string; kind: InventoryKind }[] = [];
  try {
    for (const kind of ['clusters', 'nodes', 'pods', 'services', 'networks', 'ipvs', 'users', 'images'] as const) {
      const frames = await socket.command(`get ${kind} -A`);
      listings.push({ uuid: String(frames[0]?.uuid), kind });
    }
    await socket.command('version');
    await socket.command('get cluster dev -k');
    await socket.command(renderCommand(addClusterCommand(['fuzz'], { nodes: 2 })));
    await socket.command(renderCommand(stopCommand('clusters', namedTargets('clusters', 'dev'))));
    await socket.command('delete cluster fuzz');
    await socket.command('stop cluster nope');
    socket.send('not a command');
    await socket.waitFor(
      () => socket.frames.some((frame) => frame.code === 400 && frame.uuid === undefined),
      3000,
      'the 400 for a bad frame',
    );
    const frames = socket.frames.map((frame) => JSON.stringify(frame));
    frames.push(fs.readFileSync(path.join(FIXTURES, 'observed-nodes.json'), 'utf8'));
    return { frames, listings };
  } finally {
    await socket.close();
    await emulator.close();
  }
}

/** A session over the credentials, counting the well-formed messages its connection delivers. */
function countingSession(name: string, credentials: QboCredentials): ReturnType<typeof testSession> & { received: { messages: number } } {
  const { session, logger } = testSession(credentials, { name });
  const received = { messages: 0 };
  session.connection.onMessage(() => received.messages++);
  return { session, logger, received };
}

describe('reliability: garbage from the server', function () {
  this.timeout(30_000);
  let corpus: string[];
  let listings: { uuid: string; kind: InventoryKind }[];
  let clean: ServerMessage[];

  before(async () => {
    ({ frames: corpus, listings } = await captureCorpus());
    clean = corpus.map((text) => {
      const parsed = parseServerMessage(text);
      assert.ok(parsed.ok, 'every captured frame parses');
      return parsed.message;
    });
    assert.ok(corpus.length > 60, `a corpus of ${corpus.length} real frames`);
  });

  it('parseServerMessage never throws over 3,000 mutated real frames, and what it accepts keeps the inventory consistent', () => {
    const seen = { accepted: 0, rejected: 0, kinds: new Set<string>() };
    fc.assert(
      fc.property(
        fc.array(mutatedFrame(corpus), { minLength: 1, maxLength: 3 }),
        fc.nat({ max: listings.length - 1 }),
        (frames, listingIndex) => {
          const inventory = new Inventory({ coalesceMs: 1000 });
          try {
            for (const message of clean) inventory.apply(message);
            // A listing in flight, so that a mutated final message may sweep.
            const listing = listings[listingIndex] as { uuid: string; kind: InventoryKind };
            inventory.trackListing(listing.uuid, listing.kind);
            for (const text of frames) {
              const result = parseServerMessage(text);
              if (!result.ok) {
                seen.rejected++;
                seen.kinds.add(result.error.kind);
                assert.ok(PARSE_ERROR_KINDS.has(result.error.kind), result.error.kind);
                assert.equal(result.error.length, text.length);
                assert.ok(
                  result.error.detail.length < 120 && (text.length < 20 || !result.error.detail.includes(text)),
                  'the detail never echoes the frame',
                );
                continue;
              }
              seen.accepted++;
              assert.ok(Array.isArray(result.message.payloads));
              inventory.apply(result.message);
              assertInventoryConsistent(inventory);
              // What a "Show JSON" or a log would do with it must not blow up either.
              JSON.stringify(result.message.raw);
            }
          } finally {
            inventory.dispose();
          }
        },
      ),
      { numRuns: 1500, seed: Number(process.env.QBO_FUZZ_SEED ?? 20261127) },
    );
    // Both sides were really exercised.
    if (process.env.QBO_DEBUG) console.log(JSON.stringify({ ...seen, kinds: [...seen.kinds] }));
    assert.ok(seen.accepted > 600 && seen.rejected > 600, JSON.stringify({ ...seen, kinds: [...seen.kinds] }));
    for (const kind of ['not-json', 'too-deep', 'not-object', 'invalid-envelope']) assert.ok(seen.kinds.has(kind), `saw ${kind}`);
  });

  it('refuses a frame nested deeper than the limit before parsing it, and keeps real nesting', () => {
    const deep = `{"version":[${'['.repeat(100_000)}${']'.repeat(100_000)}]}`;
    const refused = parseServerMessage(deep);
    assert.ok(!refused.ok && refused.error.kind === 'too-deep');
    const brackets = `{"output":[{"message":"${'['.repeat(500)}"}]}`;
    assert.ok(parseServerMessage(brackets).ok, 'brackets inside strings are not nesting');
    const escaped = `{"output":[{"message":"\\"${'{'.repeat(500)}"}]}`;
    assert.ok(parseServerMessage(escaped).ok, 'an escaped quote does not end the string');
    for (const text of corpus) assert.ok(parseServerMessage(text).ok);
  });

  it('counts every bad frame a session receives and logs only a summary, over a real socket', async () => {
    // A scripted server replays mutated frames (and a few binary ones) to a real session.
    const frames = fc.sample(mutatedFrame(corpus), { numRuns: 400, seed: 7 });
    const expectedBad = frames.filter((text) => !parseServerMessage(text).ok).length + 3;
    const expectedGood = frames.length + 3 - expectedBad;
    const server = http.createServer();
    const wss = new WebSocketServer({ noServer: true, handleProtocols: () => 'qbo' });
    const sockets: WebSocket[] = [];
    server.on('upgrade', (request, socket, head) => wss.handleUpgrade(request, socket, head, (ws) => sockets.push(ws)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const credentials: QboCredentials = { kind: 'token', token: 'fuzz-token', host: '127.0.0.1', port, source: 'test' };
    const { session, logger, received } = countingSession('fuzz', credentials);
    try {
      session.start();
      await waitUntil(() => sockets.length === 1 && session.connection.isOpen, 3000, 'the session to connect');
      const socket = sockets[0] as WebSocket;
      for (const text of frames) socket.send(text);
      for (let i = 0; i < 3; i++) socket.send(Buffer.from([0xff, i]));
      await waitUntil(() => session.badFrameCount + received.messages >= frames.length + 3, 5000, 'every frame to arrive');
      assert.equal(session.badFrameCount, expectedBad, 'every bad frame counted');
      assert.equal(received.messages, expectedGood);
      assert.ok(expectedBad > 100);
      const summaries = logger.lines.filter((line) => /malformed frame/.test(line));
      assert.ok(summaries.length >= 1 && summaries.length <= 2, `a summary, not a line per frame: ${summaries.length}`);
      assert.ok(session.connection.isOpen, 'garbage does not take the link down');
      assertInventoryConsistent(session.inventory);
    } finally {
      session.dispose();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('survives garbageEvery over a whole session: counted, summarised, and the inventory still matches the emulator', async () => {
    const emulator = await startTestEmulator({ garbageEvery: 3 });
    const credentials = parseCliJson(emulator.clientConfig());
    const { session, logger, received } = countingSession('garbage', credentials);
    try {
      session.start();
      assert.ok(await session.whenReady(5000));
      await session.run(stopCommand('clusters', namedTargets('clusters', 'dev')));
      await session.run(addClusterCommand(['qa'], { nodes: 2 }));
      await waitUntil(() => session.badFrameCount === Math.floor(received.messages / 3), 2000, 'the garbage after the last messages');
      session.inventory.flush();
      assert.ok(session.badFrameCount >= 10, `${session.badFrameCount} garbage frames`);
      assert.equal(session.badFrameCount, Math.floor(received.messages / 3), 'one garbage frame per three messages, each counted');
      const summaries = logger.lines.filter((line) => /malformed frame/.test(line));
      assert.equal(summaries.length, 1, 'one summary within the rate-limit window');
      assert.match(summaries[0] as string, /^warn ignored 1 malformed frame from the server \(last: malformed JSON\); total 1$/);
      for (const kind of ['clusters', 'nodes', 'pods', 'services', 'networks', 'ipvs'] as const) {
        const server = emulator.state
          .list('dev@localhost', kind)
          .map((object) => object.id)
          .sort();
        assert.deepEqual(
          session.inventory
            .entries(kind)
            .map(([key]) => key)
            .sort(),
          server,
          kind,
        );
      }
      assertInventoryConsistent(session.inventory);
    } finally {
      session.dispose();
      await emulator.close();
    }
  });
});
