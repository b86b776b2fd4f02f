import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..', '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  contributes: { commands: { command: string }[]; configuration: { properties: Record<string, unknown> } };
};

describe('README', () => {
  it('documents every command and every setting', () => {
    for (const { command } of manifest.contributes.commands) assert.ok(readme.includes(`\`${command}\``), command);
    for (const key of Object.keys(manifest.contributes.configuration.properties)) assert.ok(readme.includes(`\`${key}\``), key);
  });

  it('names the set-up, start and test commands, and they exist', () => {
    for (const command of ['npm ci', 'npm start', 'npm test', 'npm run bench', 'npm run package'])
      assert.ok(readme.includes(command), command);
    for (const script of ['start', 'test', 'bench', 'package', 'emulator', 'build', 'watch', 'lint', 'test:unit'])
      assert.ok(manifest.scripts[script], script);
    assert.match(readme, /## Try it without a qbo account/);
  });

  it('shows only images that exist', () => {
    for (const match of readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)) assert.ok(fs.existsSync(path.join(root, match[1] as string)), match[1]);
  });
});
