import * as assert from 'node:assert/strict';
import { applicable, commandName, machineCommandLines, type MachineTarget } from '../../../src/commands/commandLines';

const cluster = (name: string | undefined, state = 'running', id = 'c0ffee00-1111-4222-8333-444455556666'): MachineTarget => ({
  kind: 'clusters',
  key: id,
  name,
  id,
  state,
});
const node = (name: string, state = 'running'): MachineTarget => ({
  kind: 'nodes',
  key: `${name}-key`,
  name,
  id: 'abcdef0123456789'.padEnd(64, '0'),
  state,
});

describe('tree items to command lines', () => {
  it('maps one selected cluster to one command', () => {
    assert.deepEqual(
      machineCommandLines('stop', [cluster('dev')]).map((line) => line.line),
      ['stop clusters dev'],
    );
  });

  it('maps a multi-selection to one command per kind, without duplicates', () => {
    const lines = machineCommandLines('delete', [cluster('dev'), node('worker-1'), cluster('prod'), cluster('dev'), node('worker-2')]);
    assert.deepEqual(
      lines.map((line) => line.line),
      ['delete clusters dev prod', 'delete nodes worker-1 worker-2'],
    );
  });

  it('falls back to the short id when a server-given name is unsafe on a command line', () => {
    assert.equal(commandName(cluster('has space')), 'c0ffee00');
    assert.equal(commandName(cluster('-A')), 'c0ffee00');
    assert.equal(commandName(node('ok-name')), 'ok-name');
    assert.throws(() => commandName({ kind: 'clusters', key: 'zz', name: 'a b', id: 'not-hex-id', state: undefined }));
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
