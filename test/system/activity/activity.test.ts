// The Activity view's recorder against the real emulator, in both server dialects: a second socket
// of the same user (another client, with its own User-Agent) connects, stops and starts dev and
// leaves; this client stops prod. The entries, their causes, the presence count and who last acted
// on each cluster are checked against what the emulator did and holds.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Activity } from '../../../src/activity/activity';
import { parseStoredActivity } from '../../../src/activity/activityLog';
import { entryPresentation } from '../../../src/activity/activityText';
import type { ActivityEntry, PodsEntry, StateEntry } from '../../../src/activity/entries';
import { NOTE_WINDOW_MS } from '../../../src/activity/clusterNotes';
import type { RunningEmulator } from '../../../src/emulator';
import { Emitter } from '../../../src/qbo/events';
import { machineCommand } from '../../../src/qbo/commands';
import type { ProfileResolution, ProfileSource } from '../../../src/session/profiles';
import { SessionManager } from '../../../src/session/sessionManager';
import { cookieFor, credentialsFor, startTestEmulator, TestSocket, type Frame, isFinal } from '../../support/emulator';
import { recordingLogger } from '../../support/session';
import { waitUntil } from '../../support/wait';

const USER = 'dev@localhost';
const PROFILE = 'local';
const OTHER_AGENT = 'qbo-cli/1.0 (activity test)';

class OneProfile implements ProfileSource {
  private readonly emitter = new Emitter<void>();
  readonly onDidChange = this.emitter.event;
  constructor(private readonly resolution: ProfileResolution) {}
  resolveConnected(): Promise<readonly ProfileResolution[]> {
    return Promise.resolve([this.resolution]);
  }
}

const DIALECTS = [
  { name: 'lifecycle replies', single: false, options: {} },
  { name: 'single replies without deleted pushes', single: true, options: { replies: 'single' as const, deletedPushes: false } },
];

/** Sends a command on the other client's socket and waits for its end: CMD_DONE or an error, or with single replies the one reply. */
async function runOn(socket: TestSocket, cmd: string, single: boolean, timeoutMs = 20_000): Promise<void> {
  const uuid = randomUUID();
  socket.send({ cmd, uuid });
  const ends = (frame: Frame): boolean => frame.uuid === uuid && (single || isFinal(frame));
  await socket.waitFor(() => socket.frames.some(ends), timeoutMs, `the end of "${cmd}"`);
}

for (const dialect of DIALECTS) {
  describe(`activity: another client of the same user, then this one (${dialect.name})`, function () {
    let emulator: RunningEmulator;
    let manager: SessionManager;
    let activity: Activity;
    let other: TestSocket | undefined;
    let folder: string;

    const entries = (): readonly ActivityEntry[] => activity.log.entries(PROFILE);
    const find = <T extends ActivityEntry>(predicate: (entry: ActivityEntry) => entry is T): T | undefined => entries().find(predicate);
    const stateOf =
      (cluster: string, from: string | null, to: string | null, actor: string) =>
      (entry: ActivityEntry): entry is StateEntry =>
        entry.kind === 'state' &&
        entry.cluster === cluster &&
        entry.change?.from === from &&
        entry.change.to === to &&
        entry.cause?.actor === actor;

    beforeEach(async () => {
      // Speed 0.25: a stop takes most of a second, so its pushes come while the command runs.
      emulator = await startTestEmulator({ speed: 0.25, ...dialect.options });
      const credentials = credentialsFor(emulator);
      manager = new SessionManager({
        source: new OneProfile({
          ok: true,
          name: PROFILE,
          active: { profile: { name: PROFILE, host: credentials.host, port: credentials.port }, credentials, origin: 'secret-storage' },
        }),
        logger: recordingLogger(),
        settings: () => ({ requestTimeoutMs: 5000 }),
        sessionOptions: { coalesceMs: 1, connection: { pingIntervalMs: 60_000 }, followUpDelaysMs: [100, 200, 400, 800, 1600] },
      });
      folder = fs.mkdtempSync(path.join(os.tmpdir(), 'qbo-activity-'));
      activity = new Activity(manager, { storageFolder: folder });
      await manager.ensureStarted();
      await waitUntil(() => manager.profile(PROFILE)?.session.status.kind === 'ready', 5000, 'the profile to be ready');
    });

    afterEach(async () => {
      await other?.close();
      other = undefined;
      activity.dispose();
      manager.dispose();
      await emulator.close();
      fs.rmSync(folder, { recursive: true, force: true });
    });

    it('records what the other client did, tied to it, and what the emulator changed; presence follows its socket', async () => {
      assert.deepEqual(entries(), [], 'the first listing is the starting point, not activity');
      await waitUntil(() => activity.recorder.othersOf(PROFILE)?.length === 0, 5000, 'no other client at first');
      assert.equal(emulator.state.connectionCount(USER), 1);

      other = await TestSocket.open(emulator.url, await cookieFor(emulator), ['qbo'], { 'User-Agent': OTHER_AGENT });
      await waitUntil(() => activity.recorder.othersOf(PROFILE)?.length === 1, 5000, 'one other client');
      assert.equal(
        activity.recorder.othersOf(PROFILE)?.length,
        emulator.state.connectionCount(USER) - 1,
        'the emulator counts this client too',
      );
      assert.equal(activity.recorder.othersOf(PROFILE)?.[0]?.agent, OTHER_AGENT);
      assert.equal(activity.tree.description(), `1 other client: ${USER} (${OTHER_AGENT})`);
      await waitUntil(
        () => entries().some((entry) => entry.kind === 'clients' && entry.change === 'connected'),
        5000,
        'a "connected" entry',
      );
      const connected = entries().find((entry) => entry.kind === 'clients');
      assert.equal(connected?.kind === 'clients' && connected.who.agent, OTHER_AGENT);

      await runOn(other, 'stop clusters dev', dialect.single);
      assert.equal(emulator.state.getCluster(USER, 'dev')?.state, 'stopped', 'the emulator stopped dev');
      await waitUntil(
        () => find(stateOf('dev', 'running', 'stopped', 'other')) !== undefined,
        10_000,
        'dev: running → stopped, by the other client',
      );
      const command = find((entry): entry is ActivityEntry & { kind: 'other-command' } => entry.kind === 'other-command');
      assert.ok(command, 'the other client’s command');
      assert.equal(command.line, 'qbo stop clusters dev');
      assert.deepEqual(command.who, { user: USER, address: '127.0.0.1', agent: OTHER_AGENT });
      assert.deepEqual(command.clusters, ['dev']);
      assert.deepEqual(command.action, { verb: 'stop', on: 'clusters' });
      const stopped = find(stateOf('dev', 'running', 'stopped', 'other')) as StateEntry;
      assert.equal(stopped.cause?.line, 'qbo stop clusters dev');
      assert.equal(stopped.cause?.who?.agent, OTHER_AGENT);
      assert.ok(stopped.change?.via.includes('stopping'), `through stopping: ${JSON.stringify(stopped.change)}`);
      // Its nodes are in the same entry, each as the emulator has it now.
      const nodes = emulator.state.list(USER, 'nodes', 'dev');
      await waitUntil(
        () => (find(stateOf('dev', 'running', 'stopped', 'other'))?.nodes.length ?? 0) === nodes.length,
        5000,
        'every node of dev',
      );
      for (const node of (find(stateOf('dev', 'running', 'stopped', 'other')) as StateEntry).nodes)
        assert.deepEqual([node.from, node.to], ['running', 'stopped'], node.name);
      assert.deepEqual(
        (find(stateOf('dev', 'running', 'stopped', 'other')) as StateEntry).nodes.map((node) => node.name).sort(),
        nodes.map((node) => node.name).sort(),
      );
      // Pod churn is one entry for the cluster, counting each of its pods once.
      const pods = emulator.state.list(USER, 'pods', 'dev');
      await waitUntil(
        () => {
          const entry = entries().find((candidate): candidate is PodsEntry => candidate.kind === 'pods' && candidate.cluster === 'dev');
          return entry !== undefined && entry.added + entry.updated + entry.removed === pods.length;
        },
        5000,
        `one pods entry for dev counting its ${pods.length} pods`,
      );
      assert.equal(entries().filter((entry) => entry.kind === 'pods').length, 1, 'never one row per pod');
      assert.equal(
        entryPresentation(entries().find((entry) => entry.kind === 'pods') as PodsEntry, Date.now()).label,
        `dev: ${pods.length} pods changed`,
      );
      // The Clusters view's note and the guard read who last acted on dev.
      assert.equal(activity.lastOtherAction(PROFILE, 'dev', NOTE_WINDOW_MS)?.verb, 'stop');
      assert.equal(activity.notes.noteFor(PROFILE, 'dev')?.summary, `${USER} stopped it just now`);
      assert.equal(activity.notes.noteFor(PROFILE, 'prod'), undefined, 'prod was not touched');

      await runOn(other, 'start clusters dev', dialect.single);
      assert.equal(emulator.state.getCluster(USER, 'dev')?.state, 'running');
      await waitUntil(() => find(stateOf('dev', 'stopped', 'running', 'other')) !== undefined, 10_000, 'dev: stopped → running');
      assert.equal(activity.lastOtherAction(PROFILE, 'dev', NOTE_WINDOW_MS)?.verb, 'start');

      await other.close();
      other = undefined;
      await waitUntil(() => activity.recorder.othersOf(PROFILE)?.length === 0, 5000, 'no other client after it left');
      assert.equal(emulator.state.connectionCount(USER), 1);
      await waitUntil(
        () => entries().some((entry) => entry.kind === 'clients' && entry.change === 'disconnected'),
        5000,
        'a "disconnected" entry',
      );
      assert.equal(activity.tree.description(), 'no other clients');
      assert.equal(
        entries().filter((entry) => entry.kind === 'clients').length,
        2,
        'one connect and one disconnect: this client itself never appears',
      );
    });

    it("records this client's command with its outcome and ties the changes to it; the note goes, the entries survive a reload", async () => {
      other = await TestSocket.open(emulator.url, await cookieFor(emulator), ['qbo'], { 'User-Agent': OTHER_AGENT });
      await runOn(other, 'stop clusters dev', dialect.single);
      await waitUntil(() => activity.notes.noteFor(PROFILE, 'dev') !== undefined, 5000, 'the note on dev');

      const profile = manager.profile(PROFILE);
      assert.ok(profile);
      const dev = profile.inventory.findCluster('dev');
      assert.ok(dev);
      await profile.session.run(machineCommand('start', 'clusters', [{ ref: { name: 'dev' }, cluster: 'dev' }]));
      assert.equal(emulator.state.getCluster(USER, 'dev')?.state, 'running');
      const own = entries().find((entry) => entry.kind === 'own-command');
      assert.ok(own?.kind === 'own-command');
      assert.equal(own.line, 'qbo start clusters dev');
      assert.equal(own.outcome, 'done');
      assert.ok((own.durationMs ?? -1) >= 0);
      await waitUntil(() => find(stateOf('dev', 'stopped', 'running', 'you')) !== undefined, 10_000, 'dev: stopped → running, by you');
      // Our start is the latest action on dev now: no note, no conflict.
      assert.equal(activity.notes.noteFor(PROFILE, 'dev'), undefined);
      assert.equal(activity.lastOtherAction(PROFILE, 'dev', 60 * 60_000), undefined);

      // A command the server refuses: its error is the outcome.
      await assert.rejects(profile.session.run(machineCommand('stop', 'clusters', [{ ref: { name: 'nope' }, cluster: 'nope' }])));
      const failed = entries().find((entry) => entry.kind === 'own-command' && entry.outcome === 'failed');
      assert.ok(failed?.kind === 'own-command' && /nope/.test(failed.error ?? ''), JSON.stringify(failed));

      await activity.store.flush();
      const stored = parseStoredActivity(fs.readFileSync(activity.store.file, 'utf8')).get(PROFILE);
      assert.deepEqual(stored?.entries, entries(), 'the file holds the ring as it is');
      assert.equal(fs.statSync(activity.store.file).mode & 0o777, 0o600);
      const secret = credentialsFor(emulator);
      assert.ok(secret.kind === 'service-account');
      assert.ok(!fs.readFileSync(activity.store.file, 'utf8').includes(secret.aux), 'no secret in storage');
    });
  });
}
