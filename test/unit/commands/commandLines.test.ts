import * as assert from 'node:assert/strict';
import { applicable, commandTarget, machineCommands, type MachineTarget } from '../../../src/commands/commandLines';
import type { AddressBook, Addressable } from '../../../src/qbo/addressing';
import { renderCommand } from '../../../src/qbo/commands';

const CLUSTER_ID = 'c0ffee00-1111-4222-8333-444455556666';
const NODE_ID = 'abcdef0123456789'.padEnd(64, '0');

const cluster = (name: string | undefined, state = 'running', id = CLUSTER_ID): MachineTarget => ({
  kind: 'clusters',
  key: id,
  name,
  id,
  state,
  cluster: name,
});
const node = (name: string, state = 'running', id = `${name}-id`): MachineTarget => ({
  kind: 'nodes',
  key: `${name}-key`,
  name,
  id,
  state,
  cluster: 'dev',
});

/** An inventory holding exactly these objects. */
function book(objects: { clusters?: Addressable[]; nodes?: Addressable[] }): AddressBook {
  return { all: (kind) => objects[kind] ?? [] };
}
const rendered = (targets: MachineTarget[], verb: 'start' | 'stop' | 'delete', inventory: AddressBook): string[] =>
  machineCommands(verb, targets, inventory).map(renderCommand);

describe('tree items to commands', () => {
  it('maps one selected cluster to one command', () => {
    assert.deepEqual(rendered([cluster('dev')], 'stop', book({ clusters: [cluster('dev')] })), ['stop clusters dev']);
  });

  it('maps a multi-selection to one command per kind, without duplicates', () => {
    const targets = [
      cluster('dev', 'running', 'id-dev'),
      node('worker-1'),
      cluster('prod', 'running', 'id-prod'),
      cluster('dev', 'running', 'id-dev'),
      node('worker-2'),
    ];
    const inventory = book({
      clusters: [cluster('dev', 'running', 'id-dev'), cluster('prod', 'running', 'id-prod')],
      nodes: [node('worker-1'), node('worker-2')],
    });
    assert.deepEqual(rendered(targets, 'delete', inventory), ['delete clusters dev prod', 'delete nodes worker-1 worker-2']);
  });

  it('names a cluster with an unsafe name by its full id, never its short id', () => {
    for (const name of ['has space', '-A', 'a;b', '']) {
      const target = cluster(name);
      assert.deepEqual(commandTarget(target, book({ clusters: [target] })).ref, { id: CLUSTER_ID }, JSON.stringify(name));
    }
    assert.deepEqual(commandTarget(node('ok-name'), book({ nodes: [node('ok-name')] })).ref, { name: 'ok-name' });
    const hopeless: MachineTarget = { kind: 'clusters', key: 'zz', name: 'a b', id: 'not an id', state: undefined, cluster: 'a b' };
    assert.throws(() => commandTarget(hopeless, book({ clusters: [hopeless] })), /cannot be named safely/);
  });

  it('is not fooled by a cluster literally named like another cluster’s short id', () => {
    // Before: the unnamed cluster was addressed as "deadbeef", which the server resolves to the
    // cluster *named* deadbeef first, so the command hit the wrong cluster.
    const decoy = cluster('deadbeef', 'running', '11111111-2222-4333-8444-555555555555');
    const unnamed = cluster('bad name', 'running', 'deadbeef-0000-4000-8000-000000000000');
    const inventory = book({ clusters: [decoy, unnamed] });
    assert.deepEqual(rendered([unnamed], 'delete', inventory), ['delete clusters deadbeef-0000-4000-8000-000000000000']);
    assert.deepEqual(rendered([decoy], 'delete', inventory), ['delete clusters deadbeef']);
  });

  it('addresses each of two clusters that share a name by its own full id', () => {
    const first = cluster('dev', 'running', 'aaaaaaaa-0000-4000-8000-000000000001');
    const second = cluster('dev', 'stopped', 'bbbbbbbb-0000-4000-8000-000000000002');
    const inventory = book({ clusters: [first, second] });
    assert.deepEqual(rendered([second], 'start', inventory), ['start clusters bbbbbbbb-0000-4000-8000-000000000002']);
    assert.deepEqual(rendered([first, second], 'stop', inventory), [
      'stop clusters aaaaaaaa-0000-4000-8000-000000000001 bbbbbbbb-0000-4000-8000-000000000002',
    ]);
  });

  it('addresses a node whose name repeats in another cluster by its full id', () => {
    const here = node('control-plane', 'running', NODE_ID);
    const there = { name: 'control-plane', id: 'f'.repeat(64) };
    assert.deepEqual(rendered([here], 'stop', book({ nodes: [here, there] })), [`stop nodes ${NODE_ID}`]);
  });

  it('refuses an id that another object’s name would shadow', () => {
    const unnamed = cluster('bad name', 'running', CLUSTER_ID);
    const shadow = cluster(CLUSTER_ID.toUpperCase(), 'running', '99999999-0000-4000-8000-000000000000');
    assert.throws(() => machineCommands('delete', [unnamed], book({ clusters: [unnamed, shadow] })), /cannot be named safely/);
  });

  it('offers each verb only in the states it fits', () => {
    assert.ok(applicable('start', 'stopped'));
    assert.ok(!applicable('start', 'running'));
    assert.ok(applicable('stop', 'running'));
    assert.ok(applicable('stop', 'starting'));
    assert.ok(!applicable('stop', 'stopped'));
    assert.ok(applicable('delete', 'stopped'));
    assert.ok(!applicable('delete', 'deleting'));
  });
});
