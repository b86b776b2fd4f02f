import * as assert from 'node:assert/strict';
import { GET_KINDS } from '../../../src/qbo/commandLine';
import {
  addClusterCommand,
  addNodeCommand,
  byId,
  byName,
  byNames,
  cliConfigurationCommand,
  clientsCommand,
  commandScope,
  createServiceAccountCommand,
  getCommand,
  kubeconfigCommand,
  machineCommand,
  namedTargets,
  renderCommand,
  versionCommand,
  type QboCommand,
} from '../../../src/qbo/commands';

const UUID = '718bef86-7dfe-46c0-bf4e-3dfea83c6c28';
const NODE_ID = '98650026d1dff267006d4ae520ff096ec4ac4a051de33abc5f805674337e22db';

/**
 * Every command the extension sends, as its command builds it, and the wire text it sent before
 * commands became values (release 0.1): the text must not change.
 */
const WIRE_TABLE: [string, QboCommand, string][] = [
  ['server version (ServerFacts)', versionCommand(), 'version'],
  ...GET_KINDS.map((kind): [string, QboCommand, string] => [`listing ${kind} (session, bench)`, getCommand(kind), `get ${kind} -A`]),
  ['re-list one cluster (reconcile)', getCommand('pods', byNames('dev')), 'get pods dev'],
  ['re-list two clusters (reconcile)', getCommand('nodes', byNames('dev', 'prod')), 'get nodes dev prod'],
  ['re-list a cluster by id (reconcile)', getCommand('services', [byId(UUID)]), `get services ${UUID}`],
  ['images for Add Cluster', getCommand('images'), 'get images -A'],
  ['kubeconfig', kubeconfigCommand(byName('dev')), 'get cluster dev -k'],
  ['kubeconfig by id', kubeconfigCommand(byId(UUID)), `get cluster ${UUID} -k`],
  ['Show Connected Clients', clientsCommand(), 'get clients'],
  ['Create Service Account', createServiceAccountCommand('alex@qbo.io'), 'get user -c alex@qbo.io'],
  ['Show CLI Configuration', cliConfigurationCommand(), 'get user -l'],
  ['Start Cluster', machineCommand('start', 'clusters', namedTargets('clusters', 'dev')), 'start clusters dev'],
  ['Stop Clusters (multi-select)', machineCommand('stop', 'clusters', namedTargets('clusters', 'dev', 'prod')), 'stop clusters dev prod'],
  ['Delete Cluster', machineCommand('delete', 'clusters', namedTargets('clusters', 'dev')), 'delete clusters dev'],
  ['Start All Clusters', machineCommand('start', 'clusters', 'all'), 'start clusters -A'],
  ['Stop All Clusters', machineCommand('stop', 'clusters', 'all'), 'stop clusters -A'],
  ['Delete All Clusters', machineCommand('delete', 'clusters', 'all'), 'delete clusters -A'],
  ['Start Node', machineCommand('start', 'nodes', namedTargets('nodes', 'worker-1')), 'start nodes worker-1'],
  ['Stop Node', machineCommand('stop', 'nodes', namedTargets('nodes', 'worker-1', 'worker-2')), 'stop nodes worker-1 worker-2'],
  ['Delete Node by id', machineCommand('delete', 'nodes', [{ ref: byId(NODE_ID), cluster: 'dev' }]), `delete nodes ${NODE_ID}`],
  [
    'Add Cluster',
    addClusterCommand(['qa'], { image: 'hub.docker.com/kindest/node:v1.27.2', nodes: 3 }),
    'add cluster qa -i hub.docker.com/kindest/node:v1.27.2 -n 3',
  ],
  ['Add Cluster with a domain', addClusterCommand(['qa'], { domain: 'qa.example.com' }), 'add cluster qa -d qa.example.com'],
  ['Add Nodes', addNodeCommand({ ref: byName('dev'), cluster: 'dev' }, '2'), 'add node dev -n 2'],
];

describe('commands as values', () => {
  for (const [what, command, wire] of WIRE_TABLE) {
    it(`${what} renders as \`${wire}\``, () => assert.equal(renderCommand(command), wire));
  }

  it('are frozen, so nothing changes a command after it was validated', () => {
    const command = machineCommand('stop', 'clusters', namedTargets('clusters', 'dev'));
    assert.ok(Object.isFrozen(command));
    assert.throws(() => Object.assign(command, { verb: 'delete' }), TypeError);
  });

  it('validate a value made without a builder when it is rendered', () => {
    const smuggled = { verb: 'stop', kind: 'clusters', targets: [{ ref: { name: 'dev -A' }, cluster: 'dev' }] } as const;
    assert.throws(() => renderCommand(smuggled), /Invalid cluster name/);
    assert.throws(() => renderCommand({ verb: 'get', kind: 'kubeconfig', cluster: { id: 'x y' } }), /Invalid cluster name \(id\)/);
  });

  describe('what a command changes (the re-list after it)', () => {
    it('nothing for a get or version', () => {
      assert.equal(commandScope(getCommand('clusters')), undefined);
      assert.equal(commandScope(kubeconfigCommand(byName('dev'))), undefined);
      assert.equal(commandScope(versionCommand()), undefined);
    });

    it('the clusters of the targets, however they are addressed', () => {
      const command = machineCommand('stop', 'clusters', [
        { ref: byId(UUID), cluster: 'bad name' },
        { ref: byName('dev'), cluster: 'dev' },
      ]);
      assert.deepEqual(commandScope(command), { clusters: ['bad name', 'dev'] });
      const nodes = machineCommand('delete', 'nodes', [
        { ref: byId(NODE_ID), cluster: 'dev' },
        { ref: byName('worker-2'), cluster: 'dev' },
      ]);
      assert.deepEqual(commandScope(nodes), { clusters: ['dev'] });
      assert.deepEqual(commandScope(addClusterCommand(['qa', 'qb'])), { clusters: ['qa', 'qb'] });
      assert.deepEqual(commandScope(addNodeCommand({ ref: byId(UUID), cluster: 'prod' })), { clusters: ['prod'] });
    });

    it('everything for -A, and for a node whose cluster is not known', () => {
      assert.deepEqual(commandScope(machineCommand('start', 'clusters', 'all')), { everything: true });
      assert.deepEqual(commandScope(machineCommand('stop', 'nodes', namedTargets('nodes', 'worker-1'))), { everything: true });
    });
  });
});
