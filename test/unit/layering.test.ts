import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..', '..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sources(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('layering', () => {
  for (const layer of ['src/qbo', 'src/emulator']) {
    it(`${layer} never imports vscode (it runs in plain Node)`, () => {
      const files = sources(path.join(root, layer));
      assert.ok(files.length > 0, `no sources found in ${layer}`);
      for (const file of files) {
        const text = fs.readFileSync(file, 'utf8');
        assert.doesNotMatch(
          text,
          /(from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|import\(\s*['"]vscode['"]\s*\))/,
          path.relative(root, file),
        );
      }
    });
  }

  it('src/activity imports vscode only in its view and provider (the rest runs in plain Node)', () => {
    const adapters = new Set(['activityView.ts', 'activityTreeProvider.ts']);
    const files = sources(path.join(root, 'src/activity'));
    assert.ok(files.length > adapters.size);
    for (const file of files) {
      const importsVscode = /(from\s+['"]vscode['"]|require\(\s*['"]vscode['"]\s*\)|from\s+['"]\.\.\/settings['"])/.test(
        fs.readFileSync(file, 'utf8'),
      );
      assert.equal(importsVscode, adapters.has(path.basename(file)), path.relative(root, file));
    }
  });

  it('src/qbo does not depend on the explorer, the commands or the emulator', () => {
    for (const file of sources(path.join(root, 'src/qbo'))) {
      assert.doesNotMatch(fs.readFileSync(file, 'utf8'), /from\s+['"]\.\.\/(explorer|commands|emulator)/, path.relative(root, file));
    }
  });
});
