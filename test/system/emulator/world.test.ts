// Emulator: the simulated worlds — small, large (size and build time) and world FILEs.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { largeWorld, LARGE_WORLD, smallWorld, validateWorldFile, WorldFileError, worldFromFile } from '../../../src/emulator';
import { FIXTURES, payload, startTestEmulator, TestSocket } from '../../support/emulator';

function fixtureWorld(): unknown {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, 'emulator-world.json'), 'utf8'));
}

describe('emulator: worlds', () => {
  it('builds the large world (100 clusters, 1,000 nodes, 20,000 pods, 5,000 services) in well under 2 s', () => {
    const started = performance.now();
    const world = largeWorld('bench@example.com');
    const elapsed = performance.now() - started;
    assert.equal(world.count('clusters'), LARGE_WORLD.clusters);
    assert.equal(world.count('clusters'), 100);
    assert.equal(world.count('nodes'), 1000);
    assert.equal(world.count('pods'), 20000);
    assert.equal(world.count('services'), 5000);
    assert.equal(world.count('networks'), 100);
    assert.ok(world.count('ipvs') > 100);
    assert.ok(elapsed < 2000, `built in ${Math.round(elapsed)} ms`);
  });

  it('is deterministic per user and different between users', () => {
    const first = smallWorld('alex@qbo.io');
    const again = smallWorld('alex@qbo.io');
    const other = smallWorld('sam@qbo.io');
    assert.deepEqual(
      first.list('nodes').map((node) => node.id),
      again.list('nodes').map((node) => node.id),
    );
    const otherIds = new Set(other.list('nodes').map((node) => node.id));
    assert.ok(first.list('nodes').every((node) => !otherIds.has(node.id)));
    for (const kind of ['clusters', 'networks', 'nodes', 'pods', 'services', 'ipvs'] as const) {
      assert.ok(
        first.list(kind).every((object) => object.user === 'alex@qbo.io'),
        kind,
      );
    }
  });

  it('small: dev running (control plane + 2 workers, kube-system spread over them), prod stopped', () => {
    const world = smallWorld('alex@qbo.io');
    const dev = world.clusterByName('dev');
    const prod = world.clusterByName('prod');
    assert.ok(dev && prod);
    assert.equal(dev.wire.state, 'running');
    assert.equal(prod.wire.state, 'stopped');
    assert.ok(world.list('nodes', [prod]).every((node) => node.state === 'stopped'));
    const pods = world.list('pods', [dev]);
    const perNode = new Set(pods.map((pod) => pod.node));
    assert.equal(perNode.size, 3, 'pods on every node');
    for (const prefix of ['etcd-', 'kube-apiserver-', 'kube-controller-manager-', 'kube-scheduler-', 'local-path-provisioner-']) {
      assert.equal(pods.filter((pod) => pod.name.startsWith(prefix)).length, 1, prefix);
    }
    for (const prefix of ['kube-proxy-', 'kindnet-']) assert.equal(pods.filter((pod) => pod.name.startsWith(prefix)).length, 3, prefix);
    assert.equal(pods.filter((pod) => pod.name.startsWith('coredns-')).length, 2);
    assert.ok(pods.every((pod) => pod.cluster_id === dev.wire.id && pod.namespace !== ''));
    const services = world.list('services', [dev]);
    assert.deepEqual(services.map((service) => `${service.name}:${service.type}:${service.port_number}/${service.protocol}`).sort(), [
      'kube-dns:ClusterIP:53/UDP',
      'kubernetes:ClusterIP:443/TCP',
    ]);
    assert.equal(world.list('networks', [prod])[0]?.subnet, '172.19.0.0/24');
  });

  it('loads a world FILE: given fields and ids kept, defaults filled, cluster state derived', () => {
    const world = worldFromFile(validateWorldFile(fixtureWorld()))('alex@qbo.io');
    const lab = world.clusterByName('lab');
    assert.ok(lab);
    assert.equal(lab.wire.id, '3f1c2b7a-9d4e-4c1b-8a2f-6e5d4c3b2a19');
    assert.equal(lab.wire.team, 'platform', 'extra fields are served unchanged');
    assert.equal(lab.wire.state, 'running');
    assert.equal(lab.network.subnet, '172.25.0.0/24');
    assert.equal(world.clusterByName('archive')?.wire.state, 'stopped');
    const nodes = world.list('nodes', [lab]);
    assert.deepEqual(
      nodes.map((node) => node.address),
      ['172.25.0.3', '172.25.0.4'],
    );
    assert.ok(
      nodes.every((node) => node.image === 'kindest/node:v1.28.0' && node.user === 'alex@qbo.io' && /^[0-9a-f]{64}$/.test(node.id)),
    );
    const [pod] = world.list('pods', [lab]);
    assert.deepEqual([pod?.namespace, pod?.node, pod?.status, pod?.ready], ['web', 'worker-lab.localhost', 'Running', 1]);
    assert.equal(world.list('services', [lab])[0]?.node_port, 30080);
  });

  it('refuses a world FILE whose objects name an unknown cluster, or that is malformed', () => {
    assert.throws(() => validateWorldFile({ clusters: [{ name: 'a' }], nodes: [{ name: 'n1', cluster: 'b' }] }), WorldFileError);
    assert.throws(() => validateWorldFile({ clusters: [{ name: '-bad' }] }), WorldFileError);
    assert.throws(() => validateWorldFile({ nodes: [] }), WorldFileError);
    assert.throws(() => validateWorldFile({ clusters: [{ name: 'a' }, { name: 'a' }] }), /twice/);
  });

  it('serves the large world over a socket: get pods -A returns 20,000 pods in batches', async () => {
    const emulator = await startTestEmulator({ world: 'large', batchSize: 1000 });
    const socket = await TestSocket.connect(emulator);
    try {
      const frames = await socket.command('get pods -A', 10_000);
      const data = frames.filter((frame) => Array.isArray(frame.pods));
      assert.equal(data.length, 20);
      assert.equal(payload(frames, 'pods').length, 20000);
      assert.equal(payload(await socket.command('get clusters -A'), 'clusters').length, 100);
    } finally {
      await socket.close();
      await emulator.close();
    }
  });
});
