import * as assert from 'node:assert/strict';
import { Inbox } from '../../../src/qbo/inbox';

/** An inbox on a fake clock: each frame takes `cost` ms to handle; `turns` are the later() callbacks not yet run. */
function fakeInbox(cost: number, options: { sliceMs?: number; highWaterBytes?: number; lowWaterBytes?: number } = {}) {
  let clock = 0;
  const handled: number[] = [];
  const turns: (() => void)[] = [];
  const flow: string[] = [];
  const inbox = new Inbox<number>({
    handle: (frame) => {
      handled.push(frame);
      clock += cost;
    },
    pause: () => flow.push('pause'),
    resume: () => flow.push('resume'),
    later: (run) => turns.push(run),
    now: () => clock,
    ...options,
  });
  const runTurn = (): number => {
    const before = handled.length;
    turns.shift()?.();
    return handled.length - before;
  };
  return { inbox, handled, turns, flow, runTurn };
}

describe('inbox (frames handled in time slices)', () => {
  it('handles nothing while the frames arrive, then at most one slice per turn, in order', () => {
    const { inbox, handled, turns, runTurn } = fakeInbox(3, { sliceMs: 10 });
    for (let i = 0; i < 10; i++) inbox.push(i, 100);
    assert.equal(handled.length, 0, 'not inside the socket callback');
    assert.equal(turns.length, 1, 'one turn scheduled, not one per frame');
    // 3 ms each: the fourth frame crosses 10 ms, the slice ends after it.
    assert.deepEqual([runTurn(), runTurn(), runTurn()], [4, 4, 2]);
    assert.deepEqual(handled, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(turns.length, 0);
    assert.equal(inbox.waiting, 0);
  });

  it('handles one frame per turn at least, however long it takes', () => {
    const { inbox, runTurn } = fakeInbox(50, { sliceMs: 10 });
    inbox.push(1, 1);
    inbox.push(2, 1);
    assert.deepEqual([runTurn(), runTurn()], [1, 1]);
  });

  it('pauses the socket past the high-water mark and resumes below the low one', () => {
    const { inbox, flow, runTurn } = fakeInbox(5, { sliceMs: 10, highWaterBytes: 1000, lowWaterBytes: 400 });
    for (let i = 0; i < 10; i++) inbox.push(i, 200);
    assert.deepEqual(flow, ['pause'], 'once, past 1,000 bytes waiting');
    runTurn(); // 2 handled, 1,600 waiting
    runTurn(); // 1,200
    runTurn(); // 800
    runTurn(); // 400: not below
    assert.deepEqual(flow, ['pause']);
    runTurn(); // 0
    assert.deepEqual(flow, ['pause', 'resume']);
  });

  it('flush() handles everything now, in order; clear() drops what waits and ignores what comes', () => {
    const flushed = fakeInbox(1);
    for (let i = 0; i < 5; i++) flushed.inbox.push(i, 1);
    flushed.inbox.flush();
    assert.deepEqual(flushed.handled, [0, 1, 2, 3, 4]);
    flushed.runTurn();
    assert.deepEqual(flushed.handled, [0, 1, 2, 3, 4], 'nothing twice');
    const cleared = fakeInbox(1);
    cleared.inbox.push(1, 1);
    cleared.inbox.clear();
    cleared.inbox.push(2, 1);
    cleared.runTurn();
    assert.deepEqual(cleared.handled, []);
  });
});
