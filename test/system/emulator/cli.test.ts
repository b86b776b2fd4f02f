// Emulator: the command-line contract of `node dist/emulator.js` (flags, the single "listening"
// line, cli.json, exit codes) and wss.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { buildCookie, getCommand, parseCliJson, QboClient, QboConnection, readCliJsonFile } from '../../../src/qbo';
import { FlagError, HOSTILE_ATTACK_NAMES, parseFlags, USAGE } from '../../../src/emulator';
import { connectLibrary, FIXTURES, payload, REPO_ROOT, startTestEmulator, TestSocket, testVectorAccount } from '../../support/emulator';

const BUNDLE = path.join(REPO_ROOT, 'dist', 'emulator.js');

function newestSource(directory: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Rebuilds dist/emulator.js (same options as esbuild.js) when it is missing or older than its sources. */
function ensureBundle(): void {
  const sources = Math.max(newestSource(path.join(REPO_ROOT, 'src', 'emulator')), newestSource(path.join(REPO_ROOT, 'src', 'qbo')));
  if (fs.existsSync(BUNDLE) && fs.statSync(BUNDLE).mtimeMs >= sources) return;
  esbuild.buildSync({
    absWorkingDir: REPO_ROOT,
    entryPoints: ['src/emulator/main.ts'],
    outfile: BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    external: ['vscode', 'bufferutil', 'utf-8-validate'],
  });
}

interface Running {
  child: ChildProcessWithoutNullStreams;
  url: string;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function launch(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [BUNDLE, ...args], { cwd: REPO_ROOT });
  let stdout = '';
  let stderr = '';
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line; stderr: ${stderr}`)), 8000);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const match = /^qbo emulator listening on (wss?:\/\/\S+)\n/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1] as string, stdout: () => stdout, stderr: () => stderr, exit });
      }
    });
    void exit.then((code) => reject(new Error(`exited with ${code} before listening; stderr: ${stderr}`)));
  });
}

function runToExit(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BUNDLE, ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 10_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('emulator: command line', function () {
  this.timeout(30_000);
  let tmp: string;

  before(() => {
    ensureBundle();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qbo-emulator-test-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('prints one listening line, writes a 0600 cli.json that connects, and exits 0 on SIGTERM', async () => {
    const cliJson = path.join(tmp, 'cli.json');
    const running = await launch(['--port', '0', '--speed', '0', '--write-cli-json', cliJson]);
    try {
      assert.match(running.url, /^ws:\/\/127\.0\.0\.1:\d+$/);
      const port = Number(running.url.split(':').at(-1));
      assert.ok(port > 0 && port !== 9601);
      assert.equal(fs.statSync(cliJson).mode & 0o777, 0o600);
      const credentials = await readCliJsonFile(cliJson);
      assert.equal(credentials.kind, 'service-account');
      assert.deepEqual([credentials.host, credentials.port, credentials.user], ['127.0.0.1', port, 'dev@localhost']);
      assert.ok(!fs.readFileSync(cliJson, 'utf8').includes('"d"'), 'the private key stays in the emulator');
      const link = await connectLibrary(credentials);
      try {
        const result = await link.client.send(getCommand('clusters')).done;
        assert.deepEqual(
          result.data.flatMap((message) =>
            message.payloads.flatMap((entry) => (entry.key === 'clusters' ? entry.items.map((cluster) => cluster.name) : [])),
          ),
          ['dev', 'prod'],
        );
      } finally {
        link.dispose();
      }
    } finally {
      running.child.kill('SIGTERM');
    }
    assert.equal(await running.exit, 0);
    assert.equal(running.stdout(), `qbo emulator listening on ${running.url}\n`, 'exactly one line');
  });

  it('serves --accounts (the test vector) and a --world FILE, and exits 0 on SIGINT', async () => {
    const accounts = path.join(tmp, 'accounts.json');
    fs.writeFileSync(
      accounts,
      JSON.stringify([testVectorAccount(), { user: 'tina@example.com', token: 'b1f3c0de-0000-4000-8000-00000000feed' }]),
    );
    const cliJson = path.join(tmp, 'alex.json');
    const running = await launch([
      '--port=0',
      '--speed',
      '0',
      '--accounts',
      accounts,
      '--world',
      path.join(FIXTURES, 'emulator-world.json'),
      '--write-cli-json',
      cliJson,
    ]);
    try {
      const config = JSON.parse(fs.readFileSync(cliJson, 'utf8')) as { qbo_user: string; qbo_aux: string };
      assert.equal(config.qbo_user, 'alex@qbo.io');
      assert.equal(config.qbo_aux, '66fac858-a271-49cf-bad0-fdd9ff0b4787');
      const alex = await TestSocket.open(running.url, await buildCookie(parseCliJson(config)));
      const clusters = payload(await alex.command('get clusters'), 'clusters');
      assert.deepEqual(
        clusters.map((cluster) => `${cluster.name}:${cluster.state}:${cluster.user}`),
        ['lab:running:alex@qbo.io', 'archive:stopped:alex@qbo.io'],
      );
      await alex.close();
      const tina = await TestSocket.open(running.url, 'qbo_uid=b1f3c0de-0000-4000-8000-00000000feed; qbo_aux=');
      assert.equal(payload(await tina.command('get users'), 'users')[0]?.email, 'tina@example.com');
      await tina.close();
    } finally {
      running.child.kill('SIGINT');
    }
    assert.equal(await running.exit, 0);
  });

  it('exits 2 with a message on stderr for bad flags, and 0 for --help', () => {
    for (const args of [
      ['--port', 'abc'],
      ['--bogus'],
      ['--tls-cert', 'cert.pem'],
      ['--speed', '-1'],
      ['--world', path.join(tmp, 'missing.json')],
      ['--accounts', path.join(FIXTURES, 'emulator-world.json')],
      ['--replies', 'double'],
      ['--deleted-pushes', 'yes'],
      ['--node-states', 'ready'],
      ['--hostile', 'kubeconfig-bogus'],
      ['--hostile', 'kubeconfig-exec@dev@prod'],
      ['--hostile', 'kubeconfig-exec@-A'],
      ['--hostile-marker', path.join(tmp, 'marker')],
    ]) {
      const result = runToExit(args);
      assert.equal(result.status, 2, args.join(' '));
      assert.match(result.stderr, /^qbo emulator: .+\n$/, args.join(' '));
      assert.equal(result.stdout, '');
    }
    const help = runToExit(['--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--drop-after N/);
    assert.match(help.stdout, /--replies M +lifecycle \(default\)/);
    assert.match(help.stdout, /--deleted-pushes S +on \(default\)/);
    assert.match(help.stdout, /--node-states N +classic \(default\)/);
    assert.match(help.stdout, /--token-account/);
    assert.match(help.stdout, /--hostile ATTACKS +play a hostile server/);
    for (const attack of HOSTILE_ATTACK_NAMES) assert.match(help.stdout, new RegExp(`^ +${attack}: `, 'm'), attack);
  });

  it('documents every flag of --help in src/emulator/README.md, and nothing else, with every attack', () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'src', 'emulator', 'README.md'), 'utf8');
    const synopsis = /```\n(node dist\/emulator\.js[\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const flagsOf = (text: string) => [...new Set([...text.matchAll(/(?<![\w-])--[a-z][a-z-]*/g)].map((match) => match[0]))].sort();
    const usageFlags = flagsOf(
      USAGE.split('\n')
        .filter((line) => /^ {2}--/.test(line))
        .join('\n'),
    );
    assert.ok(usageFlags.length >= 20, usageFlags.join(' '));
    assert.deepEqual(flagsOf(synopsis), usageFlags);
    for (const attack of HOSTILE_ATTACK_NAMES) assert.ok(readme.includes(`\`${attack}\``), `${attack} is not in the README`);
  });

  it('parses flags, both "--flag value" and "--flag=value"', () => {
    const flags = parseFlags([
      '--host',
      '0.0.0.0',
      '--port=0',
      '--world',
      'large',
      '--speed',
      '0.5',
      '--latency-ms',
      '20',
      '--drop-after',
      '7',
      '--garbage-every=3',
    ]);
    assert.deepEqual(
      [flags.host, flags.port, flags.world, flags.speed, flags.latencyMs, flags.dropAfter, flags.garbageEvery],
      ['0.0.0.0', 0, 'large', 0.5, 20, 7, 3],
    );
    const defaults = parseFlags([]);
    assert.deepEqual([defaults.host, defaults.port, defaults.world, defaults.speed], ['127.0.0.1', 9601, 'small', 1]);
    assert.throws(() => parseFlags(['--port', '70000']), FlagError);
    assert.throws(() => parseFlags(['--port', '1', '--port', '2']), /twice/);
    assert.throws(() => parseFlags(['--latency-ms']), /needs a value/);
    assert.deepEqual([defaults.replies, defaults.deletedPushes], ['lifecycle', true]);
    const dialect = parseFlags(['--replies=single', '--deleted-pushes', 'off']);
    assert.deepEqual([dialect.replies, dialect.deletedPushes], ['single', false]);
    assert.deepEqual([defaults.nodeStates, parseFlags(['--node-states', 'observed']).nodeStates], ['classic', 'observed']);
    assert.throws(() => parseFlags(['--token-account', '--accounts', 'a.json']), /--token-account replaces/);
    assert.throws(() => parseFlags(['--replies', 'Single']), /lifecycle or single/);
    assert.deepEqual(defaults.hostile, []);
    const hostile = parseFlags(['--hostile', 'kubeconfig-exec@dev,kubeconfig-outside-user', '--hostile-marker=/tmp/m']);
    assert.deepEqual(hostile.hostile, [{ name: 'kubeconfig-exec', cluster: 'dev' }, { name: 'kubeconfig-outside-user' }]);
    assert.equal(hostile.hostileMarker, '/tmp/m');
  });

  it('serves wss with --tls-cert/--tls-key', async () => {
    const emulator = await startTestEmulator({
      tls: {
        cert: fs.readFileSync(path.join(FIXTURES, 'emulator-tls-cert.pem')),
        key: fs.readFileSync(path.join(FIXTURES, 'emulator-tls-key.pem')),
      },
    });
    try {
      assert.match(emulator.url, /^wss:\/\/127\.0\.0\.1:\d+$/);
      const credentials = parseCliJson(emulator.clientConfig());
      const connection = new QboConnection({
        host: credentials.host,
        port: credentials.port,
        scheme: 'wss',
        caFile: path.join(FIXTURES, 'emulator-tls-cert.pem'),
        cookie: () => buildCookie(credentials),
      });
      const client = new QboClient(connection, { requestTimeoutMs: 5000 });
      try {
        const opened = new Promise<void>((resolve) => connection.onState((state) => state.kind === 'open' && resolve()));
        connection.connect();
        await opened;
        assert.equal((await client.send(getCommand('nodes')).done).code, 200);
      } finally {
        client.dispose();
        connection.dispose();
      }
    } finally {
      await emulator.close();
    }
  });
});
