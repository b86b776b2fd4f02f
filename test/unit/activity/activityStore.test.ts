import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ActivityLog } from '../../../src/activity/activityLog';
import { ActivityStore } from '../../../src/activity/activityStore';
import { RecentActions } from '../../../src/activity/recentActions';
import { FakeClock } from '../../support/clock';

describe('activity storage: activity.json in the global storage folder', () => {
  let folder: string;
  beforeEach(() => (folder = fs.mkdtempSync(path.join(os.tmpdir(), 'qbo-activity-store-'))));
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('writes after the last change (mode 0600) and reads back the same entries, rebuilding who last acted on each cluster', async () => {
    const clock = new FakeClock();
    const log = new ActivityLog();
    const store = new ActivityStore(folder, log, new RecentActions(), clock);
    await store.load();
    log.add('cloud', {
      kind: 'other-command',
      id: log.nextId(clock.now()),
      at: clock.now(),
      who: { user: 'alex@qbo.io', agent: 'qbo-cli' },
      line: 'qbo stop clusters dev',
      clusters: ['dev'],
      all: false,
      action: { verb: 'stop', on: 'clusters' },
    });
    assert.equal(fs.existsSync(store.file), false, 'not at once');
    await store.flush();
    assert.equal(fs.statSync(store.file).mode & 0o777, 0o600);
    assert.deepEqual(fs.readdirSync(folder), ['activity.json'], 'no temporary file left');

    const reloaded = new ActivityLog();
    const recent = new RecentActions();
    await new ActivityStore(folder, reloaded, recent, clock).load();
    assert.deepEqual(reloaded.entries('cloud'), log.entries('cloud'));
    assert.equal(recent.lastOther('cloud', 'dev', clock.now(), 60_000)?.verb, 'stop', 'the guard survives a reload');
    store.dispose();
  });

  it('starts empty from a damaged file and replaces it; what was recorded before loading is kept in front', async () => {
    fs.writeFileSync(path.join(folder, 'activity.json'), '{"version": 1, "profiles": [{"name": "cloud", "entries": [{"kind": "x"}]}]');
    const clock = new FakeClock();
    const log = new ActivityLog();
    const store = new ActivityStore(folder, log, new RecentActions(), clock);
    log.add('cloud', { kind: 'clients', id: log.nextId(clock.now()), at: clock.now(), change: 'connected', who: {} });
    await store.load();
    assert.equal(log.entries('cloud').length, 1);
    clock.advance(1000);
    await store.flush();
    assert.match(fs.readFileSync(store.file, 'utf8'), /"kind":"clients"/);
    store.dispose();
  });

  it('writes synchronously when disposed (the extension host is stopping)', async () => {
    const log = new ActivityLog();
    const store = new ActivityStore(folder, log, new RecentActions(), new FakeClock());
    await store.load();
    log.add('cloud', { kind: 'clients', id: log.nextId(1), at: 1, change: 'disconnected', who: { user: 'a@b.c' } });
    store.dispose();
    assert.match(fs.readFileSync(path.join(folder, 'activity.json'), 'utf8'), /"disconnected"/);
  });
});
