import * as assert from 'node:assert/strict';
import { shownText } from '../../../src/manifests/shownText';

describe('text shown in notifications', () => {
  it('leaves ordinary text alone', () => {
    assert.equal(shownText('qbo: 3 created, 1 configured in dev.'), 'qbo: 3 created, 1 configured in dev.');
  });

  it('breaks Markdown links, command: and other acting URIs, and $(icon) syntax', () => {
    const shown = shownText('error: "[click](command:workbench.action.quit)" $(alert) see vscode:extension/x or FILE:///etc/passwd');
    assert.doesNotMatch(shown, /\]\(/);
    assert.doesNotMatch(shown, /command:/i);
    assert.doesNotMatch(shown, /\$\(/);
    assert.doesNotMatch(shown, /vscode:/i);
    assert.doesNotMatch(shown, /file:/i);
    // It reads the same: only invisible characters were added.
    assert.equal(
      shown.replace(/\u200b/g, ''),
      'error: "[click](command:workbench.action.quit)" $(alert) see vscode:extension/x or FILE:///etc/passwd',
    );
  });

  it('removes control characters and terminal colour codes, and a break put in beforehand cannot protect a link', () => {
    assert.equal(shownText('\u001b[31merror\u001b[0m:\r\nline two\u0007'), 'error: line two');
    assert.doesNotMatch(shownText('[x]\u200b(command:\u200bfoo)'), /\]\(|command:/);
    assert.doesNotMatch(shownText('[x](\u0000command:foo)'), /\]\(|command:f/);
  });

  it('cuts long text and says where the rest is, unless nothing logs it', () => {
    const long = `error: ${'x'.repeat(1000)}`;
    const shown = shownText(long);
    assert.ok(shown.startsWith('error: xxx'));
    assert.ok(shown.endsWith('… (full text in the qbo output channel)'), shown.slice(-60));
    assert.equal(shownText(long, { maxChars: 20, fullTextLogged: false }), 'error: xxxxxxxxxxxx…');
  });
});
