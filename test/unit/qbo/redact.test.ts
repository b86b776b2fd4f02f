import * as assert from 'node:assert/strict';
import { makeServiceAccountJwe } from '../../../src/qbo/credentials';
import { redact, REDACTED } from '../../../src/qbo/redact';
import { TEST_VECTOR } from '../../support/fixtures';

describe('redact', () => {
  it('removes known secrets, JWEs, cookie values and secret JSON fields', async () => {
    const jwe = await makeServiceAccountJwe(TEST_VECTOR.publicJwk, TEST_VECTOR.aux);
    const text = [
      `cookie qbo_uid=${jwe}; qbo_aux=${TEST_VECTOR.aux}`,
      `bare ${jwe} and ${TEST_VECTOR.aux}`,
      JSON.stringify({ qbo_aux: 'other-aux-value', token: 'tok-value', jwk: { d: TEST_VECTOR.d }, d: TEST_VECTOR.d }),
    ].join('\n');
    const clean = redact(text, [TEST_VECTOR.aux]);
    for (const secret of [jwe, TEST_VECTOR.aux, 'other-aux-value', 'tok-value', TEST_VECTOR.d])
      assert.ok(!clean.includes(secret), secret.slice(0, 12));
    assert.ok(clean.includes(REDACTED));
  });

  it('leaves ordinary log lines alone', () => {
    const line = "[cmd 1ed73c50] thread '140279387227904' terminated in 0.20s; node control-f5047fd5.localhost 172.18.0.3";
    assert.equal(redact(line), line);
  });
});
