// Security: injection. Every value a user types (names, images, counts, domains) is validated
// before a command line is built: one test per class of rejected input, then end to end, proof
// that a rejected value never reaches the wire (every frame the process writes is recorded), and
// that the emulator, as a server would, refuses such lines if a client sent them anyway.
import * as assert from 'node:assert/strict';
import WebSocket from 'ws';
import {
  addClusterCommand,
  addNodeCommand,
  countProblem,
  deleteCommand,
  domainProblem,
  getCommand,
  imageProblem,
  InvalidArgumentError,
  kubeconfigCommand,
  nameProblem,
  byName,
  byNames,
  namedTargets,
  renderCommand,
  parseCliJson,
  startCommand,
  stopCommand,
  type QboCommand,
} from '../../../src/qbo';
import { QboSession } from '../../../src/session/session';
import type { RunningEmulator } from '../../../src/emulator';
import { startTestEmulator, TestSocket } from '../../support/emulator';

/** Every builder that takes a name a user typed or picked. */
const NAME_BUILDERS: [string, (value: string) => QboCommand][] = [
  ['start cluster', (value) => startCommand('clusters', namedTargets('clusters', value))],
  ['stop cluster', (value) => stopCommand('clusters', namedTargets('clusters', value))],
  ['delete cluster', (value) => deleteCommand('clusters', namedTargets('clusters', value))],
  ['start node', (value) => startCommand('nodes', namedTargets('nodes', value))],
  ['stop node', (value) => stopCommand('nodes', namedTargets('nodes', value))],
  ['delete node', (value) => deleteCommand('nodes', namedTargets('nodes', value))],
  ['get nodes of', (value) => getCommand('nodes', byNames(value))],
  ['kubeconfig', (value) => kubeconfigCommand(byName(value))],
  ['add node', (value) => addNodeCommand({ ref: byName(value), cluster: value })],
  ['add cluster', (value) => addClusterCommand([value])],
  ['second of two names', (value) => stopCommand('clusters', namedTargets('clusters', 'dev', value))],
];
const IMAGE_BUILDER = (value: string): QboCommand => addClusterCommand(['dev'], { image: value });
const DOMAIN_BUILDER = (value: string): QboCommand => addClusterCommand(['dev'], { domain: value });
const COUNT_BUILDERS: ((value: string) => QboCommand)[] = [
  (value) => addClusterCommand(['dev'], { nodes: value }),
  (value) => addNodeCommand({ ref: byName('dev'), cluster: 'dev' }, value),
];

interface Rejected {
  names?: string[];
  images?: string[];
  domains?: string[];
  counts?: string[];
}

/** The classes of input that must be refused. Values carry "zz9" where possible, to find them on the wire. */
const CLASSES: Record<string, Rejected> = {
  'flag-looking': {
    names: ['-A', '--all', '-zz9', '-k', '--kubeconfig'],
    images: ['-i', '--image=zz9', '-A'],
    domains: ['-d', '-zz9.com'],
    counts: ['-1', '--nodes'],
  },
  'whitespace and newlines': {
    names: ['zz9 ', ' zz9', 'zz9\tx', 'zz9\n', 'zz9\r\nstop', 'zz9\u00a0x', 'zz9\u2028x'],
    images: ['kindest/node:v1 zz9', 'zz9\n'],
    domains: ['zz9 .com', 'zz9.com\n'],
    counts: ['3\n4', '1 2'],
  },
  'too long': {
    names: ['zz9'.repeat(22)],
    images: [`zz9/${'a'.repeat(260)}`],
    domains: [`${'a'.repeat(64)}.zz9.com`, `${'zz9a.'.repeat(60)}com`],
    counts: ['101', '1000000000000000000000'],
  },
  'path traversal': {
    names: ['../zz9', '..', '.', 'zz9/../x', '..\\zz9', '/etc/zz9'],
    images: ['../zz9', 'hub.docker.com/../../zz9', 'zz9/./x', 'zz9//x', '/zz9'],
    domains: ['../zz9.com', 'zz9..com'],
    counts: ['../1'],
  },
  empty: {
    names: [''],
    images: [''],
    domains: [''],
    counts: ['', ' '],
  },
  'unicode and control characters': {
    names: ['zz9é', 'zz9\u0000', 'zz9\u202e', 'zz9\u200b', 'ｚｚ９', 'zz9\u001b[31m', 'zz9\u007f'],
    images: ['zz9/nodé', 'zz9\u0000'],
    domains: ['zz9.çom', 'zz9\u0000.com'],
    counts: ['３', '1\u0000', '٣'],
  },
  'shell metacharacters': {
    names: ['zz9;rm', 'zz9&&x', 'zz9|x', '$(zz9)', '`zz9`', 'zz9>x', "zz9'x", 'zz9"x', 'zz9*', 'zz9$HOME', 'zz9#x'],
    images: ['zz9;rm', 'zz9$(id)', 'zz9`id`', 'zz9|x'],
    domains: ['zz9;.com', 'zz9$x.com'],
    counts: ['3;4', '$(zz9)', '0x10', '1e2', '2.5'],
  },
  'second name smuggled': {
    names: ['dev zz9', 'dev,zz9', 'dev\nzz9', 'dev -A', 'dev -i zz9'],
    images: ['kindest/node:v1 -n 100', 'zz9 -d evil.com'],
    domains: ['evil.com -n 100', 'zz9.com zz9'],
    counts: ['3 -i zz9', '3 zz9'],
  },
};

function assertRefused(build: () => QboCommand, what: string): void {
  assert.throws(
    build,
    (error: unknown) => {
      assert.ok(error instanceof InvalidArgumentError, `${what}: InvalidArgumentError, got ${String(error)}`);
      // The message names the argument and never echoes raw control characters or a whole long value.
      // eslint-disable-next-line no-control-regex -- control characters are exactly what must not be echoed
      assert.ok(!/[\u0000-\u001f\u007f]/.test(error.message), `${what}: no control characters echoed`);
      assert.ok(error.message.length < 300, `${what}: a short message`);
      return true;
    },
    what,
  );
}

/** Every frame this process writes on a client WebSocket (server sockets of the emulator excluded). */
function recordClientFrames(): { frames: string[]; restore(): void } {
  const frames: string[] = [];
  const original = WebSocket.prototype.send;
  WebSocket.prototype.send = function (this: WebSocket, data: unknown, ...rest: unknown[]) {
    if (typeof data === 'string' && /^\{"cmd":/.test(data)) frames.push(data);
    return (original as (...args: unknown[]) => void).call(this, data, ...rest);
  } as typeof WebSocket.prototype.send;
  return { frames, restore: () => (WebSocket.prototype.send = original) };
}

describe('security: injection', () => {
  for (const [name, rejected] of Object.entries(CLASSES)) {
    it(`refuses ${name} in every name, image, domain and count before a command is built`, () => {
      let checks = 0;
      for (const value of rejected.names ?? []) {
        assert.ok(nameProblem(value), `name ${JSON.stringify(value)}`);
        for (const [what, build] of NAME_BUILDERS) {
          assertRefused(() => build(value), `${what} ${JSON.stringify(value)}`);
          checks++;
        }
      }
      for (const value of rejected.images ?? []) {
        assert.ok(imageProblem(value), `image ${JSON.stringify(value)}`);
        assertRefused(() => IMAGE_BUILDER(value), `image ${JSON.stringify(value)}`);
        checks++;
      }
      for (const value of rejected.domains ?? []) {
        assert.ok(domainProblem(value), `domain ${JSON.stringify(value)}`);
        assertRefused(() => DOMAIN_BUILDER(value), `domain ${JSON.stringify(value)}`);
        checks++;
      }
      for (const value of rejected.counts ?? []) {
        assert.ok(countProblem(value), `count ${JSON.stringify(value)}`);
        for (const build of COUNT_BUILDERS) {
          assertRefused(() => build(value), `count ${JSON.stringify(value)}`);
          checks++;
        }
      }
      assert.ok(checks > 0);
    });
  }

  it('still accepts the ordinary values next to those', () => {
    assert.equal(
      renderCommand(
        stopCommand('clusters', namedTargets('clusters', 'dev', 'prod-2', 'a1b2c3d4', 'node-1.localhost', 'x'.repeat(64))),
      ).split(' ').length,
      7,
    );
    assert.equal(
      renderCommand(addClusterCommand(['qa'], { image: 'hub.docker.com/kindest/node:v1.27.3', nodes: '3', domain: 'dev.example.com' })),
      'add cluster qa -i hub.docker.com/kindest/node:v1.27.3 -n 3 -d dev.example.com',
    );
    assert.equal(renderCommand(addClusterCommand(['qa'], { image: 'registry.local:5000/team/node@sha256:abcdef' })).split(' ').length, 5);
    assert.equal(renderCommand(addNodeCommand({ ref: byName('dev'), cluster: 'dev' }, 100)), 'add node dev -n 100');
  });

  describe('end to end, against the emulator', () => {
    let emulator: RunningEmulator;
    before(async () => {
      emulator = await startTestEmulator();
    });
    after(() => emulator.close());

    it('never puts a rejected value on the wire: only the valid commands leave the process', async () => {
      const credentials = parseCliJson(emulator.clientConfig());
      const session = new QboSession({
        profile: { name: 'e2e', host: credentials.host, port: credentials.port },
        credentials,
        logger: { trace() {}, info() {}, warn() {}, error() {} },
      });
      const recorder = recordClientFrames();
      const before = JSON.stringify(emulator.state.list('dev@localhost', 'clusters'));
      try {
        session.start();
        assert.ok(await session.whenReady(5000));
        const listed = recorder.frames.length;
        let refused = 0;
        const slipped: string[] = [];
        // What a command of the extension does with user input: build, then run.
        const attempt = async (build: () => QboCommand): Promise<void> => {
          let line: QboCommand;
          try {
            line = build();
          } catch (error) {
            assert.ok(error instanceof InvalidArgumentError);
            refused++;
            return;
          }
          slipped.push(renderCommand(line));
          await session.run(line).catch(() => undefined);
        };
        for (const rejected of Object.values(CLASSES)) {
          for (const value of rejected.names ?? []) for (const [, build] of NAME_BUILDERS) await attempt(() => build(value));
          for (const value of rejected.images ?? []) await attempt(() => IMAGE_BUILDER(value));
          for (const value of rejected.domains ?? []) await attempt(() => DOMAIN_BUILDER(value));
          for (const value of rejected.counts ?? []) for (const build of COUNT_BUILDERS) await attempt(() => build(value));
        }
        assert.deepEqual(slipped, [], 'every attempt was refused');
        assert.ok(refused > 400, `${refused} attempts refused`);
        assert.equal(recorder.frames.length, listed, 'not one frame for any of them');
        // A positive control: the recorder does see a valid command go out.
        await session.run(getCommand('nodes', byNames('dev')));
        assert.equal(recorder.frames.length, listed + 1);
        const lines = recorder.frames.map((frame) => (JSON.parse(frame) as { cmd: string }).cmd);
        assert.ok(
          lines.every((line) => !/zz9/.test(line)),
          'no marked value on the wire',
        );
        assert.ok(
          lines.every((line) => /^get (clusters|nodes|pods|services|networks|ipvs) (-A|dev)$/.test(line)),
          lines.join(' | '),
        );
        assert.equal(JSON.stringify(emulator.state.list('dev@localhost', 'clusters')), before, 'the world is untouched');
      } finally {
        recorder.restore();
        session.dispose();
      }
    });

    it('refuses, as a server would, lines a rogue client builds by hand (400, never accepted, nothing done)', async () => {
      const socket = await TestSocket.connect(emulator);
      const before = JSON.stringify(emulator.state.list('dev@localhost', 'clusters'));
      try {
        for (const line of [
          'stop cluster dev -A', // flag-looking / second target
          'stop cluster dev\n-A',
          'delete cluster ../prod',
          'stop cluster dev;rm',
          'stop cluster dév',
          'add cluster qa -i hub.docker.com/../../etc -n 3',
          'add cluster qa -n 3;4',
          'add cluster qa -d evil..com',
          'add node dev -n 101',
          `stop cluster ${'x'.repeat(65)}`,
          'stop cluster dev\u0000prod',
        ]) {
          const frames = await socket.command(line);
          assert.deepEqual(
            frames.map((frame) => frame.code),
            [400],
            JSON.stringify(line),
          );
        }
        assert.equal(JSON.stringify(emulator.state.list('dev@localhost', 'clusters')), before);
      } finally {
        await socket.close();
      }
    });
  });
});
