// Emulator: the command lifecycle (docs/PROTOCOL.md §4), every command of §3, errors, kubeconfig (§5)
// and malformed frames.
import * as assert from 'node:assert/strict';
import { CommandFailedError, getCommand, parseCliJson, parseServerMessage, byNames } from '../../../src/qbo';
import { connectLibrary, freshEmulatorAndSocket, payload, type Frame } from '../../support/emulator';
import { changePushes, withoutNotices } from './frames';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function names(frames: Frame[], key: string): string[] {
  return payload(frames, key)
    .map((object) => String(object.name))
    .sort();
}

describe('emulator: commands', () => {
  const fixture = freshEmulatorAndSocket();

  it('answers 202 → 201 → data → CMD_DONE, echoing the uuid with one command_id and the full envelope', async () => {
    const before = Date.now() * 1000;
    const frames = await fixture.socket.command('get nodes dev');
    assert.deepEqual(
      frames.map((frame) => [frame.code, frame.status]),
      [
        [202, 'Accepted'],
        [201, 'Created'],
        [200, 'OK'],
        [200, 'OK'],
      ],
    );
    const [accepted, created, data, done] = frames as [Frame, Frame, Frame, Frame];
    assert.deepEqual(accepted.output, [{ message: 'command accepted' }]);
    const threadId = created.thread_id;
    assert.deepEqual(created.output, [{ message: `thread '${threadId}' started` }]);
    assert.equal((data.nodes as Frame[]).length, 3);
    assert.deepEqual([done.command, done.subcommand, done.apicommand], ['CMD_DONE', 'SUBCMD_DONE', 'APICMD_DONE']);
    assert.match(String((done.output as Frame[])[0]?.message), new RegExp(`^thread '${threadId}' terminated in \\d+(\\.\\d+)?s$`));
    const commandIds = new Set(frames.map((frame) => frame.command_id));
    assert.equal(commandIds.size, 1);
    assert.match(String(frames[0]?.command_id), UUID_V4);
    for (const frame of frames) {
      assert.equal(typeof frame.timestamp, 'number');
      assert.ok(
        Number.isInteger(frame.timestamp) &&
          (frame.timestamp as number) >= before - 1e6 &&
          (frame.timestamp as number) <= Date.now() * 1000 + 1e6,
        'microseconds',
      );
      assert.equal(frame.command_line, 'qbo get nodes dev');
      assert.equal(frame.user, 'dev@localhost');
      assert.match(String(frame.agent), /^qbo-emulator\/\d+\.\d+\.\d+$/);
      assert.equal(frame.peer, '127.0.0.1');
      for (const field of ['host', 'source', 'wsi', 'vhost']) assert.equal(typeof frame[field], 'string', field);
      assert.equal(frame.thread_id, threadId);
      const parsed = parseServerMessage(JSON.stringify(frame));
      assert.ok(parsed.ok && parsed.message.payloads.every((entry) => entry.rejected === 0), 'the library accepts every message');
    }
    assert.deepEqual([accepted.command, accepted.subcommand, accepted.apicommand], ['CMD_GET', 'SUBCMD_NODE', 'APICMD_NONE']);
    assert.equal(data.command, 'CMD_GET');
  });

  it('lists every kind, singular and plural, by name, by short id and with -A', async () => {
    assert.deepEqual(names(await fixture.socket.command('get clusters'), 'clusters'), ['dev', 'prod']);
    assert.deepEqual(names(await fixture.socket.command('get cluster dev'), 'clusters'), ['dev']);
    const dev = fixture.emulator.state.getCluster('dev@localhost', 'dev');
    assert.ok(dev);
    const byShortId = await fixture.socket.command(`get nodes ${dev.id.slice(0, 8)}`);
    assert.deepEqual(names(byShortId, 'nodes'), names(await fixture.socket.command('get node dev'), 'nodes'));
    assert.equal(payload(await fixture.socket.command('get nodes -A'), 'nodes').length, 6);
    assert.equal(payload(await fixture.socket.command('get nodes dev prod'), 'nodes').length, 6);

    const pods = payload(await fixture.socket.command('get pods dev'), 'pods');
    assert.equal(pods.length, 13);
    assert.ok(pods.every((pod) => pod.cluster === 'dev' && pod.status === 'Running' && pod.ready === 1));
    assert.equal(pods.filter((pod) => String(pod.name).startsWith('coredns-')).length, 2);
    assert.ok(
      payload(await fixture.socket.command('get pods prod'), 'pods').every((pod) => pod.status === 'Unknown' && pod.cluster === 'prod'),
    );
    assert.equal(payload(await fixture.socket.command('get pod -A'), 'pods').length, 26);

    for (const noun of ['services', 'service', 'svc'])
      assert.deepEqual(names(await fixture.socket.command(`get ${noun} dev`), 'services'), ['kube-dns', 'kubernetes']);
    for (const noun of ['net', 'network', 'networks']) {
      const networks = payload(await fixture.socket.command(`get ${noun} dev`), 'networks');
      assert.deepEqual(
        networks.map((network) => [network.name, network.subnet, network.state]),
        [['dev', '172.18.0.0/24', 'ready']],
      );
    }
    const ipvs = payload(await fixture.socket.command('get ipvs -A'), 'ipvs');
    assert.ok(ipvs.length >= 2);
    assert.ok(
      ipvs.every(
        (entry) =>
          entry.scheduler === 'rr' && entry.protocol === 'TCP' && typeof entry.weight === 'number' && typeof entry.node === 'string',
      ),
    );

    const users = await fixture.socket.command('get users');
    const user = payload(users, 'users');
    assert.equal(user.length, 1);
    assert.equal(user[0]?.email, 'dev@localhost');
    const secret = fixture.emulator.accounts[0];
    assert.ok(secret && 'jwk' in secret);
    const text = JSON.stringify(users);
    assert.ok(!text.includes(secret.qbo_aux) && !text.includes(secret.jwk.d) && !text.includes('"cli"'), 'no secrets in get users');

    const images = payload(await fixture.socket.command('get images -A'), 'images');
    assert.ok(
      images.some(
        (image) => image.name === 'hub.docker.com/kindest/node:v1.27.2' && image.tag === 'v1.27.2' && image.registry === 'hub.docker.com',
      ),
    );

    const version = await fixture.socket.command('version');
    // The observed shape: `{qbo_cli}`, then `{docker_api, docker_version, qbo_api, host}`, then the emulator's own.
    const entries = payload(version, 'version');
    assert.ok(typeof entries[0]?.qbo_cli === 'string');
    assert.equal(entries[1]?.qbo_api, 'cloud-4.3.0');
    assert.ok(typeof entries[2]?.version === 'string');
    assert.equal(version[0]?.command, 'CMD_VERSION');
  });

  it("takes a cluster's full UUID and a node's full 64-hex id wherever a name is taken", async () => {
    const dev = fixture.emulator.state.getCluster('dev@localhost', 'dev');
    assert.ok(dev);
    assert.deepEqual(names(await fixture.socket.command(`get clusters ${dev.id}`), 'clusters'), ['dev']);
    assert.deepEqual(
      names(await fixture.socket.command(`get nodes ${dev.id.toUpperCase()}`), 'nodes'),
      names(await fixture.socket.command('get nodes dev'), 'nodes'),
    );
    const kubeconfig = payload(await fixture.socket.command(`get cluster ${dev.id} -k`), 'output');
    assert.match(String(kubeconfig.find((line) => 'kubeconfig' in line)?.kubeconfig), /current-context: dev\n/);

    const worker = fixture.emulator.state.list('dev@localhost', 'nodes', 'dev').find((node) => node.name.startsWith('worker-'));
    assert.ok(worker);
    const stopped = await fixture.socket.command(`stop nodes ${worker.id}`);
    assert.equal(stopped.at(-1)?.code, 200);
    assert.equal(fixture.emulator.state.list('dev@localhost', 'nodes', 'dev').find((node) => node.id === worker.id)?.state, 'stopped');
    assert.equal((await fixture.socket.command(`start node ${worker.id}`)).at(-1)?.code, 200);
    assert.equal((await fixture.socket.command(`add node ${dev.id}`)).at(-1)?.code, 200);
    assert.equal(fixture.emulator.state.list('dev@localhost', 'nodes', 'dev').length, 4);

    // A full id matches only as a whole: one changed digit is another object, so 404.
    const lastDigit = dev.id.endsWith('0') ? '1' : '0';
    assert.equal((await fixture.socket.command(`stop cluster ${dev.id.slice(0, -1)}${lastDigit}`)).at(-1)?.code, 404);
    const otherNode = `${worker.id.slice(0, -1)}${worker.id.endsWith('0') ? '1' : '0'}`;
    assert.equal((await fixture.socket.command(`delete node ${otherNode}`)).at(-1)?.code, 404);
  });

  it('serves realistic nodes', async () => {
    const nodes = payload(await fixture.socket.command('get nodes dev'), 'nodes');
    const dev = fixture.emulator.state.getCluster('dev@localhost', 'dev');
    for (const node of nodes) {
      assert.match(String(node.id), /^[0-9a-f]{64}$/);
      assert.match(String(node.name), /^(control|worker)-[0-9a-f]{8}\.localhost$/);
      assert.equal(node.image, 'kindest/node:v1.27.2');
      assert.equal(node.os, 'Debian GNU/Linux 11 (bullseye)');
      assert.equal(node.kernel, '6.3.5-200.fc38.x86_64');
      assert.match(String(node.address), /^172\.18\.0\.\d+$/);
      assert.equal(node.cluster_id, dev?.id);
      assert.equal(node.state, 'running');
      assert.equal(node.user, 'dev@localhost');
    }
    assert.equal(nodes.filter((node) => String(node.name).startsWith('control-')).length, 1);
  });

  it('returns a kubeconfig for get cluster NAME -k', async () => {
    const frames = await fixture.socket.command('get cluster dev -k');
    const kubeconfig = String(payload(frames, 'output').find((line) => 'kubeconfig' in line)?.kubeconfig);
    assert.match(kubeconfig, /^apiVersion: v1\n/);
    assert.match(kubeconfig, /server: https:\/\/172\.18\.0\.2:6443\n/);
    assert.match(kubeconfig, /current-context: dev\n/);
    assert.match(kubeconfig, /contexts:\n- context:\n {4}cluster: dev\n {4}user: dev\n {2}name: dev\n/);
    const ca = /certificate-authority-data: (\S+)/.exec(kubeconfig)?.[1] ?? '';
    assert.match(Buffer.from(ca, 'base64').toString('utf8'), /^-----BEGIN CERTIFICATE-----\n/);
    assert.equal(frames.at(-1)?.code, 200);
  });

  it('answers a command that does not parse with one final 400 (never accepted)', async () => {
    for (const bad of [
      'frobnicate',
      'get',
      'get widgets',
      'start pods -A',
      'get cluster dev prod -k',
      'stop clusters',
      'add cluster dev -n 0',
      'get nodes -X',
    ]) {
      const frames = await fixture.socket.command(bad);
      assert.equal(frames.length, 1, bad);
      const [final] = frames as [Frame];
      assert.equal(final.code, 400, bad);
      assert.equal(final.status, 'Bad Request');
      assert.equal(final.command, 'CMD_DONE');
      assert.ok(String((final.output as Frame[])[0]?.message).length > 5, 'a readable reason');
    }
  });

  it('answers 404 for names it does not know and 409 for conflicts, with readable reasons', async () => {
    const notFound = await fixture.socket.command('get clusters nosuch');
    assert.deepEqual(
      notFound.map((frame) => frame.code),
      [202, 201, 404],
    );
    assert.equal(notFound.at(-1)?.status, 'Not Found');
    assert.match(String((notFound.at(-1)?.output as Frame[])[0]?.message), /nosuch/);
    assert.equal((await fixture.socket.command('stop node nosuch.localhost')).at(-1)?.code, 404);
    assert.equal((await fixture.socket.command('delete cluster dev nosuch')).at(-1)?.code, 404);
    assert.equal(fixture.emulator.state.getCluster('dev@localhost', 'dev')?.state, 'running', 'a failed command has no partial effect');
    const conflict = await fixture.socket.command('add cluster dev');
    assert.equal(conflict.at(-1)?.code, 409);
    assert.equal(conflict.at(-1)?.status, 'Conflict');
    assert.equal((await fixture.socket.command('add cluster qa qa')).at(-1)?.code, 409);
    assert.equal((await fixture.socket.command('add node prod')).at(-1)?.code, 409, 'prod is stopped');
  });

  it('makes the library client fail with CommandFailedError carrying the code and reason', async () => {
    const link = await connectLibrary(parseCliJson(fixture.emulator.clientConfig()));
    try {
      const unknown = getCommand('clusters', byNames('ghost'));
      await assert.rejects(
        link.client.send(unknown).done,
        (error: unknown) => error instanceof CommandFailedError && error.code === 404 && /ghost/.test(error.serverMessage),
      );
      const result = await link.client.send(getCommand('clusters')).done;
      assert.equal(result.code, 200);
      assert.equal(result.data.length, 1);
    } finally {
      link.dispose();
    }
  });

  it('adds a cluster with image, node count and domain', async () => {
    const frames = await fixture.socket.command('add cluster qa -i hub.docker.com/kindest/node:v1.26.6 -n 2 -d example.com');
    assert.equal(frames.at(-1)?.code, 200);
    const nodes = payload(await fixture.socket.command('get nodes qa'), 'nodes');
    assert.equal(nodes.length, 2);
    assert.ok(
      nodes.every((node) => node.image === 'kindest/node:v1.26.6' && /\.example\.com$/.test(String(node.name)) && node.state === 'running'),
    );
    const cluster = payload(await fixture.socket.command('get clusters qa'), 'clusters')[0];
    assert.equal(cluster?.state, 'running');
    assert.match(String(cluster?.id), UUID_V4);
    assert.equal(payload(await fixture.socket.command('get net qa'), 'networks')[0]?.subnet, '172.20.0.0/24');
    assert.ok(payload(await fixture.socket.command('get pods qa'), 'pods').every((pod) => pod.status === 'Running'));
    assert.deepEqual(names(await fixture.socket.command('get svc qa'), 'services'), ['kube-dns', 'kubernetes']);
    const two = await fixture.socket.command('add cluster a1 a2 -n 1');
    assert.equal(two.at(-1)?.code, 200);
    assert.deepEqual(names(await fixture.socket.command('get clusters a1 a2'), 'clusters'), ['a1', 'a2']);
  });

  it('adds nodes to a cluster, and starts, stops and deletes nodes by name and short id', async () => {
    assert.equal((await fixture.socket.command('add node dev -n 2')).at(-1)?.code, 200);
    const nodes = payload(await fixture.socket.command('get nodes dev'), 'nodes');
    assert.equal(nodes.length, 5);
    assert.ok(nodes.every((node) => node.state === 'running'));
    const added = nodes.filter(
      (node) =>
        !fixture.emulator.state
          .list('dev@localhost', 'pods', 'dev')
          .some((pod) => pod.node === node.name && String(pod.name).startsWith('coredns')),
    );
    assert.ok(added.length >= 2);
    const worker = nodes.find((node) => String(node.name).startsWith('worker-')) as Frame;
    const shortId = String(worker.id).slice(0, 8);
    const stopped = await fixture.socket.command(`stop node ${shortId}`);
    assert.equal(payload(stopped, 'nodes').at(-1)?.state, 'stopped');
    assert.equal(fixture.emulator.state.getCluster('dev@localhost', 'dev')?.state, 'running', 'other nodes still run');
    assert.equal(payload(await fixture.socket.command(`start nodes ${String(worker.name)}`), 'nodes').at(-1)?.state, 'running');
    const deleted = await fixture.socket.command(`del node ${shortId}`);
    assert.equal(deleted.at(-1)?.code, 200);
    assert.equal(payload(deleted, 'nodes').at(-1)?.state, 'deleted');
    assert.equal(payload(await fixture.socket.command('get nodes dev'), 'nodes').length, 4);
    assert.ok(
      !fixture.emulator.state.list('dev@localhost', 'pods', 'dev').some((pod) => pod.node === worker.name),
      'its pods went with it',
    );
  });

  it('treats starting a running cluster as a no-op success, and stops and starts all with -A', async () => {
    const noop = await fixture.socket.command('start cluster dev');
    assert.equal(noop.at(-1)?.code, 200);
    assert.equal(changePushes(fixture.socket).length, 0, 'nothing changed, nothing pushed');
    await fixture.socket.command('stop clusters -A');
    assert.deepEqual(
      fixture.emulator.state.list('dev@localhost', 'clusters').map((cluster) => cluster.state),
      ['stopped', 'stopped'],
    );
    await fixture.socket.command('start clusters -A');
    assert.deepEqual(
      fixture.emulator.state.list('dev@localhost', 'clusters').map((cluster) => cluster.state),
      ['running', 'running'],
    );
    assert.ok(fixture.emulator.state.list('dev@localhost', 'pods').every((pod) => pod.status === 'Running'));
    await fixture.socket.command('delete clusters -A');
    assert.equal(fixture.emulator.state.list('dev@localhost', 'clusters').length, 0);
    assert.deepEqual(payload(await fixture.socket.command('get clusters -A'), 'clusters'), []);
  });

  it('answers malformed frames with 400 (own command_id, no uuid) and keeps the connection open', async () => {
    const frames: (string | Buffer)[] = [
      'this is not json',
      '[1,2,3]',
      '"text"',
      '{"cmd": "version"}',
      '{"cmd": "", "uuid": "x"}',
      '{"cmd": 7, "uuid": "x"}',
      Buffer.from([1, 2, 3]),
    ];
    for (const frame of frames) fixture.socket.socket.send(frame, { binary: Buffer.isBuffer(frame) });
    await fixture.socket.waitFor(() => withoutNotices(fixture.socket.frames).length >= frames.length, 3000, 'seven replies');
    assert.equal(withoutNotices(fixture.socket.frames).length, frames.length);
    for (const reply of withoutNotices(fixture.socket.frames)) {
      assert.equal(reply.code, 400);
      assert.equal(reply.uuid, undefined);
      assert.match(String(reply.command_id), UUID_V4);
      assert.ok(String((reply.output as Frame[])[0]?.message).length > 0);
    }
    assert.equal(
      new Set(withoutNotices(fixture.socket.frames).map((reply) => reply.command_id)).size,
      frames.length,
      'each reply has its own command_id',
    );
    assert.equal((await fixture.socket.command('version')).at(-1)?.code, 200, 'still open and serving');
  });
});
