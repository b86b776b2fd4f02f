import * as assert from 'node:assert/strict';
import { checkRandom } from '../../../bench/equivalence';
import { fixture } from '../../support/fixtures';
import { checkFrames } from '../../../bench/equivalence';

// The ingest fast path of src/qbo/fastPath.ts must give exactly zod's output: zod stays the one
// authority on what the network may send. The bench checks more cases; this keeps npm test honest.
describe('message validation fast path', () => {
  it('agrees with the zod schemas on random elements of every payload kind', () => {
    assert.ok(checkRandom(250, 7) > 2_000);
  });

  it('agrees with the zod schemas on the observed example', () => {
    assert.equal(checkFrames([fixture('observed-nodes.json')]), 1);
  });
});
