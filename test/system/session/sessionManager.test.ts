import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { machineCommands, type MachineTarget } from '../../../src/commands/commandLines';
import type { RunningEmulator } from '../../../src/emulator';
import type { AccountEntry } from '../../../src/emulator/auth';
import { Emitter } from '../../../src/qbo/events';
import type { ProfileResolution, ProfileSource } from '../../../src/session/profiles';
import { SessionManager, type ConnectedProfile } from '../../../src/session/sessionManager';
import { credentialsFor, startTestEmulator, TestSocket, type Frame } from '../../support/emulator';
import { assertInventoryMatches } from '../../support/inventoryChecks';
import { recordingLogger } from '../../support/session';
import { waitUntil } from '../../support/wait';

const USER = 'dev@localhost';

/** The profiles the test connects, as ProfileStore would resolve them. */
class TestSource implements ProfileSource {
  private readonly emitter = new Emitter<void>();
  readonly onDidChange = this.emitter.event;
  resolutions: ProfileResolution[] = [];
  set(resolutions: ProfileResolution[]): void {
    this.resolutions = resolutions;
    this.emitter.fire();
  }
  resolveConnected(): Promise<readonly ProfileResolution[]> {
    return Promise.resolve(this.resolutions);
  }
}

function resolution(name: string, emulator: RunningEmulator, account?: AccountEntry): ProfileResolution {
  const credentials = credentialsFor(emulator, account);
  return {
    ok: true,
    name,
    active: { profile: { name, host: credentials.host, port: credentials.port }, credentials, origin: 'secret-storage' },
  };
}

function clusterTarget(profile: ConnectedProfile, name: string): MachineTarget {
  const found = profile.inventory.findCluster(name);
  assert.ok(found, `${profile.name} has ${name}`);
  const [key, cluster] = found;
  return { kind: 'clusters', key, name: cluster.name, id: cluster.id, state: cluster.state, cluster: cluster.name };
}

/** Commands other clients saw this client send (`input` messages to a second socket of the same user). */
function inputs(socket: TestSocket): string[] {
  return socket.frames
    .filter((frame) => frame.command === 'CMD_INPUT')
    .flatMap((frame) => ((frame.input as Frame[] | undefined) ?? []).map((item) => String(item.message)));
}

function ready(profile: ConnectedProfile | undefined): boolean {
  return profile?.session.status.kind === 'ready';
}

describe('session manager: several profiles at once', () => {
  let lifecycle: RunningEmulator;
  let single: RunningEmulator;
  let source: TestSource;
  let manager: SessionManager;
  const sockets: TestSocket[] = [];

  beforeEach(async () => {
    lifecycle = await startTestEmulator({ replies: 'lifecycle' });
    single = await startTestEmulator({ replies: 'single', deletedPushes: false });
    source = new TestSource();
    source.resolutions = [resolution('cloud', lifecycle), resolution('local', single)];
    manager = new SessionManager({
      source,
      logger: recordingLogger(),
      settings: () => ({ requestTimeoutMs: 5000 }),
      sessionOptions: { coalesceMs: 1, connection: { pingIntervalMs: 60_000, initialBackoffMs: 50, maxBackoffMs: 200 } },
    });
    await manager.ensureStarted();
    await waitUntil(() => ready(manager.profile('cloud')) && ready(manager.profile('local')), 5000, 'both profiles ready');
  });

  afterEach(async () => {
    manager.dispose();
    for (const socket of sockets.splice(0)) await socket.close();
    await lifecycle.close();
    await single.close();
  });

  async function watcher(emulator: RunningEmulator): Promise<TestSocket> {
    const socket = await TestSocket.connect(emulator);
    sockets.push(socket);
    return socket;
  }

  it('keeps one session and inventory per profile, each matching its own server', () => {
    assert.deepEqual(
      manager.profiles.map((profile) => profile.name),
      ['cloud', 'local'],
    );
    const [cloud, local] = manager.profiles as [ConnectedProfile, ConnectedProfile];
    assert.notEqual(cloud.inventory, local.inventory);
    assert.notEqual(cloud.session, local.session);
    assertInventoryMatches(cloud.inventory, lifecycle.state, USER);
    assertInventoryMatches(local.inventory, single.state, USER);
    const state = manager.state;
    assert.equal(state.kind, 'ready');
    assert.deepEqual(state.kind === 'ready' ? state.profiles.map((profile) => [profile.name, profile.kind]) : [], [
      ['cloud', 'session'],
      ['local', 'session'],
    ]);
    assert.equal(manager.sole, undefined, 'no single profile while two are connected');
  });

  it('sends a command on one profile to its own socket only: `dev` in the other account does not move', async () => {
    const cloudWatch = await watcher(lifecycle);
    const localWatch = await watcher(single);
    const local = manager.profile('local') as ConnectedProfile;
    const [command] = machineCommands('stop', [clusterTarget(local, 'dev')], local.inventory);
    assert.ok(command);
    await local.session.run(command);
    assert.equal(single.state.getCluster(USER, 'dev')?.state, 'stopped');
    assert.equal(lifecycle.state.getCluster(USER, 'dev')?.state, 'running', 'the other account’s dev is untouched');
    await localWatch.waitFor(() => inputs(localWatch).includes('qbo stop clusters dev'), 3000, 'the input on the local server');
    assert.deepEqual(inputs(cloudWatch), [], 'nothing reached the cloud server');
    assert.equal(local.inventory.findCluster('dev')?.[1].state, 'stopped');
    assert.equal(manager.profile('cloud')?.inventory.findCluster('dev')?.[1].state, 'running');
  });

  it('keeps the other profile live while one server is killed and restarted', async () => {
    const port = lifecycle.port;
    const accounts = lifecycle.accounts;
    await lifecycle.close();
    await waitUntil(() => manager.profile('cloud')?.session.status.kind === 'reconnecting', 5000, 'cloud reconnecting');
    // Meanwhile another client stops dev on the live server: the push (and re-list) reaches its profile.
    const other = await watcher(single);
    other.send({ cmd: 'stop clusters dev', uuid: randomUUID() });
    const local = manager.profile('local') as ConnectedProfile;
    await waitUntil(() => local.inventory.findCluster('dev')?.[1].state === 'stopped', 5000, 'local dev stopped while cloud is down');
    assert.equal(manager.profile('cloud')?.session.status.kind, 'reconnecting');
    assert.ok(manager.profile('cloud')?.inventory.findCluster('dev'), 'the last known state of cloud stays');

    lifecycle = await startTestEmulator({ port, accounts, replies: 'lifecycle' });
    await waitUntil(() => ready(manager.profile('cloud')), 5000, 'cloud ready again');
    assertInventoryMatches((manager.profile('cloud') as ConnectedProfile).inventory, lifecycle.state, USER);
    assertInventoryMatches(local.inventory, single.state, USER);
  });

  it('disconnects one profile without touching the other, and connects it again with a fresh session', async () => {
    const cloud = manager.profile('cloud') as ConnectedProfile;
    const local = manager.profile('local') as ConnectedProfile;
    let profileEvents = 0;
    manager.onDidChangeProfiles(() => profileEvents++);
    source.set([resolution('local', single)]);
    await manager.reload();
    assert.equal(manager.profile('cloud'), undefined);
    assert.equal(cloud.inventory.size('clusters'), 0, 'the disconnected profile’s rows are gone');
    await waitUntil(() => lifecycle.state.connectionCount(USER) === 0, 3000, 'the cloud socket closed');
    assert.equal(manager.profile('local')?.session, local.session, 'the other profile keeps its session');
    assert.equal(manager.sole?.name, 'local');
    assert.equal(profileEvents, 1);

    source.set([resolution('local', single), resolution('cloud', lifecycle)]);
    await manager.reload();
    await waitUntil(() => ready(manager.profile('cloud')), 5000, 'cloud ready again');
    assert.notEqual(manager.profile('cloud')?.session, cloud.session);
    assert.equal(manager.profile('local')?.session, local.session);
    assert.deepEqual(
      manager.profiles.map((profile) => profile.name),
      ['local', 'cloud'],
      'in the order they were connected',
    );
  });

  it('shows a profile that cannot connect as invalid, beside the live one', async () => {
    source.set([{ ok: false, name: 'qbo CLI', reason: 'invalid', message: 'qbo_port is not a number' }, resolution('local', single)]);
    await manager.reload();
    const state = manager.state;
    assert.ok(state.kind === 'ready');
    assert.deepEqual(
      state.profiles.map((profile) => [profile.name, profile.kind === 'invalid' ? profile.message : profile.status.kind]),
      [
        ['qbo CLI', 'qbo_port is not a number'],
        ['local', 'ready'],
      ],
    );
    assert.deepEqual(
      manager.profiles.map((profile) => profile.name),
      ['local'],
    );
  });
});
