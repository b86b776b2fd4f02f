import * as assert from 'node:assert/strict';
import { ReadSlices } from '../../../src/qbo/readSlices';

/** A socket that records pause/resume, a clock the test moves, and turns the test runs. */
function harness(sliceMs = 8) {
  const calls: string[] = [];
  const turns: (() => void)[] = [];
  let clock = 0;
  const slices = new ReadSlices(
    { pause: () => calls.push('pause'), resume: () => calls.push('resume') },
    { sliceMs, now: () => clock, nextTurn: (callback) => turns.push(callback) },
  );
  return {
    calls,
    slices,
    advance: (ms: number) => (clock += ms),
    /** A frame whose handling takes `ms`. */
    frame: (ms: number) => slices.handle(() => (clock += ms)),
    /** The event loop's next turn. */
    nextTurn: () => {
      for (const turn of turns.splice(0)) turn();
    },
    pendingTurns: () => turns.length,
  };
}

describe('read slices', () => {
  it('lets frames run while one turn has spent less than the slice', () => {
    const { calls, frame, nextTurn } = harness();
    for (let i = 0; i < 7; i++) frame(1);
    nextTurn();
    assert.deepEqual(calls, [], 'no pause, so nothing to resume');
  });

  it('pauses once the slice is spent and resumes at the next turn, once', () => {
    const { calls, frame, nextTurn } = harness();
    frame(3);
    frame(3);
    assert.deepEqual(calls, []);
    frame(3);
    assert.deepEqual(calls, ['pause'], 'paused after the frame that spent the slice');
    // Frames already read (the rest of the chunk) are still handled, without pausing again.
    frame(3);
    assert.deepEqual(calls, ['pause']);
    nextTurn();
    assert.deepEqual(calls, ['pause', 'resume']);
  });

  it('starts a fresh slice at each turn: time spent in earlier turns does not count', () => {
    const { calls, frame, nextTurn, pendingTurns } = harness();
    frame(5);
    nextTurn();
    frame(5);
    assert.deepEqual(calls, [], 'two turns of 5 ms each: neither spent 8 ms');
    assert.equal(pendingTurns(), 1, 'one end of slice scheduled per turn, not per frame');
    frame(5);
    assert.deepEqual(calls, ['pause']);
  });

  it('pauses when a frame that spent the slice throws, and lets the error through', () => {
    const { calls, slices, advance, nextTurn } = harness();
    assert.throws(
      () =>
        slices.handle(() => {
          advance(9);
          throw new Error('listener failed');
        }),
      /listener failed/,
    );
    assert.deepEqual(calls, ['pause']);
    nextTurn();
    assert.deepEqual(calls, ['pause', 'resume']);
  });

  it('never resumes a socket that closed while paused', () => {
    const { calls, slices, frame, nextTurn } = harness();
    frame(10);
    assert.deepEqual(calls, ['pause']);
    slices.dispose();
    nextTurn();
    assert.deepEqual(calls, ['pause']);
  });
});
