import * as assert from 'node:assert/strict';
import { printableLine, terminalLine } from '../../../src/tasks/terminalText';
import { checkNumber } from '../../../src/settingRanges';

describe('a qbo task terminal’s text', () => {
  it('drops every control character the server could send (escape sequences, bells, bidi overrides)', () => {
    assert.equal(printableLine('node \u001b[2J\u001b]0;pwned\u0007started\r'), 'node [2J]0;pwnedstarted');
    assert.equal(printableLine('a\u009bb\u202ec\u2066d'), 'abcd');
    assert.equal(printableLine('tab\there\nnewline'), 'tab here newline');
    assert.equal(printableLine('x'.repeat(3000)).length, 2000);
  });

  it('styles our own lines and ends each with CR LF', () => {
    assert.equal(terminalLine('thread done', 'output'), 'thread done\r\n');
    assert.equal(terminalLine('Done', 'success'), '\u001b[32m✓ Done\u001b[39m\r\n');
    assert.equal(terminalLine('\u001b[31mfake', 'failure'), '\u001b[31m✗ [31mfake\u001b[39m\r\n');
  });
});

describe('qbo.tasks.timeoutSeconds', () => {
  it('takes a number from 5 s to a day; anything else is the default, 600 s (as every numeric setting)', () => {
    assert.deepEqual(checkNumber('tasks.timeoutSeconds', 120), { value: 120 });
    assert.equal(checkNumber('tasks.timeoutSeconds', 86_400).value, 86_400);
    for (const value of [undefined, null, '600', 1, -10, 1e9, Number.NaN, Number.POSITIVE_INFINITY, {}])
      assert.equal(checkNumber('tasks.timeoutSeconds', value).value, 600, String(value));
    assert.match(
      checkNumber('tasks.timeoutSeconds', 1).problem ?? '',
      /qbo\.tasks\.timeoutSeconds is 1, not a number from 5 to 86400: using 600/,
    );
  });
});
