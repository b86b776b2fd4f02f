// Emulator: objects as the real server writes them (docs/PROTOCOL.md §7): field order read from the raw
// JSON text, the documented image list, the observed node states and a useful `version`.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { stateClass } from '../../../src/qbo/domain';
import { EMULATOR_VERSION, type RunningEmulator } from '../../../src/emulator';
import { versionSummary } from '../../../src/ui/serverText';
import { payload, startTestEmulator, TestSocket, type Frame } from '../../support/emulator';
import { changePushes } from './frames';

/** A socket that also keeps every frame's raw text, as it came off the wire. */
async function rawSocket(emulator: RunningEmulator): Promise<{ socket: TestSocket; texts: string[] }> {
  const socket = await TestSocket.connect(emulator);
  const texts: string[] = [];
  socket.socket.on('message', (data: Buffer) => texts.push(data.toString('utf8')));
  return { socket, texts };
}

/** The keys of the first object of `key`'s payload array, in the order of the raw text. */
function keysInText(texts: readonly string[], key: string): string[] {
  const text = texts.find((candidate) => candidate.includes(`"${key}":[{`));
  assert.ok(text, `a message with ${key}`);
  const start = text.indexOf(`"${key}":[{`) + key.length + 4;
  const object = text.slice(start, text.indexOf('}', start));
  return [...object.matchAll(/"([a-z_]+)":/g)].map((match) => match[1] as string);
}

const NODE_FIELDS = ['name', 'id', 'image', 'cluster', 'state', 'address', 'os', 'kernel', 'user', 'cluster_id'];
const NETWORK_FIELDS = ['name', 'id', 'subnet', 'state', 'user'];
const IMAGE_FIELDS = ['name', 'registry', 'user', 'repository', 'image', 'tag'];

describe('emulator: objects as the real server writes them', () => {
  let emulator: RunningEmulator;
  afterEach(async () => emulator.close());

  it("writes each kind's fields in the order of the vendor's API page (raw JSON text)", async () => {
    emulator = await startTestEmulator();
    const { socket, texts } = await rawSocket(emulator);
    try {
      for (const kind of ['clusters', 'nodes', 'pods', 'services', 'networks', 'ipvs', 'users', 'images'])
        await socket.command(`get ${kind} -A`);
      await socket.command('add cluster qa -n 2');
      assert.deepEqual(keysInText(texts, 'nodes'), NODE_FIELDS);
      assert.deepEqual(keysInText(texts, 'networks'), NETWORK_FIELDS);
      assert.deepEqual(keysInText(texts, 'images'), IMAGE_FIELDS);
      for (const kind of ['clusters', 'pods', 'services', 'users'])
        assert.deepEqual(keysInText(texts, kind).slice(0, 2), ['name', 'id'], kind);
      assert.equal(keysInText(texts, 'ipvs')[0], 'id', 'load balancers have no name: id first');
      // Pushes of a new cluster's nodes are written the same way.
      const pushed = texts.filter((text) => text.includes('"CMD_WATCH"'));
      assert.deepEqual(keysInText(pushed, 'nodes'), NODE_FIELDS);
      assert.deepEqual(keysInText(pushed, 'networks'), NETWORK_FIELDS);
    } finally {
      await socket.close();
    }
  });

  it('answers get images with the 25 documented kindest/node tags, v1.18.20 to v1.27.2, as a registry call', async () => {
    emulator = await startTestEmulator();
    const socket = await TestSocket.connect(emulator);
    try {
      const frames = await socket.command('get images');
      const data = frames.filter((frame) => 'images' in frame);
      assert.ok(
        data.length > 0 && data.every((frame) => frame.subcommand === 'SUBCMD_IMAGE' && frame.apicommand === 'APICMD_REGISTRY_AUTH'),
      );
      const images = payload(frames, 'images');
      assert.equal(images.length, 25);
      const tags = images.map((image) => String(image.tag));
      assert.equal(new Set(tags).size, 25);
      const version = (tag: string): number[] => tag.slice(1).split('.').map(Number);
      const sorted = [...tags].sort((a, b) => {
        const [x, y] = [version(a), version(b)];
        return (x[0] ?? 0) - (y[0] ?? 0) || (x[1] ?? 0) - (y[1] ?? 0) || (x[2] ?? 0) - (y[2] ?? 0);
      });
      assert.deepEqual([sorted[0], sorted.at(-1)], ['v1.18.20', 'v1.27.2']);
      for (const image of images) {
        assert.match(String(image.tag), /^v1\.\d+\.\d+$/);
        assert.deepEqual(
          [image.name, image.registry, image.user, image.repository, image.image],
          [`hub.docker.com/kindest/node:${String(image.tag)}`, 'hub.docker.com', 'kindest', '', 'node'],
        );
      }
      const nodes = payload(await socket.command('get nodes dev'), 'nodes');
      assert.ok(
        nodes.every((node) => node.image === 'kindest/node:v1.27.2'),
        'the default image is one of the list',
      );
    } finally {
      await socket.close();
    }
  });

  it('sends the observed node states ready and exited with --node-states observed; the tree classifies them', async () => {
    emulator = await startTestEmulator({ nodeStates: 'observed' });
    const socket = await TestSocket.connect(emulator);
    try {
      const nodes = payload(await socket.command('get nodes -A'), 'nodes');
      assert.deepEqual([...new Set(nodes.filter((node) => node.cluster === 'dev').map((node) => node.state))], ['ready']);
      assert.deepEqual([...new Set(nodes.filter((node) => node.cluster === 'prod').map((node) => node.state))], ['exited']);
      await socket.command('stop cluster dev');
      const pushed = payload(changePushes(socket), 'nodes').map((node) => String(node.state));
      assert.ok(pushed.includes('stopping') && pushed.at(-1) === 'exited', pushed.join(','));
      assert.ok(!pushed.includes('stopped') && !pushed.includes('running'));
      assert.equal(emulator.state.getCluster('dev@localhost', 'dev')?.state, 'stopped', 'clusters keep their states');
      assert.deepEqual([stateClass('ready'), stateClass('exited')], ['running', 'stopped']);
      const classic = await startTestEmulator();
      const plain = await TestSocket.connect(classic);
      assert.ok(
        payload(await plain.command('get nodes dev'), 'nodes').every((node) => node.state === 'running'),
        'classic by default',
      );
      await plain.close();
      await classic.close();
    } finally {
      await socket.close();
    }
  });

  it('answers version in the vendor’s shape (qbo_cli; docker_api, docker_version, qbo_api, host), then how this server talks', async () => {
    emulator = await startTestEmulator({ replies: 'single', deletedPushes: false });
    const socket = await TestSocket.connect(emulator);
    try {
      const uuid = randomUUID();
      socket.send({ cmd: 'version', uuid });
      await socket.waitFor(() => socket.frames.some((frame) => frame.uuid === uuid));
      const entries = payload(
        socket.frames.filter((frame) => frame.uuid === uuid),
        'version',
      ) as Frame[];
      assert.equal(entries.length, 3);
      const [cli, api, entry] = entries as [Frame, Frame, Frame];
      assert.deepEqual(Object.keys(cli), ['qbo_cli']);
      assert.deepEqual(Object.keys(api), ['docker_api', 'docker_version', 'qbo_api', 'host']);
      // What the vendor's scripts read: `qbo version | jq -r '.version[]?.qbo_api'`.
      assert.deepEqual(
        entries.map((item) => item.qbo_api).filter((value) => value !== undefined),
        ['cloud-4.3.0'],
      );
      assert.equal(entry.version, `qbo emulator ${EMULATOR_VERSION} (qbo API cloud-4.3.0, single replies)`);
      assert.deepEqual([entry.replies, entry.deleted_pushes, entry.node_states], ['single', 'off', 'classic']);
      assert.equal(versionSummary(entries), 'cloud-4.3.0', 'what the tooltips show: qbo_api');
    } finally {
      await socket.close();
    }
  });
});
