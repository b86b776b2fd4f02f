// Emulator: the dialects of docs/PROTOCOL.md §8 over real sockets: `--replies single` (exactly one
// reply per command) and `--deleted-pushes off` (deleted objects just vanish), in process and
// through the CLI flags of dist/emulator.js.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildCookie, parseCliJson, parseServerMessage } from '../../../src/qbo';
import type { RunningEmulator } from '../../../src/emulator';
import { payload, startTestEmulator, TestSocket, type Frame } from '../../support/emulator';
import { startEmulatorProcess, type EmulatorProcess } from '../../support/processes';
import { changePushes } from './frames';

const USER = 'dev@localhost';

/** Sends a command and resolves with its first message (a single-reply server sends only that one). */
async function firstReply(socket: TestSocket, cmd: string): Promise<{ uuid: string; reply: Frame }> {
  const uuid = randomUUID();
  socket.send({ cmd, uuid });
  await socket.waitFor(() => socket.frames.some((frame) => frame.uuid === uuid), 10_000, `reply to "${cmd}"`);
  return { uuid, reply: socket.frames.find((frame) => frame.uuid === uuid) as Frame };
}

/**
 * The one reply of a command, checked to stay the only one: another command's reply arriving
 * afterwards on the same socket shows nothing more was on its way.
 */
async function onlyReply(socket: TestSocket, cmd: string): Promise<Frame> {
  const { uuid, reply } = await firstReply(socket, cmd);
  await firstReply(socket, 'version');
  const all = socket.frames.filter((frame) => frame.uuid === uuid);
  assert.equal(all.length, 1, `"${cmd}" got ${all.length} replies: ${all.map((frame) => frame.code).join(', ')}`);
  assert.equal(reply.command_line, `qbo ${cmd}`);
  assert.notEqual(reply.command, 'CMD_DONE');
  assert.ok(![201, 202].includes(reply.code as number));
  const parsed = parseServerMessage(JSON.stringify(reply));
  assert.ok(parsed.ok, 'the library parses the reply');
  return reply;
}

/** All messages of a command in either dialect: it ends with CMD_DONE, an error, or a first reply that is not 202. */
async function commandFrames(socket: TestSocket, cmd: string): Promise<Frame[]> {
  const uuid = randomUUID();
  socket.send({ cmd, uuid });
  const mine = (): Frame[] => socket.frames.filter((frame) => frame.uuid === uuid);
  const ended = (): boolean => {
    const frames = mine();
    if (frames.length > 0 && frames[0]?.code !== 202) return true;
    return frames.some((frame) => frame.command === 'CMD_DONE' || (frame.code as number) >= 400);
  };
  await socket.waitFor(ended, 10_000, `end of "${cmd}"`);
  return mine();
}

function deletedAnywhere(frames: readonly Frame[]): Frame[] {
  return frames.filter((frame) => JSON.stringify(frame).includes('"state":"deleted"'));
}

describe('emulator: --replies single', () => {
  let emulator: RunningEmulator;
  let socket: TestSocket;
  beforeEach(async () => {
    // Not instant: a reply that came before the work was done would show a transitional state.
    emulator = await startTestEmulator({ replies: 'single', speed: 0.02, batchSize: 2 });
    socket = await TestSocket.connect(emulator);
  });
  afterEach(async () => {
    await socket.close();
    await emulator.close();
  });

  it('answers a get with one 200 carrying all the data and the whole envelope', async () => {
    const reply = await onlyReply(socket, 'get nodes -A');
    assert.deepEqual(
      [reply.code, reply.status, reply.command, reply.subcommand, reply.apicommand],
      [200, 'OK', 'CMD_GET', 'SUBCMD_NODE', 'APICMD_NONE'],
    );
    assert.equal((reply.nodes as Frame[]).length, 6, 'one message even with --batch 2');
    for (const field of ['timestamp', 'command_id', 'user', 'agent', 'peer', 'host', 'source', 'wsi', 'thread_id', 'vhost'])
      assert.ok(reply[field] !== undefined, field);
    assert.equal(reply.user, USER);

    const images = await onlyReply(socket, 'get images');
    assert.deepEqual([images.subcommand, images.apicommand], ['SUBCMD_IMAGE', 'APICMD_REGISTRY_AUTH']);
    assert.ok((images.images as Frame[]).length > 0);
    const kubeconfig = await onlyReply(socket, 'get cluster dev -k');
    assert.match(String((kubeconfig.output as Frame[])[0]?.kubeconfig), /^apiVersion: v1\n/);
    const version = await onlyReply(socket, 'version');
    assert.equal(version.command, 'CMD_VERSION');
    assert.equal(payload([version], 'version').length, 3, 'qbo_cli, the API entry and the emulator’s own, in one message');
  });

  it('answers start, stop, add and delete with one final 200 sent after the work is done', async () => {
    const cases: [string, string, () => string | undefined][] = [
      ['stop clusters dev', 'CMD_STOP', () => emulator.state.getCluster(USER, 'dev')?.state],
      ['start clusters dev', 'CMD_START', () => emulator.state.getCluster(USER, 'dev')?.state],
      ['add cluster qa -n 1', 'CMD_ADD', () => emulator.state.getCluster(USER, 'qa')?.state],
      ['delete clusters qa', 'CMD_DELETE', () => emulator.state.getCluster(USER, 'qa')?.state ?? 'gone'],
    ];
    const expected = ['stopped', 'running', 'running', 'gone'];
    for (const [index, [cmd, command, stateNow]] of cases.entries()) {
      const { uuid, reply } = await firstReply(socket, cmd);
      // Read at the moment the reply arrives: the transition is already over.
      assert.equal(stateNow(), expected[index], cmd);
      assert.deepEqual([reply.code, reply.command, reply.uuid], [200, command, uuid], cmd);
      assert.match(String((reply.output as Frame[])[0]?.message), /terminated in \d+\.\d+s$/);
      await firstReply(socket, 'version');
      assert.equal(socket.frames.filter((frame) => frame.uuid === uuid).length, 1, cmd);
    }
    assert.ok(changePushes(socket).length > 0, 'mirror pushes still flow in single mode');
  });

  it('answers failures with one 4xx and a reason, never accepted first', async () => {
    for (const [cmd, code] of [
      ['get clusters nosuch', 404],
      ['frobnicate', 400],
      ['add cluster dev', 409],
      ['stop node nosuch.localhost', 404],
    ] as const) {
      const reply = await onlyReply(socket, cmd);
      assert.equal(reply.code, code, cmd);
      assert.ok(String((reply.output as Frame[])[0]?.message).length > 5, cmd);
    }
    assert.equal(socket.frames.filter((frame) => frame.code === 202 || frame.code === 201).length, 0);
  });
});

describe('emulator: --deleted-pushes off', () => {
  for (const replies of ['lifecycle', 'single'] as const) {
    it(`never sends state "deleted"; deleted objects vanish from listings (replies ${replies})`, async () => {
      const emulator = await startTestEmulator({ deletedPushes: false, replies });
      const actor = await TestSocket.connect(emulator);
      const watcher = await TestSocket.connect(emulator);
      try {
        const devNodes = emulator.state.list(USER, 'nodes', 'dev').map((node) => node.id);
        const worker = emulator.state.list(USER, 'nodes', 'prod')[1];
        assert.ok(worker);
        assert.equal((await commandFrames(actor, `delete node ${worker.id}`)).at(-1)?.code, 200);
        assert.equal((await commandFrames(actor, 'delete clusters dev')).at(-1)?.code, 200);
        assert.equal(emulator.state.getCluster(USER, 'dev'), undefined);
        const clusters = payload(await commandFrames(watcher, 'get clusters -A'), 'clusters');
        assert.deepEqual(
          clusters.map((cluster) => cluster.name),
          ['prod'],
        );
        const nodes = payload(await commandFrames(watcher, 'get nodes -A'), 'nodes');
        assert.equal(nodes.length, 2);
        assert.ok(nodes.every((node) => !devNodes.includes(String(node.id)) && node.id !== worker.id));
        assert.ok(changePushes(watcher).length > 0, 'the watcher saw the deletion under way');
        assert.deepEqual(deletedAnywhere(watcher.frames), []);
        assert.deepEqual(deletedAnywhere(actor.frames), []);
      } finally {
        await actor.close();
        await watcher.close();
        await emulator.close();
      }
    });
  }

  it('still pushes state "deleted" by default', async () => {
    const emulator = await startTestEmulator();
    const socket = await TestSocket.connect(emulator);
    try {
      await socket.command('delete clusters dev');
      assert.ok(deletedAnywhere(socket.pushes()).length > 0);
    } finally {
      await socket.close();
      await emulator.close();
    }
  });
});

describe('emulator: dialect flags of dist/emulator.js', function () {
  this.timeout(30_000);
  let tmp: string;
  let running: EmulatorProcess | undefined;
  before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qbo-dialects-'))));
  after(async () => {
    await running?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('serves --replies single --deleted-pushes off', async () => {
    running = await startEmulatorProcess(['--speed', '0', '--replies', 'single', '--deleted-pushes=off'], tmp);
    const credentials = parseCliJson(JSON.parse(fs.readFileSync(running.cliJson, 'utf8')));
    const socket = await TestSocket.open(running.url, await buildCookie(credentials));
    try {
      const reply = await onlyReply(socket, 'get clusters');
      assert.deepEqual(
        payload([reply], 'clusters').map((cluster) => cluster.name),
        ['dev', 'prod'],
      );
      const deleted = await onlyReply(socket, 'delete clusters prod');
      assert.deepEqual([deleted.code, deleted.command], [200, 'CMD_DELETE']);
      assert.deepEqual(
        payload([await onlyReply(socket, 'get clusters')], 'clusters').map((cluster) => cluster.name),
        ['dev'],
      );
      assert.deepEqual(deletedAnywhere(socket.frames), []);
    } finally {
      await socket.close();
    }
  });
});
