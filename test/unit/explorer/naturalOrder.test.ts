import * as assert from 'node:assert/strict';
import { naturalCompare } from '../../../src/explorer/naturalOrder';

/** The order the tree used to take from ICU, kept as the reference for names Kubernetes and qbo allow. */
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
const byCollator = (a: string, b: string): number => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);

/** A small deterministic generator, so a failure names its inputs and replays. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const ALPHABET = 'abcxyzABZ0123456789-._';

function randomName(random: () => number): string {
  const length = 1 + Math.floor(random() * 8);
  let name = '';
  for (let i = 0; i < length; i++) name += ALPHABET[Math.floor(random() * ALPHABET.length)];
  return name;
}

describe('natural order', () => {
  it('puts numbers in numeric order, ignores case, and breaks ties by exact text', () => {
    const names = ['node-20', 'node-2', 'Node-1', 'node-10', 'alpha', 'node-1'];
    assert.deepEqual([...names].sort(naturalCompare), ['alpha', 'Node-1', 'node-1', 'node-2', 'node-10', 'node-20']);
  });

  it('compares numbers longer than a double holds, and leading zeros by value first', () => {
    assert.equal(naturalCompare('pod-99999999999999999999', 'pod-100000000000000000000'), -1);
    assert.equal(naturalCompare('pod-007', 'pod-8'), -1);
    assert.equal(naturalCompare('pod-007', 'pod-7'), -1); // equal values: the exact text decides
    assert.equal(naturalCompare('pod-7', 'pod-7'), 0);
  });

  it('sorts a prefix first and separators before digits before letters', () => {
    assert.deepEqual(['a-b', 'ab', 'a', 'a1', 'a.b', 'a_b'].sort(naturalCompare), ['a', 'a_b', 'a-b', 'a.b', 'a1', 'ab']);
  });

  it('agrees with ICU numeric collation on 20,000 random pairs of Kubernetes-style names', () => {
    const seed = 20261129;
    const random = generator(seed);
    for (let i = 0; i < 20_000; i++) {
      const a = randomName(random);
      const b = randomName(random);
      assert.equal(
        Math.sign(naturalCompare(a, b)),
        Math.sign(byCollator(a, b)),
        `seed ${seed}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`,
      );
    }
  });

  it('orders names outside that alphabet totally and consistently', () => {
    const names = ['ü-2', 'u-2', 'ü-10', '日本-1', 'z', ' a'];
    const sorted = [...names].sort(naturalCompare);
    for (let i = 1; i < sorted.length; i++) assert.equal(naturalCompare(sorted[i - 1] as string, sorted[i] as string), -1);
    for (const name of names) assert.equal(naturalCompare(name, name), 0);
  });
});
