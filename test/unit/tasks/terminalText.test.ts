import * as assert from 'node:assert/strict';
import { printableLine, terminalLine } from '../../../src/tasks/terminalText';
import { DEFAULT_TASK_TIMEOUT_SECONDS, taskTimeoutSeconds } from '../../../src/tasks/timeout';

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
  it('takes a number within 5 s and a day, clamps the rest, and defaults anything else', () => {
    assert.equal(taskTimeoutSeconds(120), 120);
    assert.equal(taskTimeoutSeconds(1), 5);
    assert.equal(taskTimeoutSeconds(-10), 5);
    assert.equal(taskTimeoutSeconds(1e9), 86_400);
    for (const value of [undefined, null, '600', Number.NaN, Number.POSITIVE_INFINITY, {}])
      assert.equal(taskTimeoutSeconds(value), DEFAULT_TASK_TIMEOUT_SECONDS);
    assert.equal(DEFAULT_TASK_TIMEOUT_SECONDS, 600);
  });
});
