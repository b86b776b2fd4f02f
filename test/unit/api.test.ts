import * as assert from 'node:assert/strict';
import {
  API_VERSION,
  createPublicApi,
  exposesInternalsForTests,
  MAX_WAIT_MS,
  PUBLIC_API_KEYS,
  type ApiSource,
  type ApiWaits,
} from '../../src/api';
import { ClusterWaitError } from '../../src/tasks/clusterWaits';
import { parseCliJson } from '../../src/qbo/credentials';
import { Emitter } from '../../src/qbo/events';
import { Inventory } from '../../src/qbo/inventory';
import type { ManagerState, ProfileState } from '../../src/session/sessionManager';
import { TOKEN_CLI_JSON } from '../support/fixtures';
import { interpretServerMessage, type ServerMessage } from '../../src/qbo/messages';

function message(body: Record<string, unknown>): ServerMessage {
  const result = interpretServerMessage(body);
  if (!result.ok) throw new Error(result.error.detail);
  return result.message;
}

/** Waits that fail the test if the API ever reaches them. */
const NO_WAITS: ApiWaits = {
  defaultTimeoutMs: () => 600_000,
  wait: () => Promise.reject(new Error('no wait expected')),
};

/** Waits that record what the API asked for. */
function recordingWaits(): ApiWaits & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  return {
    calls,
    defaultTimeoutMs: () => 42_000,
    wait: (...args) => {
      calls.push(args);
      return Promise.resolve();
    },
  };
}

/** A session manager's face as the API reads it, over the given profiles' inventories. */
class FakeSource implements ApiSource {
  readonly profilesEmitter = new Emitter<void>();
  readonly stateEmitter = new Emitter<ManagerState>();
  readonly onDidChangeProfiles = this.profilesEmitter.event;
  readonly onDidChangeState = this.stateEmitter.event;
  constructor(public profiles: { name: string; inventory: Inventory }[]) {}
  get state(): ManagerState {
    const credentials = parseCliJson(TOKEN_CLI_JSON);
    return {
      kind: 'ready',
      profiles: this.profiles.map(({ name }): ProfileState => ({
        kind: 'session',
        name,
        active: { profile: { name, host: `${name}.example`, port: 443 }, credentials, origin: 'secret-storage' },
        status: { kind: 'ready' },
      })),
    };
  }
}

describe('public API (what other extensions get)', () => {
  let inventory: Inventory;
  let source: FakeSource;
  beforeEach(() => {
    inventory = new Inventory({ coalesceMs: 1 });
    source = new FakeSource([{ name: 'cloud', inventory }]);
  });
  afterEach(() => inventory.dispose());

  it('exports only the documented keys, frozen, at version 1', () => {
    const api = createPublicApi(source, NO_WAITS);
    assert.deepEqual(Reflect.ownKeys(api).sort(), [...PUBLIC_API_KEYS].sort());
    assert.deepEqual([...PUBLIC_API_KEYS].sort(), ['apiVersion', 'getClusters', 'getProfiles', 'onDidChangeClusters', 'waitForCluster']);
    assert.equal(api.apiVersion, API_VERSION);
    assert.equal(API_VERSION, 1);
    assert.ok(Object.isFrozen(api));
  });

  it('lists the clusters by name with id and state, as frozen copies that cannot touch the inventory', () => {
    inventory.apply(
      message({
        clusters: [
          { id: 'c-10', name: 'dev-10', state: 'running', address: '10.0.0.1' },
          { id: 'c-2', name: 'dev-2', state: 'stopped' },
        ],
      }),
    );
    const clusters = createPublicApi(source, NO_WAITS).getClusters();
    assert.deepEqual(clusters, [
      { name: 'dev-2', id: 'c-2', state: 'stopped', profile: 'cloud' },
      { name: 'dev-10', id: 'c-10', state: 'running', profile: 'cloud' },
    ]);
    assert.ok(Object.isFrozen(clusters) && clusters.every((cluster) => Object.isFrozen(cluster)));
    assert.throws(() => ((clusters[0] as { state: string }).state = 'deleted'));
    assert.equal(inventory.findCluster('dev-2')?.[1].state, 'stopped');
  });

  it('fires onDidChangeClusters when a cluster changes, not when only pods do, and stops after dispose', () => {
    const api = createPublicApi(source, NO_WAITS);
    let fired = 0;
    const subscription = api.onDidChangeClusters(() => fired++);
    inventory.apply(message({ clusters: [{ id: 'c-dev', name: 'dev', state: 'running' }] }));
    inventory.flush();
    assert.equal(fired, 1);
    inventory.apply(message({ pods: [{ id: 'p1', name: 'pod-1', namespace: 'default', node: 'n', cluster: 'dev', status: 'Running' }] }));
    inventory.flush();
    assert.equal(fired, 1);
    inventory.apply(message({ clusters: [{ id: 'c-dev', name: 'dev', state: 'stopped' }] }));
    inventory.flush();
    assert.equal(fired, 2);
    subscription.dispose();
    inventory.apply(message({ clusters: [{ id: 'c-dev', name: 'dev', state: 'running' }] }));
    inventory.flush();
    assert.equal(fired, 2);
  });

  it('lists the clusters and profiles of every connected profile, and fires when a profile connects', () => {
    const local = new Inventory({ coalesceMs: 1 });
    try {
      inventory.apply(message({ clusters: [{ id: 'c-dev', name: 'dev', state: 'running' }] }));
      local.apply(
        message({
          clusters: [
            { id: 'l-dev', name: 'dev', state: 'stopped' },
            { id: 'l-qa', name: 'qa', state: 'running' },
          ],
        }),
      );
      const api = createPublicApi(source, NO_WAITS);
      let fired = 0;
      const subscription = api.onDidChangeClusters(() => fired++);
      source.profiles = [...source.profiles, { name: 'local', inventory: local }];
      source.profilesEmitter.fire();
      assert.equal(fired, 1);
      assert.deepEqual(api.getClusters(), [
        { name: 'dev', id: 'c-dev', state: 'running', profile: 'cloud' },
        { name: 'dev', id: 'l-dev', state: 'stopped', profile: 'local' },
        { name: 'qa', id: 'l-qa', state: 'running', profile: 'local' },
      ]);
      // The new profile's inventory is followed too.
      local.apply(message({ clusters: [{ id: 'l-qa', name: 'qa', state: 'stopping' }] }));
      local.flush();
      assert.equal(fired, 2);
      const profiles = api.getProfiles();
      assert.deepEqual(profiles, [
        { name: 'cloud', host: 'cloud.example', user: undefined, state: 'ready' },
        { name: 'local', host: 'local.example', user: undefined, state: 'ready' },
      ]);
      assert.ok(Object.isFrozen(profiles) && profiles.every((profile) => Object.isFrozen(profile)));
      assert.ok(!JSON.stringify(profiles).includes(TOKEN_CLI_JSON.qbo_uid), 'no credentials');
      subscription.dispose();
    } finally {
      local.dispose();
    }
  });

  it('waitForCluster hands checked arguments to the wait, with the setting as the default timeout', async () => {
    const waits = recordingWaits();
    const api = createPublicApi(source, waits);
    await api.waitForCluster('dev', 'running');
    await api.waitForCluster('prod', 'gone', { profile: 'cloud', timeoutMs: 5_000 });
    assert.deepEqual(waits.calls, [
      ['dev', 'running', { profile: undefined, timeoutMs: 42_000 }],
      ['prod', 'gone', { profile: 'cloud', timeoutMs: 5_000 }],
    ]);
  });

  it('waitForCluster rejects arguments it cannot take with reason "invalid", before waiting', async () => {
    const waits = recordingWaits();
    const api = createPublicApi(source, waits);
    const bad: [unknown, unknown, unknown?][] = [
      ['dev -A', 'running'],
      ['', 'running'],
      [42, 'running'],
      ['dev', 'deleted'],
      ['dev', 'running', { timeoutMs: 0 }],
      ['dev', 'running', { timeoutMs: MAX_WAIT_MS + 1 }],
      ['dev', 'running', { timeoutMs: Number.NaN }],
      ['dev', 'running', { profile: 7 }],
      ['dev', 'running', 'cloud'],
    ];
    for (const args of bad) {
      const call = (api.waitForCluster as (...values: unknown[]) => Promise<void>)(...args);
      await assert.rejects(call, (error: unknown) => error instanceof ClusterWaitError && error.reason === 'invalid', JSON.stringify(args));
    }
    assert.deepEqual(waits.calls, [], 'nothing waited');
  });

  it('hands internals to tests only in ExtensionMode.Test (Production = 1, Development = 2, Test = 3)', () => {
    assert.equal(exposesInternalsForTests(1), false);
    assert.equal(exposesInternalsForTests(2), false);
    assert.equal(exposesInternalsForTests(3), true);
  });
});
