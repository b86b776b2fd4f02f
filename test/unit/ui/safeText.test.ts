import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { detailLines, MARKUP_BREAK, safeName, safePickItem, safeText, TEXT_LIMITS } from '../../../src/ui/safeText';

// What VS Code turns into markup, described from its behaviour: a notification or progress message
// makes `[label](target)` a link when the target starts with http(s)://, command: or file:; a
// status bar text, quick pick or title makes `$(name)` or `$(name~modifier)` an icon.
const LINK = /\[[^\]]+\]\((?:https?:\/\/|command:|file:)[^)\s]+(?: (["']).+?\1)?\)/i;
const CODICON = /\$\([A-Za-z0-9-]+(?:~[A-Za-z]+)?\)/;
// eslint-disable-next-line no-control-regex -- what must never come out
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const SCHEME = /\b(?:command|file|vscode|https?|ftp|mailto|javascript|data):/i;

/** What the user reads: the text without the invisible breaks. */
const read = (text: string): string => text.split(MARKUP_BREAK).join('');

const MERGE_LINK = '[Merge now](command:qbo.mergeKubeconfig?%7B%22switchContext%22%3Atrue%2C%22target%22%3A%22%2Ftmp%2Fx%22%7D)';

describe('safeText', () => {
  it('leaves ordinary text exactly as it is', () => {
    for (const text of [
      'qbo stop clusters dev: cluster "dev" not found (404)',
      "thread '140279387227904' terminated in 0.000123s",
      'Adding cluster dev',
      '10.244.0.5:8080 → 10.96.0.10:53, kube-system/coredns',
      'Zürich – ☃ – 東京 – 👩‍💻',
      'the connection was lost before the command finished; it was not re-sent, check its effect before retrying',
    ])
      assert.equal(safeText(text), text);
  });

  it('breaks command links so they stay readable and cannot be clicked', () => {
    const text = `qbo add cluster dev: ${MERGE_LINK} (409)`;
    const shown = safeText(text);
    assert.doesNotMatch(shown, LINK);
    assert.doesNotMatch(shown, SCHEME);
    assert.equal(read(shown), text, 'reads as the server wrote it');
    for (const target of ['https://evil.example/x', 'file:///etc/passwd', 'HTTP://evil.example', 'Command:qbo.signOut'])
      assert.doesNotMatch(safeText(`[click](${target})`), LINK, target);
    // Whatever the target: Markdown would link `[x](page)` too, so `](` itself is broken.
    for (const text of ['[click](page.html)', '[a](b) [c](d)', '[x](command:y)']) assert.doesNotMatch(safeText(text), /\]\(/, text);
  });

  it('breaks bare command: URIs and the other schemes VS Code or Markdown act on', () => {
    for (const uri of [
      'command:qbo.deleteAllClusters',
      'COMMAND:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%22%7D',
      'file:///home/alex/.kube/config',
      'vscode://ms-kubernetes-tools.vscode-kubernetes-tools/x',
      'vscode-insiders://x',
      'https://evil.example/login',
      'ssh://root@evil.example',
      'javascript:alert(1)',
    ]) {
      const shown = safeText(`see ${uri} now`);
      assert.doesNotMatch(shown, SCHEME, uri);
      assert.doesNotMatch(shown, /\b[a-z][a-z0-9+.-]*:\/\//i, uri);
      assert.equal(read(shown), `see ${uri} now`);
    }
  });

  it('breaks codicon syntax: a server text cannot put icons in the status bar or a pick', () => {
    const text = '$(check) all good $(sync~spin) $(alert)';
    const shown = safeText(text);
    assert.doesNotMatch(shown, CODICON);
    assert.equal(read(shown), text);
  });

  it('removes control, bidi and invisible characters (a control run becomes one space)', () => {
    assert.equal(safeText('line one\nline two\r\n\tthree'), 'line one line two three');
    assert.equal(safeText('\u001b[31mred\u001b[0m'), '[31mred [0m');
    assert.equal(safeText('evil\u202egnp.exe'), 'evilgnp.exe');
    assert.equal(safeText('a\u0000b\u0085c\u2028d\u00ade'), 'a b c de');
    // A break the server put in itself is taken out before ours goes in: it cannot hide anything.
    const smuggled = safeText(`[x]\u200b(command:qbo.signOut)`);
    assert.doesNotMatch(smuggled, CONTROL);
    assert.equal(read(smuggled), '[x](command:qbo.signOut)');
  });

  it('cuts a long text and says where the rest is; the ellipsis counts, the pointer does not', () => {
    const long = `${'x'.repeat(1000)}`;
    const shown = safeText(long);
    assert.equal(shown, `${'x'.repeat(TEXT_LIMITS.notification - 1)}… (full text in the qbo output channel)`);
    assert.equal(safeText(long, { maxChars: 10, fullTextLogged: false }), `${'x'.repeat(9)}…`);
    assert.equal(safeText('short', { maxChars: 10 }), 'short');
    // Never half of a surrogate pair at the cut.
    const emoji = safeText(`${'a'.repeat(8)}😀😀`, { maxChars: 10, fullTextLogged: false });
    assert.equal(emoji, `${'a'.repeat(8)}…`);
  });

  it('gives the same answer twice (safe text is safe)', () => {
    for (const text of [MERGE_LINK, '$(x) a\nb', 'see command:qbo.signOut', 'ok'])
      assert.equal(safeText(safeText(text)), safeText(text), text);
  });

  it('never lets a link, an icon or a control character through, whatever the text (property)', () => {
    const pieces = fc.constantFrom(
      '[',
      ']',
      '(',
      ')',
      '](',
      '$(',
      '$',
      'command:',
      'file:',
      'https://',
      'alert',
      'x',
      ' ',
      '~spin',
      '\u200b',
      '\u202e',
      '\n',
      '\u0000',
      '\u0085',
      'é',
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), fc.integer({ min: 1, max: 500 }), (parts, maxChars) => {
        const shown = safeText(parts.join(''), { maxChars });
        assert.doesNotMatch(shown, LINK);
        assert.doesNotMatch(shown, CODICON);
        assert.doesNotMatch(shown, CONTROL);
        assert.doesNotMatch(shown, SCHEME);
        assert.ok(read(shown).length <= maxChars + ' (full text in the qbo output channel)'.length, shown);
      }),
      { numRuns: 2000 },
    );
  });

  it('makes quick pick items and names inside our own texts safe, leaving the rest of an item alone', () => {
    const item = safePickItem({ label: '$(bug) dev', description: MERGE_LINK, detail: 'a\nb', target: 42 });
    assert.doesNotMatch(item.label, CODICON);
    assert.doesNotMatch(item.description ?? '', LINK);
    assert.equal(item.detail, 'a b');
    assert.equal(item.target, 42);
    assert.ok(!('detail' in safePickItem({ label: 'x' })));
    assert.equal(safeName('x'.repeat(500)).length, TEXT_LIMITS.pickItem);
  });

  it("keeps a modal detail's own lines, one per entry: a line break inside an entry cannot add a line", () => {
    assert.equal(detailLines(['ConfigMap shop/a', 'Service shop/b']), 'ConfigMap shop/a\nService shop/b');
    const shown = detailLines(['ConfigMap shop/a', `x\nDelete is safe, ${MERGE_LINK}`, '$(alert) c']);
    const lines = shown.split('\n');
    assert.equal(lines.length, 3);
    assert.equal(read(lines[1] ?? ''), `x Delete is safe, ${MERGE_LINK}`.slice(0, TEXT_LIMITS.pickItem - 1) + '…');
    assert.doesNotMatch(shown, LINK);
    assert.doesNotMatch(shown, CODICON);
    // Past the detail's limit, the remaining lines are left out and the list says so.
    const many = detailLines(Array.from({ length: 100 }, (_, index) => `ConfigMap shop/cfg-${index}`.padEnd(40, 'x')));
    assert.ok(many.length <= TEXT_LIMITS.detail + 2, String(many.length));
    assert.ok(many.endsWith('\n…'));
    assert.ok(
      many
        .split('\n')
        .slice(0, -1)
        .every((line) => line.length === 40),
    );
  });
});
