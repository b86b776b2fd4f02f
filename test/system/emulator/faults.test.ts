// Emulator: fault injection — latency, drop-after and garbage-every.
import * as assert from 'node:assert/strict';
import { parseCliJson, versionCommand, type ParseError } from '../../../src/qbo';
import { GARBAGE_FRAME } from '../../../src/emulator';
import { connectLibrary, startTestEmulator, TestSocket } from '../../support/emulator';
import { isMirrorNotice, withoutNotices } from './frames';
import { waitUntil } from '../../support/wait';

describe('emulator: fault injection', () => {
  it('--latency-ms delays every outgoing message and keeps their order', async () => {
    const emulator = await startTestEmulator({ latencyMs: 120 });
    const socket = await TestSocket.connect(emulator);
    try {
      const sentAt = Date.now();
      socket.send({ cmd: 'get nodes dev', uuid: 'latency-1' });
      await socket.waitFor(() => socket.frames.length > 0, 3000, 'first message');
      const firstAfter = Date.now() - sentAt;
      assert.ok(firstAfter >= 100, `first message after ${firstAfter} ms`);
      await socket.waitFor(() => socket.frames.some((frame) => frame.command === 'CMD_DONE'), 3000, 'final message');
      assert.deepEqual(
        withoutNotices(socket.frames).map((frame) => frame.code),
        [202, 201, 200, 200],
      );
      assert.equal(socket.frames.at(-1)?.command, 'CMD_DONE');
    } finally {
      await socket.close();
      await emulator.close();
    }
  });

  it('--drop-after N closes each connection abnormally after N messages', async () => {
    const emulator = await startTestEmulator({ dropAfter: 3 });
    const socket = await TestSocket.connect(emulator);
    try {
      socket.send({ cmd: 'get nodes -A', uuid: 'drop-1' });
      await socket.waitFor(() => socket.closeCode !== undefined, 3000, 'the drop');
      assert.equal(socket.frames.length, 3);
      assert.equal(socket.closeCode, 1006, 'no close frame');
      // Every new connection gets its own budget.
      const again = await TestSocket.connect(emulator);
      again.send({ cmd: 'version', uuid: 'drop-2' });
      await again.waitFor(() => again.closeCode !== undefined, 3000, 'the second drop');
      // The budget counts every message: the `clients` push on connecting is the first.
      assert.ok(again.frames[0] && isMirrorNotice(again.frames[0]));
      assert.deepEqual(
        again.frames.map((frame) => frame.code),
        [200, 202, 201],
      );
    } finally {
      await emulator.close();
    }
  });

  it('--drop-after makes the library reconnect', async () => {
    const emulator = await startTestEmulator({ dropAfter: 2 });
    const link = await connectLibrary(parseCliJson(emulator.clientConfig()));
    try {
      const states: string[] = [];
      link.connection.onState((state) => states.push(state.kind));
      await assert.rejects(link.client.send(versionCommand()).done, /connection was lost/);
      assert.equal(states[0], 'reconnecting');
    } finally {
      link.dispose();
      await emulator.close();
    }
  });

  it('--garbage-every N sends a non-JSON frame after every N messages; the library reports and survives it', async () => {
    const emulator = await startTestEmulator({ garbageEvery: 2 });
    const socket = await TestSocket.connect(emulator);
    const link = await connectLibrary(parseCliJson(emulator.clientConfig()));
    // The library handles frames in time slices after they arrive (src/qbo/inbox.ts): none has been
    // handled yet, so every garbage frame it is sent is counted from here.
    const invalid: ParseError[] = [];
    link.connection.onInvalidFrame((error) => invalid.push(error));
    try {
      await socket.command('version');
      assert.equal(withoutNotices(socket.frames).length, 4);
      // Every message counts, `clients` pushes (this socket's and the library's arrival) included.
      assert.equal(socket.garbage.length, Math.floor(socket.frames.length / 2));
      assert.ok(socket.garbage.length >= 2 && socket.garbage.every((frame) => frame === GARBAGE_FRAME));
      const result = await link.client.send(versionCommand()).done;
      assert.equal(result.code, 200);
      // One garbage frame after every second message the library was sent (the `input` of the
      // raw socket's command and the `clients` pushes included), reported and survived.
      await waitUntil(() => invalid.length === Math.floor(link.messages.length / 2), 5_000, 'a garbage frame per two messages');
      assert.ok(invalid.length >= 2, String(invalid.length));
      assert.ok(invalid.every((error) => error.kind === 'not-json'));
    } finally {
      link.dispose();
      await socket.close();
      await emulator.close();
    }
  });
});
