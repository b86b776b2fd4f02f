import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

// Code comments cite the protocol document by section ("docs/PROTOCOL.md §4"): each citation must
// name a section that exists, and every mention must point at the copy inside this repository.
const root = path.join(__dirname, '..', '..', '..');
const PROTOCOL = path.join('docs', 'PROTOCOL.md');
const SCANNED = ['src', 'test', 'bench', 'scripts', 'docs', 'README.md'];
const TEXT_FILE = /\.(ts|js|mjs|json|md)$/;
/** This file quotes wrong citations on purpose, to test the reader. */
const SELF = path.join('test', 'unit', 'docs.test.ts');

function textFiles(entry: string): string[] {
  const full = path.join(root, entry);
  if (!fs.statSync(full).isDirectory()) return TEXT_FILE.test(entry) && entry !== PROTOCOL && entry !== SELF ? [entry] : [];
  return fs
    .readdirSync(full)
    .filter((name) => name !== 'node_modules')
    .flatMap((name) => textFiles(path.join(entry, name)));
}

/** The section numbers of a document: its `## N. Title` headings, in order. */
function sectionNumbers(markdown: string): number[] {
  return [...markdown.matchAll(/^## (\d+)\. \S/gm)].map((match) => Number(match[1]));
}

/** Every mention of the protocol document in `text`: the path as written and the sections cited after it on the same line. */
function protocolCitations(text: string): { line: number; reference: string; sections: number[] }[] {
  const found: { line: number; reference: string; sections: number[] }[] = [];
  text.split('\n').forEach((line, index) => {
    for (const match of line.matchAll(/[\w./-]*PROTOCOL\.md/g)) {
      const rest = line.slice((match.index ?? 0) + match[0].length);
      const sections: number[] = [];
      // "§4", "§1–2" (a range), "§3–4, §8", "§4/§7".
      for (const cited of rest.matchAll(/§\s*(\d+)(?:\s*[–-]\s*(\d+))?/g)) {
        const first = Number(cited[1]);
        const last = cited[2] === undefined ? first : Number(cited[2]);
        for (let section = first; section <= last; section++) sections.push(section);
      }
      found.push({ line: index + 1, reference: match[0], sections });
    }
  });
  return found;
}

describe('docs/PROTOCOL.md', () => {
  const document = fs.readFileSync(path.join(root, PROTOCOL), 'utf8');

  it('keeps the section numbering code comments cite (§1 to §8, in order)', () => {
    assert.deepEqual(sectionNumbers(document), [1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('has every section that src, test, bench, scripts and docs cite, and is the only protocol document they point to', () => {
    const sections = new Set(sectionNumbers(document));
    let cited = 0;
    for (const file of SCANNED.flatMap(textFiles)) {
      for (const citation of protocolCitations(fs.readFileSync(path.join(root, file), 'utf8'))) {
        const where = `${file}:${citation.line}`;
        assert.match(citation.reference, /(^|\/)docs\/PROTOCOL\.md$/, `${where} points outside docs/ (${citation.reference})`);
        assert.ok(!citation.reference.includes('shared'), `${where} points outside the repository`);
        for (const section of citation.sections) assert.ok(sections.has(section), `${where} cites §${section}, which does not exist`);
        cited += citation.sections.length;
      }
    }
    assert.ok(cited >= 30, `only ${cited} section citations found: is the scan still reading the sources?`);
  });

  it('reads citations the way comments write them', () => {
    assert.deepEqual(
      protocolCitations(
        '// a (docs/PROTOCOL.md §1–2) b\n// c (docs/PROTOCOL.md §3-4, §8)\n// d docs/PROTOCOL.md §4/§7\n// e PROTOCOL.md',
      ).map((citation) => [citation.line, citation.reference, citation.sections]),
      [
        [1, 'docs/PROTOCOL.md', [1, 2]],
        [2, 'docs/PROTOCOL.md', [3, 4, 8]],
        [3, 'docs/PROTOCOL.md', [4, 7]],
        [4, 'PROTOCOL.md', []],
      ],
    );
  });
});
