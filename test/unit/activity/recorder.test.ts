// The recorder with a real inventory and a stand-in session (messages handed to it as the session
// would: applied to the inventory first, then announced), on a clock moved by hand.
import * as assert from 'node:assert/strict';
import { ActivityLog } from '../../../src/activity/activityLog';
import type { ActivityEntry, PodsEntry, StateEntry } from '../../../src/activity/entries';
import { RecentActions } from '../../../src/activity/recentActions';
import { ActivityRecorder, GROUP_WINDOW_MS, OWN_SOCKET_GRACE_MS } from '../../../src/activity/recorder';
import { machineCommand, getCommand, kubeconfigCommand } from '../../../src/qbo/commands';
import type { QboCredentials } from '../../../src/qbo/credentials';
import { Emitter } from '../../../src/qbo/events';
import { Inventory } from '../../../src/qbo/inventory';
import { interpretServerMessage, type Client, type ServerMessage } from '../../../src/qbo/messages';
import { REDACTED } from '../../../src/qbo/redact';
import type { CommandRun, QboSession, SessionStatus } from '../../../src/session/session';
import type { ConnectedProfile } from '../../../src/session/sessionManager';
import { FakeClock } from '../../support/clock';

const AUX = 'aux-secret-of-this-profile-0123456789';
const JWE = 'eyJhbGciOiJFQ0RILUVTIn0.AAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBB.CCCCCCCCCCCCCCCC.DDDDDDDDDDDDDDDD';
const OWN_WSI = '0xown';

function message(body: Record<string, unknown>): ServerMessage {
  const result = interpretServerMessage(body);
  if (!result.ok) throw new Error(result.error.detail);
  return result.message;
}

/** A session as the recorder sees one: messages, its own commands, its status. */
class StandInSession {
  readonly messages = new Emitter<ServerMessage>();
  readonly runs = new Emitter<CommandRun>();
  readonly statuses = new Emitter<SessionStatus>();
  status: SessionStatus = { kind: 'loading' };
  readonly client = { onMessage: this.messages.event };
  readonly onDidRunCommand = this.runs.event;
  readonly onStatus = this.statuses.event;
  setStatus(status: SessionStatus): void {
    this.status = status;
    this.statuses.fire(status);
  }
}

class StandInManager {
  private readonly profilesEmitter = new Emitter<void>();
  private readonly sessionEmitter = new Emitter<ConnectedProfile>();
  private readonly factsEmitter = new Emitter<ConnectedProfile>();
  readonly onDidChangeProfiles = this.profilesEmitter.event;
  readonly onDidStartSession = this.sessionEmitter.event;
  readonly onDidChangeFacts = this.factsEmitter.event;
  profiles: ConnectedProfile[] = [];
  clients: Client[] | undefined;

  connect(name: string, inventory: Inventory, session: StandInSession): ConnectedProfile {
    const credentials = {
      kind: 'service-account',
      aux: AUX,
      user: 'alex@qbo.io',
      host: 'h',
      port: 1,
      publicKey: {},
    } as unknown as QboCredentials;
    const current = (): Client[] | undefined => this.clients;
    const facts = {
      get clients(): Client[] | undefined {
        return current();
      },
    };
    const profile = {
      name,
      inventory,
      session: session as unknown as QboSession,
      facts,
      active: { profile: { name, host: 'h', port: 1 }, credentials, origin: 'secret-storage' },
    } as unknown as ConnectedProfile;
    this.profiles = [...this.profiles.filter((candidate) => candidate.name !== name), profile];
    this.profilesEmitter.fire();
    this.sessionEmitter.fire(profile);
    return profile;
  }

  disconnect(name: string): void {
    this.profiles = this.profiles.filter((profile) => profile.name !== name);
    this.profilesEmitter.fire();
  }

  setClients(clients: Client[] | undefined): void {
    this.clients = clients;
    for (const profile of this.profiles) this.factsEmitter.fire(profile);
  }
}

describe('activity recorder', () => {
  let clock: FakeClock;
  let inventory: Inventory;
  let session: StandInSession;
  let manager: StandInManager;
  let log: ActivityLog;
  let recent: RecentActions;
  let recorder: ActivityRecorder;

  /** A message as the session handles it: into the inventory, changes delivered, then announced to listeners. */
  const receive = (body: Record<string, unknown>): void => {
    const parsed = message({ wsi: OWN_WSI, ...body });
    inventory.apply(parsed);
    session.messages.fire(parsed);
    inventory.flush();
  };
  const push = (body: Record<string, unknown>, commandLine?: string, threadId?: number): void =>
    receive({
      command: 'CMD_WATCH',
      ...(commandLine ? { command_line: commandLine } : {}),
      ...(threadId ? { thread_id: threadId } : {}),
      ...body,
    });
  const input = (line: string, threadId?: number): void =>
    receive({
      command: 'CMD_INPUT',
      user: 'sam@qbo.io',
      peer: '10.0.0.7',
      agent: 'qbo-cli/1.0',
      wsi: '0xother',
      ...(threadId ? { thread_id: threadId } : {}),
      input: [{ message: line }],
    });
  const entries = (): readonly ActivityEntry[] => log.entries('cloud');
  const states = (): StateEntry[] => entries().filter((entry): entry is StateEntry => entry.kind === 'state');
  const pods = (): PodsEntry[] => entries().filter((entry): entry is PodsEntry => entry.kind === 'pods');

  beforeEach(() => {
    clock = new FakeClock();
    inventory = new Inventory({ coalesceMs: 1 });
    session = new StandInSession();
    manager = new StandInManager();
    log = new ActivityLog();
    recent = new RecentActions();
    recorder = new ActivityRecorder(manager, log, recent, { clock });
    manager.connect('cloud', inventory, session);
    // The first listing: the starting point, never activity.
    receive({
      uuid: 'listing',
      command: 'CMD_DONE',
      clusters: [
        { id: 'c-dev', name: 'dev', state: 'running' },
        { id: 'c-prod', name: 'prod', state: 'stopped' },
      ],
      nodes: [
        { id: 'n1', name: 'control', cluster: 'dev', state: 'running' },
        { id: 'n2', name: 'worker', cluster: 'dev', state: 'running' },
      ],
      pods: [
        { id: 'p1', name: 'a', cluster: 'dev', node: 'control', status: 'Running' },
        { id: 'p2', name: 'b', cluster: 'dev', node: 'worker', status: 'Running' },
        { id: 'p3', name: 'c', cluster: 'dev', node: 'worker', status: 'Running' },
      ],
    });
    session.setStatus({ kind: 'ready' });
  });
  afterEach(() => {
    recorder.dispose();
    inventory.dispose();
  });

  it('records nothing of the first listing', () => {
    assert.deepEqual(entries(), []);
  });

  it("folds a cluster's way to rest and its nodes into one entry, and pod churn into one per cluster, tied to the command", () => {
    input('qbo stop clusters dev', 7);
    push(
      {
        clusters: [{ id: 'c-dev', name: 'dev', state: 'stopping' }],
        nodes: [{ id: 'n1', name: 'control', cluster: 'dev', state: 'stopping' }],
      },
      'qbo stop clusters dev',
      7,
    );
    clock.advance(500);
    push({ nodes: [{ id: 'n2', name: 'worker', cluster: 'dev', state: 'stopping' }] }, 'qbo stop clusters dev', 7);
    for (const id of ['p1', 'p2', 'p3']) {
      clock.advance(100);
      push({ pods: [{ id, name: id, cluster: 'dev', node: 'worker', status: 'Unknown' }] }, 'qbo stop clusters dev', 7);
    }
    // The same pod again counts once.
    push({ pods: [{ id: 'p1', name: 'p1', cluster: 'dev', node: 'worker', status: 'Terminating' }] }, 'qbo stop clusters dev', 7);
    clock.advance(1000);
    push(
      {
        clusters: [{ id: 'c-dev', name: 'dev', state: 'stopped' }],
        nodes: [
          { id: 'n1', name: 'control', cluster: 'dev', state: 'stopped' },
          { id: 'n2', name: 'worker', cluster: 'dev', state: 'stopped' },
        ],
      },
      'qbo stop clusters dev',
      7,
    );
    assert.equal(states().length, 1, 'one entry for the stop of dev');
    const [state] = states();
    assert.deepEqual(state?.change, { from: 'running', via: ['stopping'], to: 'stopped' });
    assert.deepEqual(
      state?.nodes.map((node) => [node.name, node.from, node.to]),
      [
        ['control', 'running', 'stopped'],
        ['worker', 'running', 'stopped'],
      ],
    );
    assert.deepEqual(state?.cause, {
      line: 'qbo stop clusters dev',
      actor: 'other',
      who: { user: 'sam@qbo.io', address: '10.0.0.7', agent: 'qbo-cli/1.0' },
    });
    assert.equal(pods().length, 1, 'never one row per pod');
    assert.equal((pods()[0]?.updated ?? 0) + (pods()[0]?.added ?? 0) + (pods()[0]?.removed ?? 0), 3);
    assert.equal(pods()[0]?.cause?.actor, 'other');
    assert.equal(entries()[0]?.kind, 'state', 'the entry that changed last is on top');
  });

  it('starts a new entry when the cluster was quiet for a while or another command moved it', () => {
    push({ clusters: [{ id: 'c-dev', name: 'dev', state: 'stopping' }] });
    clock.advance(GROUP_WINDOW_MS + 1);
    push({ clusters: [{ id: 'c-dev', name: 'dev', state: 'stopped' }] });
    assert.equal(states().length, 2, 'after a quiet window, a new entry');
    input('qbo start clusters dev');
    push({ clusters: [{ id: 'c-dev', name: 'dev', state: 'starting' }] }, 'qbo start clusters dev');
    assert.equal(states().length, 3, 'another command, another entry');
    assert.equal(states()[0]?.cause?.line, 'qbo start clusters dev');
    assert.equal(states()[1]?.cause, undefined, 'a change nobody is known to have caused has no cause');
  });

  it('ties a change to a command in flight when the push does not name one (a re-list)', () => {
    session.runs.fire({
      phase: 'started',
      id: 1,
      command: machineCommand('stop', 'clusters', [{ ref: { name: 'prod' }, cluster: 'prod' }]),
      line: 'stop clusters prod',
      at: clock.now(),
    });
    receive({
      uuid: 'relist',
      command: 'CMD_DONE',
      command_line: 'qbo get clusters prod',
      clusters: [{ id: 'c-prod', name: 'prod', state: 'running' }],
    });
    assert.equal(states()[0]?.cause?.actor, 'you');
    assert.equal(states()[0]?.cause?.line, 'qbo stop clusters prod');
  });

  it("records this client's commands with their outcome, not its routine reads", () => {
    const stop = machineCommand('stop', 'clusters', [{ ref: { name: 'dev' }, cluster: 'dev' }]);
    session.runs.fire({ phase: 'started', id: 1, command: stop, line: 'stop clusters dev', at: clock.now() });
    const [running] = entries();
    assert.ok(running?.kind === 'own-command' && running.outcome === 'running', 'in flight at once');
    clock.advance(2100);
    session.runs.fire({
      phase: 'ended',
      id: 1,
      command: stop,
      line: 'stop clusters dev',
      at: clock.now(),
      startedAt: clock.now() - 2100,
      error: undefined,
    });
    session.runs.fire({ phase: 'started', id: 2, command: getCommand('clusters'), line: 'get clusters -A', at: clock.now() });
    const kubeconfig = kubeconfigCommand({ name: 'prod' });
    session.runs.fire({ phase: 'started', id: 3, command: kubeconfig, line: 'get cluster prod -k', at: clock.now() });
    session.runs.fire({
      phase: 'ended',
      id: 3,
      command: kubeconfig,
      line: 'get cluster prod -k',
      at: clock.now(),
      startedAt: clock.now(),
      error: `qbo get cluster prod -k: token ${AUX} refused (403)`,
    });
    const own = entries().filter((entry) => entry.kind === 'own-command');
    assert.equal(own.length, 2, 'a listing is not an entry');
    const [failed, done] = own;
    assert.ok(done?.kind === 'own-command' && done.outcome === 'done' && done.durationMs === 2100);
    assert.ok(failed?.kind === 'own-command' && failed.outcome === 'failed');
    assert.ok(failed.error?.includes(REDACTED) && !failed.error.includes(AUX), failed.error);
    assert.equal(recent.lastOther('cloud', 'dev', clock.now(), 60_000), undefined, 'our own action is not another client’s');
  });

  it("records another client's state-changing and sensitive commands, not its listings", () => {
    input('qbo get clusters -A');
    input('qbo get pods dev');
    input('version');
    input('qbo get clients');
    assert.deepEqual(entries(), [], 'what every client sends on connecting is not activity');
    input('qbo get cluster dev -k');
    input('qbo delete nodes worker');
    input('qbo frobnicate everything');
    const commands = entries().filter((entry) => entry.kind === 'other-command');
    assert.deepEqual(
      commands.map((entry) => entry.kind === 'other-command' && [entry.line, entry.action?.verb, entry.clusters]),
      [
        ['qbo frobnicate everything', undefined, []],
        ['qbo delete nodes worker', 'delete', ['dev']],
        ['qbo get cluster dev -k', undefined, []],
      ],
    );
    assert.equal(recent.lastOther('cloud', 'dev', clock.now(), 60_000)?.on, 'nodes');
  });

  it("redacts a command line as the log does: this profile's secret, and anything shaped like a credential", () => {
    input(`qbo add cluster ${AUX}`);
    input(`qbo get cluster ${JWE} -k`);
    const lines = entries().map((entry) => (entry.kind === 'other-command' ? entry.line : ''));
    assert.equal(lines.length, 2);
    for (const line of lines) {
      assert.ok(line.includes(REDACTED), line);
      assert.ok(!line.includes(AUX) && !line.includes(JWE), line);
    }
    assert.ok(!log.serialise().includes(AUX), 'nor in storage');
  });

  it('records clients connecting and leaving, never this client itself', () => {
    const self: Client = { wsi: OWN_WSI, user: 'alex@qbo.io', agent: 'qbo-explorer (VS Code)', address: '127.0.0.1' };
    const cli: Client = { wsi: '0xcli', user: 'alex@qbo.io', agent: 'qbo-cli/1.0', address: '10.0.0.7' };
    manager.setClients([self]);
    assert.deepEqual(recorder.othersOf('cloud'), []);
    manager.setClients([self, cli]);
    assert.deepEqual(recorder.othersOf('cloud'), [cli]);
    assert.deepEqual(entries(), [], 'an arrival is recorded a moment later (it may be a socket of this window)');
    clock.advance(OWN_SOCKET_GRACE_MS);
    manager.setClients([cli]);
    manager.setClients([]);
    assert.deepEqual(
      entries().map((entry) => entry.kind === 'clients' && [entry.change, entry.who.agent]),
      [
        ['disconnected', 'qbo-cli/1.0'],
        ['connected', 'qbo-cli/1.0'],
      ],
    );
    // A client that comes, runs a command and goes within the grace: all three, in order.
    const quick: Client = { wsi: '0xquick', user: 'alex@qbo.io', agent: 'qbo-explorer (VS Code)' };
    manager.setClients([self, quick]);
    clock.advance(100);
    receive({ command: 'CMD_INPUT', wsi: '0xquick', user: 'alex@qbo.io', input: [{ message: 'qbo get user -l' }] });
    clock.advance(100);
    manager.setClients([self]);
    clock.advance(OWN_SOCKET_GRACE_MS);
    assert.deepEqual(
      entries()
        .slice(0, 3)
        .map((entry) => (entry.kind === 'clients' ? entry.change : entry.kind)),
      ['disconnected', 'other-command', 'connected'],
    );
    log.clear('cloud');
    manager.setClients([self, cli]);
    clock.advance(OWN_SOCKET_GRACE_MS);
    assert.equal(entries().length, 1);
    // The connection dropped: the next list is a fresh start, not everybody arriving.
    manager.setClients(undefined);
    manager.setClients([self, cli]);
    clock.advance(OWN_SOCKET_GRACE_MS);
    assert.equal(entries().length, 1);
  });

  it("leaves out this window's other profiles on the same server: counted once in all, never as connecting, leaving or running commands", () => {
    const self: Client = { wsi: OWN_WSI, user: 'alex@qbo.io', agent: 'qbo-explorer (VS Code)' };
    const sibling: Client = { wsi: '0xown2', user: 'alex@qbo.io', agent: 'qbo-explorer (VS Code)' };
    const cli: Client = { wsi: '0xcli', user: 'alex@qbo.io', agent: 'qbo-cli/1.0' };
    manager.setClients([self]);
    const second = new StandInSession();
    manager.connect('cloud (second)', new Inventory({ coalesceMs: 1 }), second);
    // The second profile's socket and the CLI arrive; the second profile learns its wsi just after.
    manager.setClients([self, sibling, cli]);
    second.messages.fire(message({ wsi: '0xown2', command: 'CMD_WATCH', clients: [] }));
    clock.advance(OWN_SOCKET_GRACE_MS);
    assert.deepEqual(recorder.othersOf('cloud'), [cli]);
    assert.deepEqual(recorder.othersOf('cloud (second)'), [cli]);
    assert.equal(recorder.otherClientCount(), 1, 'the CLI once, not once per profile');
    // The second profile creates a service account: that is in its own log, not another client's command here.
    receive({
      command: 'CMD_INPUT',
      wsi: '0xown2',
      user: 'alex@qbo.io',
      agent: 'qbo-explorer (VS Code)',
      input: [{ message: 'qbo get user -c alex@qbo.io' }],
    });
    // It disconnects (its tracker goes first, then the server's list).
    manager.disconnect('cloud (second)');
    manager.setClients([self, cli]);
    assert.deepEqual(
      log.entries('cloud').map((entry) => entry.kind === 'clients' && entry.who.agent),
      ['qbo-cli/1.0'],
    );
    assert.equal(log.entries('cloud').length, 1);
  });

  it('forgets the listing of a new session: a new profile session starts from its own first listing', () => {
    push({ clusters: [{ id: 'c-dev', name: 'dev', state: 'stopped' }] });
    assert.equal(states().length, 1);
    const next = new StandInSession();
    inventory.clear();
    manager.connect('cloud', inventory, next);
    inventory.flush();
    const parsed = message({ uuid: 'listing-2', command: 'CMD_DONE', clusters: [{ id: 'c-dev', name: 'dev', state: 'running' }] });
    inventory.apply(parsed);
    next.messages.fire(parsed);
    next.setStatus({ kind: 'ready' });
    inventory.flush();
    assert.equal(states().length, 1, 'neither the clear nor the new listing is activity');
  });
});
