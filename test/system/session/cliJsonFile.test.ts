// Saving a service account as ~/.qbo/cli.json on a real file system: mode 0600, an existing file
// backed up first and never overwritten silently.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { existingCliJson, writeCliJsonWithBackup } from '../../../src/session/serviceAccount';

describe('writing cli.json', () => {
  let home: string;
  let file: string;
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'qbo-clijson-'));
    file = path.join(home, '.qbo', 'cli.json');
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  it('creates ~/.qbo and the file, readable only by the user', async () => {
    assert.deepEqual(await existingCliJson(file, 'x'), { kind: 'none' });
    assert.equal(await writeCliJsonWithBackup(file, '{"a":1}\n'), undefined);
    assert.equal(fs.readFileSync(file, 'utf8'), '{"a":1}\n');
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.equal(fs.statSync(path.dirname(file)).mode & 0o077, 0);
    assert.deepEqual(await existingCliJson(file, '{"a":1}\n'), { kind: 'same' });
    assert.deepEqual(await existingCliJson(file, '{"a":2}\n'), { kind: 'different' });
  });

  it('backs an existing file up before replacing it, and never reuses a backup name', async () => {
    const now = new Date(Date.UTC(2026, 10, 29, 13, 5, 1));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, 'old\n', { mode: 0o644 });
    const first = await writeCliJsonWithBackup(file, 'new\n', now);
    assert.ok(first);
    assert.equal(fs.readFileSync(first, 'utf8'), 'old\n');
    assert.equal(fs.statSync(first).mode & 0o777, 0o600, 'the backup holds a secret too');
    assert.equal(fs.readFileSync(file, 'utf8'), 'new\n');
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    const second = await writeCliJsonWithBackup(file, 'newer\n', now);
    assert.equal(second, `${first}-2`);
    assert.equal(fs.readFileSync(first, 'utf8'), 'old\n', 'the first backup is kept');
    assert.equal(fs.readFileSync(second, 'utf8'), 'new\n');
    assert.deepEqual(
      fs.readdirSync(path.dirname(file)).filter((name) => name.includes('.tmp-')),
      [],
      'no temporary file left behind',
    );
  });
});
