// Reliability: oversized frames and a slow server. Memory stays bounded (the socket refuses a
// frame over maxFrameBytes and the link is re-established with a growing backoff, not hammered;
// the parser refuses too-large text before decoding it), and a server slower than the request
// timeout yields clear CommandTimeoutErrors with nothing left pending.
import * as assert from 'node:assert/strict';
import { CommandTimeoutError, getCommand, parseCliJson, parseServerMessage, versionCommand, type ConnectionState } from '../../../src/qbo';
import { QboSession } from '../../../src/session/session';
import type { RunningEmulator } from '../../../src/emulator';
import { startTestEmulator } from '../../support/emulator';
import { waitUntil, sleep } from '../../support/wait';
import { recordingLogger } from '../../support/session';

describe('reliability: oversized frames and a slow server', () => {
  let emulator: RunningEmulator | undefined;
  let session: QboSession | undefined;
  afterEach(async () => {
    session?.dispose();
    await emulator?.close();
    session = emulator = undefined;
  });

  it('closes the link on a frame over maxFrameBytes, never delivers it, and backs off instead of reconnecting in a loop', async () => {
    const connects: number[] = [];
    emulator = await startTestEmulator({ log: (line) => line.startsWith('connected') && connects.push(Date.now()) });
    const credentials = parseCliJson(emulator.clientConfig());
    const logger = recordingLogger();
    // Listing the six nodes of the small world takes one ~2.5 KB message: over the cap.
    const maxFrameBytes = 1500;
    session = new QboSession({
      profile: { name: 'cap', host: credentials.host, port: credentials.port },
      credentials,
      logger,
      connection: { maxFrameBytes, initialBackoffMs: 50, maxBackoffMs: 1000, pingIntervalMs: 60_000, random: () => 0.5 },
    });
    let largest = 0;
    session.connection.onMessage((message) => (largest = Math.max(largest, JSON.stringify(message.raw).length)));
    const retries: Extract<ConnectionState, { kind: 'reconnecting' }>[] = [];
    session.connection.onState((state) => state.kind === 'reconnecting' && retries.push(state));
    session.start();
    await sleep(1200);

    assert.ok(retries.length >= 2, 'the link was closed');
    assert.ok(
      retries.every((state) => state.reason === 'a frame exceeded the size limit'),
      retries.map((state) => state.reason).join('; '),
    );
    assert.ok(largest > 0 && largest <= maxFrameBytes, `only frames under the cap were delivered (largest ${largest})`);
    assert.notEqual(session.status.kind, 'ready', 'a listing that cannot be received never counts as done');
    assert.equal(session.inventory.size('nodes'), 0);
    // Each link opened and was dropped at once; the backoff still grew (50 → 100 → 200 → 400 ms
    // with this jitter) instead of restarting at 50 ms: without it, ~30 connections in 1.2 s.
    for (let i = 1; i < retries.length; i++)
      assert.ok(
        (retries[i] as { delayMs: number }).delayMs > (retries[i - 1] as { delayMs: number }).delayMs ||
          (retries[i] as { delayMs: number }).delayMs === 1000,
        'the delay grows',
      );
    assert.ok(connects.length <= 6, `${connects.length} connections in 1.2 s`);
    assert.ok(logger.lines.some((line) => /^warn connection lost \(a frame exceeded the size limit\)/.test(line)));
  });

  it('lets the backoff start over once a link has stayed up', async () => {
    emulator = await startTestEmulator({ dropAfter: 30 });
    const credentials = parseCliJson(emulator.clientConfig());
    session = new QboSession({
      profile: { name: 'stable', host: credentials.host, port: credentials.port },
      credentials,
      logger: recordingLogger(),
      connection: { initialBackoffMs: 40, maxBackoffMs: 5000, stableAfterMs: 300, pingIntervalMs: 60_000, random: () => 0.5 },
    });
    const retries: Extract<ConnectionState, { kind: 'reconnecting' }>[] = [];
    session.connection.onState((state) => state.kind === 'reconnecting' && retries.push(state));
    session.start();
    // The re-listing (24 messages) fits in the budget of 30; the link then idles past stableAfterMs.
    assert.ok(await session.whenReady(3000));
    await sleep(400);
    assert.equal(retries.length, 0);
    // These commands push the connection over its budget; the drop is treated as a first failure.
    for (let i = 0; i < 5 && retries.length === 0; i++) await session.run(getCommand('nodes')).catch(() => undefined);
    await waitUntil(() => retries.length >= 1, 2000, 'the drop');
    assert.equal(retries[0]?.attempt, 1, 'attempt numbering started over');
    assert.equal(retries[0]?.delayMs, 30, 'the initial delay again (40 ms × 0.75), not the second step (60 ms)');
  });

  it('refuses too-large text before decoding it, with a secret-free reason', () => {
    const secret = 'qbo_aux=66fac858-a271-49cf-bad0-fdd9ff0b4787';
    const text = `{"output":[{"message":"${secret}${'x'.repeat(2_000_000)}"}]}`;
    const started = performance.now();
    const result = parseServerMessage(text, 1_000_000);
    assert.ok(performance.now() - started < 50, 'refused without parsing 2 MB');
    assert.ok(!result.ok);
    assert.equal(result.error.kind, 'too-large');
    assert.equal(result.error.length, text.length);
    assert.ok(!result.error.detail.includes(secret) && result.error.detail.length < 100);
  });

  it('fails commands against a server slower than the timeout with a clear message, leaving nothing pending', async () => {
    emulator = await startTestEmulator({ latencyMs: 600 });
    const credentials = parseCliJson(emulator.clientConfig());
    const logger = recordingLogger();
    session = new QboSession({
      profile: { name: 'slow', host: credentials.host, port: credentials.port },
      credentials,
      logger,
      requestTimeoutMs: 200,
      connection: { pingIntervalMs: 60_000 },
    });
    session.start();
    await waitUntil(() => session?.status.kind === 'list-failed', 3000, 'the listing to time out');
    const status = session.status;
    assert.equal(status.kind, 'list-failed');
    assert.match(status.kind === 'list-failed' ? status.message : '', /^qbo get \w+ -A: no answer from the server for 200 ms$/);

    await assert.rejects(session.run(versionCommand()), (error: unknown) => {
      assert.ok(error instanceof CommandTimeoutError);
      assert.equal(error.timeoutMs, 200);
      assert.equal(error.message, 'qbo version: no answer from the server for 200 ms');
      return true;
    });
    assert.equal(session.client.inFlight, 0, 'the timed-out requests are gone');
    assert.ok(logger.lines.includes('error qbo version: no answer from the server for 200 ms'));

    // The late answers still arrive; they resolve nothing, break nothing, and the link stays up.
    await sleep(900);
    assert.equal(session.client.inFlight, 0);
    assert.ok(session.connection.isOpen);
    assert.equal(session.status.kind, 'list-failed', 'late data does not pretend the listing succeeded');
    // A request with a timeout above the latency still succeeds on the same link.
    const result = await session.run(versionCommand(), undefined, 3000);
    assert.equal(result.code, 200);
  });
});
