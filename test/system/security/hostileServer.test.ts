// Security: a hostile server (the emulator's --hostile attacks, over a real socket). `links` puts
// command links, codicons and control characters into every output line and error status: the
// texts the extension would show (the failure notification, progress lines, the status bar and the
// tree's error row) hold none of them, while the log keeps them. `flood` pushes new objects
// without end: the session stops at its cap with one message, memory stays bounded, and the
// process carries on. A reply that never ends is cut off too (scripted server).
import * as assert from 'node:assert/strict';
import {
  addClusterCommand,
  byNames,
  CommandFailedError,
  createServiceAccountCommand,
  getCommand,
  namedTargets,
  QboClient,
  QboConnection,
  renderCommand,
  ReplyTooLargeError,
  redact,
  secretsOf,
  stopCommand,
} from '../../../src/qbo';
import { HOSTILE_LINK, HOSTILE_TEXT, parseFlags, type RunningEmulator } from '../../../src/emulator';
import { describeFailure } from '../../../src/commands/support/boundary';
import { notificationText, progressLine, MARKUP_BREAK } from '../../../src/ui/safeText';
import { statusBarText } from '../../../src/ui/statusText';
import { explorerStatus } from '../../../src/ui/viewText';
import type { QboSession, SessionStatus } from '../../../src/session/session';
import { credentialsFor, startTestEmulator } from '../../support/emulator';
import { testSession } from '../../support/session';
import { ScriptedServer, reply } from '../../support/scriptedServer';
import { waitUntil } from '../../support/wait';

// What VS Code turns into markup (see test/unit/ui/safeText.test.ts).
const LINK = /\[[^\]]+\]\((?:https?:\/\/|command:|file:)[^)\s]+\)/i;
const CODICON = /\$\([A-Za-z0-9-]+(?:~[A-Za-z]+)?\)/;
// eslint-disable-next-line no-control-regex -- what must never be shown
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/;

function assertShownSafely(shown: string, what: string): void {
  assert.doesNotMatch(shown, LINK, `${what}: ${shown}`);
  assert.doesNotMatch(shown, /command:/i, `${what}: ${shown}`);
  assert.doesNotMatch(shown, CODICON, `${what}: ${shown}`);
  assert.doesNotMatch(shown, CONTROL, `${what}: ${JSON.stringify(shown)}`);
  // Still readable: the user sees what the server said, only unclickable.
  assert.ok(shown.split(MARKUP_BREAK).join('').includes('[Fix it now](command'), `${what} reads as sent: ${shown}`);
}

async function ready(session: QboSession): Promise<void> {
  session.start();
  assert.ok(await session.whenReady(10_000), `session ready (status ${session.status.kind})`);
}

describe('security: a hostile server', function () {
  this.timeout(30_000);

  it('takes --hostile as a comma-separated list of known attacks', () => {
    assert.deepEqual(parseFlags(['--hostile', 'links,flood']).hostile, [{ name: 'links' }, { name: 'flood' }]);
    assert.deepEqual(parseFlags([]).hostile, []);
    assert.throws(() => parseFlags(['--hostile', 'links,rm-rf']), /unknown attack "rm-rf"/);
  });

  for (const replies of ['lifecycle', 'single'] as const) {
    describe(`links (${replies} replies)`, () => {
      let emulator: RunningEmulator;
      let session: QboSession;
      let logged: string[];
      beforeEach(async () => {
        emulator = await startTestEmulator({ hostile: { attacks: [{ name: 'links' }] }, replies, deletedPushes: replies === 'lifecycle' });
        const made = testSession(credentialsFor(emulator));
        session = made.session;
        logged = made.logger.lines;
        await ready(session);
      });
      afterEach(async () => {
        session.dispose();
        await emulator.close();
      });

      it("shows a failed command's reason without a link, an icon or a control character; the log keeps it whole", async () => {
        const secrets = secretsOf(session.credentials);
        for (const command of [addClusterCommand(['dev']), createServiceAccountCommand('mallory@example.com')]) {
          const error = await session.run(command).then(
            () => assert.fail(`${renderCommand(command)} should fail`),
            (failure: unknown) => failure,
          );
          assert.ok(error instanceof CommandFailedError, String(error));
          assert.ok(error.message.includes(HOSTILE_LINK), 'the attack reached the client');
          // What support/report.ts shows: the boundary's message, redacted, through showError (notificationText).
          const shown = notificationText(redact(describeFailure('qbo.addCluster', error).message, secrets));
          assertShownSafely(shown, renderCommand(command));
        }
        assert.ok(
          logged.some((line) => line.includes(HOSTILE_LINK)),
          'the output channel keeps the full text',
        );
      });

      it('shows progress lines without a link, an icon or a control character', async () => {
        const shown: string[] = [];
        let raw = 0;
        await session.run(stopCommand('clusters', namedTargets('clusters', 'dev')), (event) => {
          if (event.output.some((line) => line.includes(HOSTILE_TEXT))) raw++;
          // What support/run.ts reports to the progress notification.
          const message = progressLine(event.output);
          if (message) shown.push(message);
        });
        assert.ok(raw > 0 && shown.length > 0, 'the command streamed hostile progress');
        for (const line of shown) assertShownSafely(line, 'progress');
      });

      it('shows a hostile status in the status bar and the tree without markup', async () => {
        // A listing that fails with the server's reason (a cluster it says does not exist).
        const error = await session.run(getCommand('nodes', byNames('nope'))).catch((failure: unknown) => failure);
        assert.ok(error instanceof CommandFailedError);
        const status: SessionStatus = { kind: 'list-failed', message: error.message };
        const bar = statusBarText({ kind: 'session', host: '127.0.0.1', user: 'dev@localhost', profileName: 'p', status });
        assert.equal(bar.text.match(new RegExp(CODICON.source, 'g'))?.length, 1, 'only our own icon');
        assertShownSafely(bar.tooltip, 'status bar tooltip');
        const row = explorerStatus({
          kind: 'session',
          name: session.profile.name,
          active: { profile: session.profile, credentials: session.credentials, origin: 'secret-storage' },
          status,
        });
        assert.equal(row.kind, 'error');
        assertShownSafely(row.kind === 'error' ? row.message : '', 'tree row');
      });
    });
  }

  describe('flood', () => {
    let emulator: RunningEmulator;
    afterEach(async () => emulator.close());

    it('stops the session at its object cap with one message, frees the memory, and leaves the process running', async () => {
      emulator = await startTestEmulator({ hostile: { attacks: [{ name: 'flood' }] } });
      const cap = 20_000;
      const { session, logger } = testSession(credentialsFor(emulator), { maxObjects: cap });
      const statuses: SessionStatus[] = [];
      session.onStatus((status) => statuses.push(status));
      let most = 0;
      session.inventory.onDidChange(() => (most = Math.max(most, session.inventory.objects)));
      const heapBefore = process.memoryUsage().heapUsed;
      try {
        session.start();
        await waitUntil(() => session.status.kind === 'closed', 20_000, 'the session to stop at the cap');
        const status = session.status;
        assert.equal(status.kind, 'closed');
        assert.match(status.kind === 'closed' ? status.reason : '', /more than 20,000 objects/);
        assert.ok(most <= cap, `never held more than the cap (held ${most})`);
        assert.equal(session.inventory.objects, 0, 'what the flood left is let go');
        assert.equal(logger.lines.filter((line) => line.startsWith('error ') && /more than 20,000 objects/.test(line)).length, 1);
        assert.equal(statuses.filter((entry) => entry.kind === 'closed').length, 1, 'one status change, not a storm');
        // The flood is over for this client: the emulator sees it leave.
        await waitUntil(() => emulator.state.connectionCount() === 0, 5_000, 'the socket to close');
        assert.equal(session.inventory.objects, 0);
        const grown = (process.memoryUsage().heapUsed - heapBefore) / 1024 ** 2;
        assert.ok(grown < 150, `heap grew ${grown.toFixed(0)} MB`);
        // The row the tree shows and the status bar say the same, once.
        assert.match(statusBarText({ kind: 'session', host: 'h', user: undefined, profileName: 'p', status }).tooltip, /20,000 objects/);
      } finally {
        session.dispose();
      }
    });
  });

  describe('a reply without end', () => {
    let server: ScriptedServer;
    afterEach(async () => server.close());

    it('is cut off past maxReplyElements, and a listing cut short sweeps nothing', async () => {
      server = new ScriptedServer();
      let sent = 0;
      server.onCommand = (socket, frame) => {
        reply(socket, frame.uuid, 202, { status: 'Accepted', output: [{ message: 'command accepted' }] });
        const more = (): void => {
          if (socket.readyState !== socket.OPEN || sent > 50_000) return;
          const pods = Array.from({ length: 100 }, () => ({ id: `p-${sent++}`, name: 'same', cluster: 'dev' }));
          reply(socket, frame.uuid, 200, { status: 'OK', command: 'CMD_GET', pods });
          setImmediate(more);
        };
        more();
      };
      const port = await server.listen();
      const connection = new QboConnection({
        host: '127.0.0.1',
        port,
        cookie: () => Promise.resolve('qbo_uid=t; qbo_aux='),
        pingIntervalMs: 60_000,
      });
      const client = new QboClient(connection, { requestTimeoutMs: 5_000, maxReplyElements: 1_000 });
      const finals: boolean[] = [];
      client.onMessage((message) => finals.push(message.final));
      try {
        connection.connect();
        await waitUntil(() => connection.isOpen, 5_000, 'open');
        const result = await client.send(getCommand('pods')).done.catch((error: unknown) => error);
        // No message was passed on as the command's last: the inventory sweeps a listing only at that one.
        assert.ok(finals.length > 10 && !finals.includes(true), `${finals.length} messages, final: ${finals.includes(true)}`);
        assert.ok(result instanceof ReplyTooLargeError, String(result));
        assert.match(result.message, /more than 1,000 items/);
        assert.equal(client.inFlight, 0);
      } finally {
        client.dispose();
        connection.dispose();
      }
    });
  });
});
