// The ingest fast path against zod over what a server really sends: every element of the
// emulator's large world (as the emulator writes it, in its field order) over a real socket, and
// random elements with a seed that changes per run. The seed is printed so a failure can be
// replayed: QBO_FASTPATH_SEED=<seed> npm run test:system
import * as assert from 'node:assert/strict';
import { captureListing } from '../../../bench/ingest';
import { checkFrames, checkRandom } from '../../../bench/equivalence';
import type { RunningEmulator } from '../../../src/emulator';
import { credentialsFor, startTestEmulator } from '../../support/emulator';

const seed = process.env.QBO_FASTPATH_SEED ? Number(process.env.QBO_FASTPATH_SEED) : Math.floor(Math.random() * 2 ** 31);

describe('message validation fast path, exhaustively', function () {
  this.timeout(120_000);
  let emulator: RunningEmulator | undefined;

  after(async () => {
    await emulator?.close();
  });

  it('gives exactly zod’s output for every element of the large world, as the emulator sends it', async () => {
    emulator = await startTestEmulator({ world: 'large' });
    const capture = await captureListing(credentialsFor(emulator), emulator.url);
    const checked = checkFrames(capture.frames);
    // Every object of the listing (and every envelope payload besides) went through the comparison.
    assert.ok(checked >= capture.entities, `checked ${checked} elements of ${capture.entities} objects`);
    assert.ok(capture.entities > 25_000, `the large world listed only ${capture.entities} objects`);
  });

  it(`gives exactly zod’s output on random elements (seed ${seed})`, () => {
    console.log(`      fast-path random seed: ${seed} (replay with QBO_FASTPATH_SEED=${seed})`);
    try {
      assert.ok(checkRandom(1_500, seed) > 10_000);
    } catch (error) {
      throw new Error(`seed ${seed}: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
});
