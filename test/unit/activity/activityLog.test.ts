import * as assert from 'node:assert/strict';
import { ActivityLog, MAX_STORED_PROFILES, parseStoredActivity, RING_SIZE } from '../../../src/activity/activityLog';
import type { ActivityEntry, OwnCommandEntry } from '../../../src/activity/entries';

const T0 = Date.UTC(2026, 10, 29, 14, 0, 0);

function clientEntry(log: ActivityLog, at: number, user = 'alex@qbo.io'): ActivityEntry {
  return { kind: 'clients', id: log.nextId(at), at, change: 'connected', who: { user, agent: 'qbo-cli', address: '10.0.0.7' } };
}

function ownEntry(log: ActivityLog, at: number, outcome: OwnCommandEntry['outcome']): OwnCommandEntry {
  return {
    kind: 'own-command',
    id: log.nextId(at),
    at,
    line: 'qbo stop clusters dev',
    clusters: ['dev'],
    all: false,
    changesState: true,
    outcome,
    startedAt: at,
  };
}

describe('activity log: a bounded ring per profile, and its storage form', () => {
  it('keeps the newest 1,000 entries per profile, newest first, each profile on its own', () => {
    const log = new ActivityLog();
    for (let i = 0; i < RING_SIZE + 5; i++) log.add('cloud', clientEntry(log, T0 + i));
    log.add('local', clientEntry(log, T0));
    const ring = log.entries('cloud');
    assert.equal(ring.length, RING_SIZE);
    assert.equal(ring[0]?.at, T0 + RING_SIZE + 4, 'the newest first');
    assert.equal(ring[ring.length - 1]?.at, T0 + 5, 'the five oldest dropped');
    assert.equal(log.entries('local').length, 1);
    // A dropped entry cannot be found (or updated) any more.
    const oldest = clientEntry(log, T0 - 1);
    log.add('local', oldest);
    assert.ok(log.find('local', oldest.id));
  });

  it('moves an updated entry to the top and keeps a replaced one where it is; clears one profile', () => {
    const log = new ActivityLog();
    const first = ownEntry(log, T0, 'running');
    log.add('cloud', first);
    log.add('cloud', clientEntry(log, T0 + 1));
    assert.equal(log.replace('cloud', { ...first, outcome: 'done', durationMs: 1200 }), true);
    assert.deepEqual(
      log.entries('cloud').map((entry) => entry.kind),
      ['clients', 'own-command'],
      'an outcome does not move its command',
    );
    assert.equal(log.update('cloud', { ...first, at: T0 + 2 }), true);
    assert.equal(log.entries('cloud')[0]?.id, first.id, 'a grouped entry that changed again comes first');
    assert.equal(log.update('cloud', { ...first, id: 'gone' }), false);
    log.add('local', clientEntry(log, T0));
    log.clear('cloud');
    assert.deepEqual(log.entries('cloud'), []);
    assert.equal(log.find('cloud', first.id), undefined);
    assert.equal(log.entries('local').length, 1);
  });

  it('keeps entries in time order when one comes in late (a client recorded after a moment)', () => {
    const log = new ActivityLog();
    log.add('cloud', clientEntry(log, T0 + 10));
    log.add('cloud', clientEntry(log, T0 + 30));
    log.add('cloud', clientEntry(log, T0 + 20));
    assert.deepEqual(
      log.entries('cloud').map((entry) => entry.at),
      [T0 + 30, T0 + 20, T0 + 10],
    );
  });

  it('gives ids that stay unique after a reload (they start with the time)', () => {
    const a = new ActivityLog();
    const b = new ActivityLog();
    assert.notEqual(a.nextId(T0), b.nextId(T0 + 1));
    assert.notEqual(a.nextId(T0), a.nextId(T0));
  });

  it('round-trips through its storage form: the same entries, in the same order', () => {
    const log = new ActivityLog();
    log.add('cloud', ownEntry(log, T0, 'done'));
    log.add('cloud', {
      kind: 'state',
      id: log.nextId(T0 + 1),
      at: T0 + 1,
      cluster: 'dev',
      clusterKey: 'c-dev',
      change: { from: 'running', via: ['stopping'], to: 'stopped' },
      nodes: [{ name: 'worker-1', key: 'n1', from: 'running', to: 'stopped' }],
      moreNodes: 0,
      cause: { line: 'qbo stop clusters dev', actor: 'other', who: { user: 'alex@qbo.io' } },
    });
    log.add('cloud', { kind: 'pods', id: log.nextId(T0 + 2), at: T0 + 2, cluster: 'dev', added: 0, updated: 12, removed: 1 });
    log.add('local', {
      kind: 'other-command',
      id: log.nextId(T0 + 3),
      at: T0 + 3,
      who: { user: 'alex@qbo.io', address: '10.0.0.7', agent: 'qbo-cli' },
      line: 'qbo delete clusters -A',
      clusters: [],
      all: true,
      action: { verb: 'delete', on: 'clusters' },
    });
    const stored = parseStoredActivity(log.serialise());
    assert.deepEqual(stored.get('cloud')?.entries, log.entries('cloud'));
    assert.deepEqual(stored.get('local')?.entries, log.entries('local'));
    const reloaded = new ActivityLog();
    reloaded.restore(stored);
    assert.deepEqual(reloaded.entries('cloud'), log.entries('cloud'));
  });

  it('reads a command still running when the window closed as "outcome not known"', () => {
    const log = new ActivityLog();
    log.add('cloud', ownEntry(log, T0, 'running'));
    const [entry] = parseStoredActivity(log.serialise()).get('cloud')?.entries ?? [];
    assert.equal(entry?.kind === 'own-command' && entry.outcome, 'unknown');
  });

  it('drops what does not validate and keeps the rest; another version or not JSON reads as nothing', () => {
    const log = new ActivityLog();
    const good = clientEntry(log, T0);
    const text = JSON.stringify({
      version: 1,
      profiles: [
        {
          name: 'cloud',
          touched: T0,
          entries: [
            good,
            { ...good, id: 'x', kind: 'rm -rf' },
            { ...good, id: 'y', at: 'yesterday' },
            { ...good, id: 'z', who: { user: 'u'.repeat(10_000) } },
            good,
            'a string',
          ],
        },
        { name: '', entries: [good] },
        { name: 'no entries' },
      ],
    });
    const stored = parseStoredActivity(text);
    assert.deepEqual([...stored.keys()], ['cloud']);
    assert.deepEqual(stored.get('cloud')?.entries, [good], 'one valid entry, once');
    assert.equal(parseStoredActivity(text.replace('"version":1', '"version":2')).size, 0);
    assert.equal(parseStoredActivity('{not json').size, 0);
    assert.equal(parseStoredActivity('[]').size, 0);
  });

  it('stores at most 16 profiles, the most recently active ones, and puts stored entries behind new ones on restore', () => {
    const log = new ActivityLog();
    for (let i = 0; i < MAX_STORED_PROFILES + 2; i++) log.add(`p${i}`, clientEntry(log, T0 + i * 1000));
    const stored = parseStoredActivity(log.serialise());
    assert.equal(stored.size, MAX_STORED_PROFILES);
    assert.ok(!stored.has('p0') && !stored.has('p1'), 'the two least recently active are left out');

    const window = new ActivityLog();
    const recorded = clientEntry(window, T0 + 60_000, 'new@qbo.io');
    window.add('p17', recorded);
    window.restore(stored);
    assert.deepEqual(
      window.entries('p17').map((entry) => entry.id),
      [recorded.id, stored.get('p17')?.entries[0]?.id],
    );
  });
});
