// qbo tasks and the mirror wait against the real emulator, through the real session manager:
// a task's wait ends on pushes, and on a server that never pushes deletions a `gone` still ends
// through the re-list (docs/DECISIONS.md "Reconcile"). A second socket of the same user sees every
// command our client sends (the emulator's `input` log), so "nothing was sent" and "nothing was
// re-listed" are checked against the server's own record.
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { commandTarget, type MachineTarget } from '../../../src/commands/commandLines';
import type { RunningEmulator } from '../../../src/emulator';
import { kubeconfigFromOutput } from '../../../src/kube/kubeconfigPolicy';
import { kubeconfigCommand, namedTargets, startCommand } from '../../../src/qbo/commands';
import { parseCliJson } from '../../../src/qbo/credentials';
import { Emitter } from '../../../src/qbo/events';
import type { ProfileResolution, ProfileSource } from '../../../src/session/profiles';
import { SessionManager, type ConnectedProfile } from '../../../src/session/sessionManager';
import { inventoryMirror, waitForClusters } from '../../../src/tasks/clusterWait';
import { ClusterWaitError, waitForClusterState } from '../../../src/tasks/clusterWaits';
import { ProfileLink } from '../../../src/tasks/profileLink';
import { runQboTask, type LineKind, type TaskEnvironment } from '../../../src/tasks/runTask';
import { credentialsFor, startTestEmulator, TestSocket, type Frame } from '../../support/emulator';
import { recordingLogger } from '../../support/session';
import { waitUntil } from '../../support/wait';

const USER = 'dev@localhost';

class TestSource implements ProfileSource {
  private readonly emitter = new Emitter<void>();
  readonly onDidChange = this.emitter.event;
  constructor(public resolutions: ProfileResolution[]) {}
  set(resolutions: ProfileResolution[]): void {
    this.resolutions = resolutions;
    this.emitter.fire();
  }
  resolveConnected(): Promise<readonly ProfileResolution[]> {
    return Promise.resolve(this.resolutions);
  }
}

function resolution(name: string, emulator: RunningEmulator): ProfileResolution {
  const credentials = credentialsFor(emulator);
  return {
    ok: true,
    name,
    active: { profile: { name, host: credentials.host, port: credentials.port }, credentials, origin: 'secret-storage' },
  };
}

/** Command lines other clients saw this user's other sockets send (`input` messages to `socket`). */
function inputs(socket: TestSocket): string[] {
  return socket.frames
    .filter((frame) => frame.command === 'CMD_INPUT')
    .flatMap((frame) => ((frame.input as Frame[] | undefined) ?? []).map((item) => String(item.message)));
}

/** Sends a command on a raw socket and waits for its end in either dialect (a single reply is the whole answer). */
async function commandOn(socket: TestSocket, cmd: string): Promise<void> {
  const uuid = randomUUID();
  socket.send({ cmd, uuid });
  await socket.waitFor(
    () => socket.frames.some((frame) => frame.uuid === uuid && (frame.command === 'CMD_DONE' || ![201, 202].includes(Number(frame.code)))),
    10_000,
    `the end of "${cmd}"`,
  );
}

/** A task's terminal, as lines with their kinds. */
function recordingOutput(): { lines: [string, LineKind][]; line(text: string, kind: LineKind): void; text(): string } {
  const lines: [string, LineKind][] = [];
  return { lines, line: (text, kind) => lines.push([text, kind]), text: () => lines.map(([text]) => text).join('\n') };
}

/** The kubeconfig fetch of the extension, without its progress notification. */
async function fetchKubeconfig(profile: ConnectedProfile, cluster: MachineTarget) {
  const result = await profile.session.run(kubeconfigCommand(commandTarget(cluster, profile.inventory).ref));
  return kubeconfigFromOutput(result.outputItems, cluster.name ?? cluster.key);
}

for (const replies of ['single', 'lifecycle'] as const) {
  describe(`qbo tasks against the emulator: --replies ${replies} --deleted-pushes off`, () => {
    let emulator: RunningEmulator;
    let source: TestSource;
    let manager: SessionManager;
    let other: TestSocket;
    let workspace: string;

    const environment = (overrides: Partial<TaskEnvironment> = {}): TaskEnvironment => ({
      manager,
      timeoutMs: 20_000,
      folders: [workspace],
      fetchKubeconfig,
      ...overrides,
    });
    const profile = (): ConnectedProfile => {
      const connected = manager.profile('local');
      assert.ok(connected, 'the profile is connected');
      return connected;
    };

    beforeEach(async () => {
      emulator = await startTestEmulator({ replies, deletedPushes: false });
      source = new TestSource([resolution('local', emulator)]);
      manager = new SessionManager({
        source,
        logger: recordingLogger(),
        settings: () => ({ requestTimeoutMs: 5000 }),
        sessionOptions: {
          coalesceMs: 1,
          connection: { pingIntervalMs: 60_000, initialBackoffMs: 50, maxBackoffMs: 200 },
          followUpDelaysMs: [20, 50, 100, 200, 400, 800],
        },
      });
      await manager.ensureStarted();
      await waitUntil(() => manager.profile('local')?.session.status.kind === 'ready', 5000, 'the profile ready');
      other = await TestSocket.connect(emulator);
      workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'qbo-task-workspace-')));
    });
    afterEach(async () => {
      manager.dispose();
      await other.close();
      await emulator.close();
      fs.rmSync(workspace, { recursive: true, force: true });
    });

    it('a delete task ends through the re-list: no deleted push ever comes, the cluster and its nodes leave', async () => {
      assert.ok(profile().inventory.findCluster('prod'));
      const output = recordingOutput();
      const code = await runQboTask({ type: 'qbo', action: 'delete', clusters: ['prod'] }, environment(), output);
      assert.equal(code, 0, output.text());
      assert.equal(emulator.state.getCluster(USER, 'prod'), undefined, 'the server deleted prod');
      assert.equal(profile().inventory.findCluster('prod'), undefined);
      assert.deepEqual(profile().inventory.inCluster('prod', 'nodes'), []);
      assert.deepEqual(output.lines[0], ['> qbo delete clusters prod', 'command']);
      assert.deepEqual(output.lines.at(-1)?.[1], 'success');
      assert.match(output.text(), /Done in [\d.]+ s: prod: gone\./);
      assert.ok(
        !other.frames.some((frame) => JSON.stringify(frame).includes('"deleted"')),
        'the server never said "deleted": only the re-list could remove prod',
      );
    });

    it('a wait for gone ends through the follow-up re-list when another client deletes the cluster', async () => {
      const waiting = waitForClusterState(manager, 'prod', 'gone', { profile: undefined, timeoutMs: 10_000 });
      await commandOn(other, 'delete clusters prod');
      await waiting;
      assert.equal(profile().inventory.findCluster('prod'), undefined);
    });

    it('a wait for running after a start ends on what the server sends by itself: nothing is re-listed', async () => {
      const connected = profile();
      const link = new ProfileLink(manager, connected);
      try {
        const wait = waitForClusters(inventoryMirror(connected.inventory), link, ['prod'], 'running', { timeoutMs: 10_000 });
        const sentBefore = inputs(other).length;
        // The client's own send: no re-list after it (session.run would re-list).
        const start = connected.session.client.send(startCommand('clusters', namedTargets('clusters', 'prod')));
        const outcome = await wait.outcome;
        assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
        await start.done;
        assert.deepEqual(inputs(other).slice(sentBefore), ['qbo start clusters prod'], 'the only command sent was the start');
        assert.equal(emulator.state.getCluster(USER, 'prod')?.state, 'running');
      } finally {
        link.dispose();
      }
    });

    it('a start task prints qbo’s output as it comes and ends with exit 0 once the cluster and its nodes run', async () => {
      const output = recordingOutput();
      const code = await runQboTask({ type: 'qbo', action: 'start', clusters: ['prod'] }, environment(), output);
      assert.equal(code, 0, output.text());
      assert.deepEqual(output.lines[0], ['> qbo start clusters prod', 'command']);
      assert.ok(
        output.lines.some(([, kind]) => kind === 'output'),
        `qbo's own output lines reach the terminal: ${output.text()}`,
      );
      assert.ok(output.lines.some(([text, kind]) => kind === 'standing' && /^prod: stopped, 0 of 3 nodes running$/.test(text)));
      assert.match(output.lines.at(-1)?.[0] ?? '', /^Done in [\d.]+ s: prod: running, 3 of 3 nodes running\.$/);
      for (const node of emulator.state.list(USER, 'nodes', 'prod')) assert.equal(node.state, 'running');
    });

    it('a bad cluster name fails with a clear message and sends nothing', async () => {
      const before = inputs(other).length;
      const output = recordingOutput();
      const code = await runQboTask({ type: 'qbo', action: 'stop', clusters: ['dev', 'dev;rm -rf'] }, environment(), output);
      assert.equal(code, 1);
      assert.deepEqual(output.lines, [['The qbo task is not valid: clusters[1]: "dev;rm -rf": a name cannot contain spaces', 'failure']]);
      await commandOn(other, 'version');
      assert.deepEqual(inputs(other).slice(before), [], 'nothing reached the server');
      assert.equal(emulator.state.getCluster(USER, 'dev')?.state, 'running');
    });

    it('an unknown cluster, or add of an existing one, fails before anything is sent; delete of a gone one is done', async () => {
      const before = inputs(other).length;
      let output = recordingOutput();
      assert.equal(await runQboTask({ type: 'qbo', action: 'start', clusters: ['nope'] }, environment(), output), 1);
      assert.equal(output.text(), 'the profile "local" has no cluster named nope');
      output = recordingOutput();
      assert.equal(await runQboTask({ type: 'qbo', action: 'add', clusters: ['dev'] }, environment(), output), 1);
      assert.equal(output.text(), 'the profile "local" already has a cluster named dev');
      output = recordingOutput();
      assert.equal(await runQboTask({ type: 'qbo', action: 'delete', clusters: ['nope'] }, environment(), output), 0);
      assert.match(output.text(), /^nope is not there: nothing to delete\nnope: gone\nDone in [\d.]+ s: nope: gone\.$/);
      assert.deepEqual(inputs(other).slice(before), [], 'nothing reached the server');
    });

    it('a profile whose credentials were rejected is not waited for: the task acts on the one that listed', async () => {
      const rejected = parseCliJson({ qbo_uid: 'not-a-valid-token', qbo_host: '127.0.0.1', qbo_port: emulator.port }, 'test');
      source.set([
        resolution('local', emulator),
        {
          ok: true,
          name: 'rejected',
          active: {
            profile: { name: 'rejected', host: '127.0.0.1', port: emulator.port },
            credentials: rejected,
            origin: 'secret-storage',
          },
        },
      ]);
      await waitUntil(() => manager.profile('rejected')?.session.status.kind === 'credentials-rejected', 5000, 'the credentials rejected');
      const output = recordingOutput();
      // A minute of patience for the first listings: were the rejected profile waited for, mocha's 20 s would end the test.
      const code = await runQboTask({ type: 'qbo', action: 'stop', clusters: ['dev'] }, environment({ readyTimeoutMs: 60_000 }), output);
      assert.equal(code, 0, output.text());
      assert.equal(emulator.state.getCluster(USER, 'dev')?.state, 'stopped');
    });

    it('an add task ends when the new cluster and all its nodes run', async () => {
      const output = recordingOutput();
      const code = await runQboTask({ type: 'qbo', action: 'add', clusters: ['ci-1'], nodes: 2 }, environment(), output);
      assert.equal(code, 0, output.text());
      assert.equal(output.lines[0]?.[0], '> qbo add cluster ci-1 -n 2');
      const nodes = profile().inventory.inCluster('ci-1', 'nodes');
      assert.equal(nodes.length, emulator.state.list(USER, 'nodes', 'ci-1').length);
      assert.ok(nodes.length >= 2 && nodes.every(([, node]) => node.state === 'running'));
    });

    it('the timeout ends a task with the reason and where the cluster stood', async () => {
      // A realistic-speed server: a start takes seconds, the task gives it a few hundred milliseconds.
      await emulator.close();
      emulator = await startTestEmulator({ replies, deletedPushes: false, speed: 1 });
      source.set([resolution('slow', emulator)]);
      await waitUntil(() => manager.profile('slow')?.session.status.kind === 'ready', 5000, 'the slow profile ready');
      const output = recordingOutput();
      const code = await runQboTask({ type: 'qbo', action: 'start', clusters: ['prod'] }, environment({ timeoutMs: 400 }), output);
      assert.equal(code, 1);
      assert.match(output.text(), /Timed out after [\d.]+ s waiting for running: prod: (stopped|starting), 0 of 3 nodes running\./);
      assert.match(output.text(), /The command may still be running on the server\./);
    });

    it('a lost link ends a wait: the profile disconnected while waiting for a cluster that never arrives', async () => {
      const connected = profile();
      const link = new ProfileLink(manager, connected);
      try {
        const wait = waitForClusters(inventoryMirror(connected.inventory), link, ['never'], 'running', { timeoutMs: 10_000 });
        source.set([]);
        const outcome = await wait.outcome;
        assert.ok(!outcome.ok);
        assert.equal(outcome.reason, 'link-lost');
        assert.match(outcome.message, /the profile "local" was disconnected/);
      } finally {
        link.dispose();
      }
    });

    it('a wait names its profile problems: not connected, and a cluster that is not there times out', async () => {
      await assert.rejects(
        waitForClusterState(manager, 'dev', 'running', { profile: 'cloud', timeoutMs: 1000 }),
        (error: unknown) =>
          error instanceof ClusterWaitError && error.reason === 'profile' && /"cloud" is not connected/.test(error.message),
      );
      await assert.rejects(
        waitForClusterState(manager, 'never', 'running', { profile: undefined, timeoutMs: 100 }),
        (error: unknown) => error instanceof ClusterWaitError && error.reason === 'timeout' && /never: not there/.test(error.message),
      );
    });

    it('a kubeconfig task writes the checked kubeconfig, mode 0600, where the task says inside the workspace', async () => {
      const output = recordingOutput();
      const code = await runQboTask(
        { type: 'qbo', action: 'kubeconfig', clusters: ['dev'], path: '.kube/dev.yaml' },
        environment(),
        output,
      );
      assert.equal(code, 0, output.text());
      const file = path.join(workspace, '.kube', 'dev.yaml');
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);
      assert.match(fs.readFileSync(file, 'utf8'), /^apiVersion: v1\n[\s\S]*current-context: dev\n/);
      assert.match(output.text(), /Wrote the kubeconfig of dev to .*dev\.yaml \(mode 0600\)\./);
      assert.ok(!output.text().includes('client-key-data'), 'the kubeconfig itself never reaches the terminal');
      // Again over it (it is a kubeconfig now): replaced.
      assert.equal(
        await runQboTask(
          { type: 'qbo', action: 'kubeconfig', clusters: ['dev'], path: '.kube/dev.yaml' },
          environment(),
          recordingOutput(),
        ),
        0,
      );
    });

    it('a kubeconfig task refuses a path outside the workspace or over another file before fetching anything', async () => {
      fs.writeFileSync(path.join(workspace, 'values.yaml'), 'replicas: 3\n');
      const outsideFile = path.join(os.tmpdir(), `qbo-task-outside-${process.pid}.yaml`);
      const before = inputs(other).length;
      for (const target of ['values.yaml', '../escape.yaml', outsideFile, '.git/config']) {
        const output = recordingOutput();
        const code = await runQboTask({ type: 'qbo', action: 'kubeconfig', clusters: ['dev'], path: target }, environment(), output);
        assert.equal(code, 1, target);
        assert.match(output.text(), /^the kubeconfig path .* is refused: /, target);
      }
      assert.equal(fs.readFileSync(path.join(workspace, 'values.yaml'), 'utf8'), 'replicas: 3\n');
      assert.ok(!fs.existsSync(outsideFile));
      await commandOn(other, 'version');
      assert.deepEqual(inputs(other).slice(before), [], 'no kubeconfig was fetched');
    });
  });
}
