// Port forwards and the manifest actions' kubectl runs as real child processes: the recording
// stand-in kubectl (test/support/standInKubectl.ts) listens on the forwarded port until killed,
// and answers apply/diff from standard input, so what is checked here is what a process does:
// kubectl listens, Stop ends it and its kubeconfig folder goes, a process that dies takes its entry
// with it (one log line), a taken port or a kubectl that never listens ends the start with kubectl's
// message, and deactivation stops every forward.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { ForwardList, ForwardPortTaken, type NewForward } from '../../../src/forwards/forwardList';
import { ForwardCancelled, ForwardEnded, PortForwards } from '../../../src/forwards/portForwards';
import { runKubectl } from '../../../src/kube/kubectlProcess';
import type { Logger } from '../../../src/session/session';
import { installStandInKubectl, sha256, type StandInKubectl } from '../../support/standInKubectl';
import { waitForValue } from '../../support/wait';
import { freePort, processAlive } from '../../support/processes';

class RecordingLogger implements Logger {
  readonly lines: string[] = [];
  trace(message: string): void {
    this.lines.push(`trace ${message}`);
  }
  info(message: string): void {
    this.lines.push(`info ${message}`);
  }
  warn(message: string): void {
    this.lines.push(`warn ${message}`);
  }
  error(message: string): void {
    this.lines.push(`error ${message}`);
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('port forwards and kubectl runs as processes', function () {
  this.timeout(30_000);
  let tmp: string;
  let kubectl: StandInKubectl;
  let list: ForwardList;
  let log: RecordingLogger;
  let forwards: PortForwards;

  /** A private folder with a kubeconfig in it, as the extension makes one per forward. */
  const kubeconfigFolder = (): { dir: string; file: string } => {
    const dir = fs.mkdtempSync(path.join(tmp, 'qbo-forward-'));
    const file = path.join(dir, 'kubeconfig');
    fs.writeFileSync(
      file,
      'apiVersion: v1\nkind: Config\ncurrent-context: dev\ncontexts: [{name: dev, context: {cluster: dev, user: dev}}]\n',
      {
        mode: 0o600,
      },
    );
    return { dir, file };
  };
  const request = (localPort: number, executable = kubectl.file) => ({
    forward: {
      profile: 'work',
      cluster: 'dev',
      serviceKey: 's-web',
      service: 'web',
      namespace: 'shop',
      localPort,
      remotePort: 80,
      url: `http://localhost:${localPort}/`,
    } satisfies NewForward,
    kubectl: executable,
    args: ['port-forward', 'svc/web', `${localPort}:80`, '-n', 'shop'],
    kubeconfig: kubeconfigFolder(),
  });

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qbo-sys-forwards-'));
    kubectl = installStandInKubectl(path.join(tmp, 'bin'));
    list = new ForwardList();
    log = new RecordingLogger();
    forwards = new PortForwards(list, log);
  });
  afterEach(() => {
    forwards.dispose();
    list.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('starts kubectl port-forward, resolves once it listens, and Stop ends it and removes its kubeconfig', async () => {
    const port = await freePort();
    const start = request(port);
    const forward = await forwards.start(start);
    assert.equal(forward.state, 'running');
    assert.equal(list.byLocalPort(port)?.state, 'running');
    const [record] = kubectl.records();
    assert.deepEqual(record?.argv, ['port-forward', 'svc/web', `${port}:80`, '-n', 'shop']);
    assert.equal(record?.kubeconfigEnv, start.kubeconfig.file);
    assert.equal(forward.pid, record?.pid);
    assert.ok(await accepts(port), 'nothing listens on the forwarded port');
    assert.ok(
      log.lines.some((line) => line === `info port forward localhost:${port} → shop/web:80 (dev): Forwarding from 127.0.0.1:${port} -> 80`),
    );

    assert.equal(await forwards.stop(port), true);
    assert.equal(list.size, 0);
    assert.equal(fs.existsSync(start.kubeconfig.dir), false, 'the kubeconfig folder is still there');
    assert.equal(processAlive(record?.pid ?? 0), false, 'kubectl still runs');
    assert.equal(await accepts(port), false);
    assert.equal(await forwards.stop(port), false);
    assert.equal(log.lines.filter((line) => line.includes('ended')).length, 0, 'a stop was logged as an end');
  });

  it('a forward whose process dies disappears, with its kubeconfig, and one log line', async () => {
    const port = await freePort();
    const start = request(port);
    const forward = await forwards.start(start);
    process.kill(forward.pid ?? 0, 'SIGKILL');
    await waitForValue(() => list.size === 0, 'the forward to leave the list');
    await waitForValue(() => !fs.existsSync(start.kubeconfig.dir), 'the kubeconfig folder to go');
    const ended = log.lines.filter((line) => line.includes('ended'));
    assert.deepEqual(ended, [`warn port forward localhost:${port} → shop/web:80 (dev) ended: signal SIGKILL`]);
  });

  it("a taken port ends the start with kubectl's own message, leaving nothing behind", async () => {
    const blocker = net.createServer();
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as net.AddressInfo).port)),
    );
    try {
      const start = request(port);
      await assert.rejects(forwards.start(start), (error: unknown) => {
        assert.ok(error instanceof ForwardEnded);
        assert.match(error.message, /^error: unable to listen on any of the requested ports/);
        return true;
      });
      assert.equal(list.size, 0);
      assert.equal(fs.existsSync(start.kubeconfig.dir), false);
    } finally {
      blocker.close();
    }
  });

  it('refuses a second forward on the same local port before starting anything', async () => {
    const port = await freePort();
    await forwards.start(request(port));
    const second = request(port);
    assert.throws(() => void forwards.start(second), ForwardPortTaken);
    assert.equal(fs.existsSync(second.kubeconfig.dir), false);
    assert.equal(kubectl.records().length, 1);
  });

  it('a start can be cancelled, and one that never listens times out; kubectl is stopped either way', async () => {
    // A kubectl that runs but never says it listens (a slow cluster).
    const silent = path.join(tmp, 'silent-kubectl');
    fs.writeFileSync(
      silent,
      `#!${process.execPath}\nrequire('node:fs').writeFileSync(process.argv[2], String(process.pid));\nsetInterval(() => undefined, 1 << 30);\n`,
      {
        mode: 0o755,
      },
    );
    const pidFile = path.join(tmp, 'pid');
    const abort = new AbortController();
    const cancelled = forwards.start({ ...request(await freePort(), silent), args: [pidFile] }, abort.signal);
    const pid = Number(await waitForValue(() => fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8'), 'the silent kubectl to start'));
    abort.abort();
    await assert.rejects(cancelled, ForwardCancelled);
    await waitForValue(() => !processAlive(pid), 'the cancelled kubectl to stop');
    assert.equal(list.size, 0);

    const impatient = new PortForwards(list, log, 300);
    const start = { ...request(await freePort(), silent), args: [pidFile] };
    await assert.rejects(impatient.start(start), /kubectl did not start listening/);
    assert.equal(list.size, 0);
    assert.equal(fs.existsSync(start.kubeconfig.dir), false);
    impatient.dispose();
  });

  it('deactivation stops every forward and removes every kubeconfig folder at once', async () => {
    const ports = [await freePort(), await freePort()];
    const starts = ports.map((port) => request(port));
    const started = await Promise.all(starts.map((start) => forwards.start(start)));
    forwards.dispose();
    assert.equal(list.size, 0);
    for (const start of starts) assert.equal(fs.existsSync(start.kubeconfig.dir), false);
    for (const forward of started) await waitForValue(() => !processAlive(forward.pid ?? 0), 'kubectl to stop');
  });

  it('stops the forwards of profiles no longer connected, and only those', async () => {
    const [mine, theirs] = [await freePort(), await freePort()];
    await forwards.start(request(mine));
    await forwards.start({ ...request(theirs), forward: { ...request(theirs).forward, profile: 'gone' } });
    assert.equal(await forwards.stopUnless((profile) => profile === 'work'), 1);
    assert.deepEqual(
      list.all().map((forward) => forward.localPort),
      [mine],
    );
  });

  it('runs kubectl to its end with the manifest on standard input and its lines as they come', async () => {
    const { file } = kubeconfigFolder();
    const manifest = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  namespace: shop\n';
    const lines: string[] = [];
    const applied = await runKubectl({
      kubectl: kubectl.file,
      args: ['apply', '-f', '-'],
      kubeconfig: file,
      stdin: manifest,
      onLine: (line) => lines.push(line),
    });
    assert.equal(applied.code, 0);
    assert.deepEqual(lines, ['configmap/cfg created']);
    assert.deepEqual(kubectl.records()[0]?.stdin, { sha256: sha256(manifest), bytes: Buffer.byteLength(manifest) });
    const diff = await runKubectl({
      kubectl: kubectl.file,
      args: ['diff', '-f', '-'],
      kubeconfig: file,
      stdin: manifest,
      env: { ...process.env, KUBECTL_EXTERNAL_DIFF: 'touch ran' },
    });
    assert.equal(diff.code, 0);
    assert.equal(kubectl.records()[1]?.externalDiff, null, 'the external diff program reached kubectl');
    const missing = await runKubectl({ kubectl: path.join(tmp, 'no-such-kubectl'), args: ['version'], kubeconfig: file });
    assert.equal(missing.code, null);
    assert.match(missing.startError ?? '', /ENOENT/);
  });
});
