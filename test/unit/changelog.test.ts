import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

// CHANGELOG.md in Keep a Changelog form: [Unreleased] first, then one section per released
// version, newest first, each with its date, and the link definitions at the bottom that make
// the headings links (the Marketplace shows the file as its Changelog tab).
const root = path.join(__dirname, '..', '..', '..');
const changelog = fs.readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  version: string;
  repository: { url: string };
};

interface Release {
  version: string;
  date: string;
}

/** The `## ` headings: the first must be `[Unreleased]`, the others `[X.Y.Z] - YYYY-MM-DD`. */
function releases(markdown: string): Release[] {
  const headings = [...markdown.matchAll(/^## (.*)$/gm)].map((match) => match[1] as string);
  assert.equal(headings[0], '[Unreleased]', 'the first section is [Unreleased]');
  return headings.slice(1).map((heading) => {
    const match = /^\[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$/.exec(heading);
    assert.ok(match, `"## ${heading}" is not "## [X.Y.Z] - YYYY-MM-DD"`);
    return { version: match[1] as string, date: match[2] as string };
  });
}

/** `[label]: url` lines, by label. */
function linkDefinitions(markdown: string): Map<string, string> {
  const definitions = new Map<string, string>();
  for (const match of markdown.matchAll(/^\[([^\]]+)\]: (\S+)$/gm)) {
    assert.ok(!definitions.has(match[1] as string), `[${match[1]}] defined twice`);
    definitions.set(match[1] as string, match[2] as string);
  }
  return definitions;
}

const compareVersions = (a: string, b: string): number => {
  const [left, right] = [a, b].map((version) => version.split('.').map(Number));
  for (let i = 0; i < 3; i++) if (left?.[i] !== right?.[i]) return (left?.[i] ?? 0) - (right?.[i] ?? 0);
  return 0;
};

describe('CHANGELOG.md', () => {
  it('has a dated section per released version, newest first, and one for the version in package.json', () => {
    const released = releases(changelog);
    assert.ok(released.length > 0, 'no released version');
    for (let i = 1; i < released.length; i++) {
      const [newer, older] = [released[i - 1] as Release, released[i] as Release];
      assert.ok(compareVersions(newer.version, older.version) > 0, `${newer.version} is listed above ${older.version}`);
      assert.ok(newer.date >= older.date, `${newer.version} (${newer.date}) is dated before ${older.version} (${older.date})`);
    }
    assert.ok(
      released.some((release) => release.version === manifest.version),
      `package.json says ${manifest.version}: move [Unreleased] into a [${manifest.version}] section`,
    );
  });

  it('links every heading: Unreleased and each version to its comparison, the first release to its tag', () => {
    const released = releases(changelog);
    const repository = manifest.repository.url.replace(/\.git$/, '');
    const expected = new Map<string, string>();
    const latest = released[0] as Release;
    expected.set('Unreleased', `${repository}/compare/v${latest.version}...HEAD`);
    released.forEach((release, index) => {
      const previous = released[index + 1];
      expected.set(
        release.version,
        previous ? `${repository}/compare/v${previous.version}...v${release.version}` : `${repository}/releases/tag/v${release.version}`,
      );
    });
    assert.deepEqual(linkDefinitions(changelog), expected);
  });

  it('reads headings and link definitions the way the file writes them', () => {
    const sample = '# C\n\n## [Unreleased]\n\n## [0.10.0] - 2026-12-01\n\n## [0.9.1] - 2026-11-02\n\n[Unreleased]: https://x/compare\n';
    assert.deepEqual(releases(sample), [
      { version: '0.10.0', date: '2026-12-01' },
      { version: '0.9.1', date: '2026-11-02' },
    ]);
    assert.ok(compareVersions('0.10.0', '0.9.1') > 0, 'numeric, not text, order');
    assert.deepEqual([...linkDefinitions(sample)], [['Unreleased', 'https://x/compare']]);
    assert.throws(() => releases('## [0.1.0] - 2026-11-27\n'), /Unreleased/);
    assert.throws(() => releases('## [Unreleased]\n## 0.1.0\n'), /is not/);
  });
});
