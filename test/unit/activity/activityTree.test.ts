import * as assert from 'node:assert/strict';
import { ActivityLog } from '../../../src/activity/activityLog';
import { parseActivityFilter } from '../../../src/activity/activityFilter';
import { ActivityTreeModel, type ActivityElement } from '../../../src/activity/activityTree';
import type { ActivityEntry } from '../../../src/activity/entries';
import type { Client } from '../../../src/qbo/messages';
import { FakeClock } from '../../support/clock';

/** An entry before the log gives it an id and a time. */
type NewEntry = ActivityEntry extends infer E ? (E extends ActivityEntry ? Omit<E, 'id' | 'at'> : never) : never;

describe('activity tree model', () => {
  let clock: FakeClock;
  let log: ActivityLog;
  let profiles: string[];
  let others: Map<string, Client[]>;
  let model: ActivityTreeModel;
  let refreshes: number;

  const labels = (elements: ActivityElement[]): string[] => elements.map((element) => model.presentation(element)?.label ?? '?');
  const add = (profile: string, entry: NewEntry): void =>
    log.add(profile, { ...entry, at: clock.now(), id: log.nextId(clock.now()) } as ActivityEntry);

  beforeEach(() => {
    clock = new FakeClock();
    log = new ActivityLog();
    profiles = ['cloud'];
    others = new Map([['cloud', [{ wsi: '0x2', user: 'alex@qbo.io', agent: 'qbo-cli' }]]]);
    model = new ActivityTreeModel(
      log,
      {
        profiles: () => profiles,
        othersOf: (profile) => others.get(profile),
        otherClientCount: () => new Set([...others.values()].flat().map((client) => client.wsi)).size,
      },
      clock,
    );
    refreshes = 0;
    model.onDidChange(() => refreshes++);
    add('cloud', { kind: 'clients', change: 'connected', who: { user: 'alex@qbo.io' } });
    clock.advance(1000);
    add('cloud', { kind: 'pods', cluster: 'dev', added: 0, updated: 3, removed: 0 });
    clock.advance(1000);
    add('cloud', {
      kind: 'other-command',
      who: { user: 'alex@qbo.io' },
      line: 'qbo stop clusters prod',
      clusters: ['prod'],
      all: false,
      action: { verb: 'stop', on: 'clusters' },
    });
    add('cloud', {
      kind: 'other-command',
      who: { user: 'alex@qbo.io' },
      line: 'qbo stop clusters -A',
      clusters: [],
      all: true,
      action: { verb: 'stop', on: 'clusters' },
    });
  });
  afterEach(() => model.dispose());

  it('lists one profile’s entries at the root, newest first; the description says who else is connected', () => {
    assert.deepEqual(labels(model.children()), [
      'alex@qbo.io: qbo stop clusters -A',
      'alex@qbo.io: qbo stop clusters prod',
      'dev: 3 pods changed',
      'alex@qbo.io connected',
    ]);
    assert.equal(model.description(), '1 other client: alex@qbo.io (qbo-cli)');
    assert.equal(model.children()[0], model.children()[0], 'the same element each time (VS Code matches by identity)');
  });

  it('groups by profile when several are connected, each row with its own presence', () => {
    profiles = ['local', 'cloud'];
    others.set('local', []);
    add('local', { kind: 'pods', cluster: 'dev', added: 1, updated: 0, removed: 0 });
    const roots = model.children();
    assert.deepEqual(labels(roots), ['cloud', 'local']);
    assert.deepEqual(
      roots.map((root) => model.presentation(root)?.description),
      ['1 other client: alex@qbo.io (qbo-cli)', 'no other clients'],
    );
    assert.equal(model.presentation(roots[0] as ActivityElement)?.collapsible, 'expanded');
    assert.deepEqual(labels(model.children(roots[1])), ['dev: 1 pod changed']);
    assert.equal(model.parent(model.children(roots[1])[0] as ActivityElement), roots[1]);
    assert.equal(model.description(), '1 other client');
  });

  it('filters by kind and by cluster (a command on every cluster counts for each); says when it hides everything', () => {
    model.setFilter({ kinds: ['other-command'] });
    assert.deepEqual(labels(model.children()), ['alex@qbo.io: qbo stop clusters -A', 'alex@qbo.io: qbo stop clusters prod']);
    model.setFilter({ clusters: ['dev'] });
    assert.deepEqual(labels(model.children()), ['alex@qbo.io: qbo stop clusters -A', 'dev: 3 pods changed']);
    assert.equal(model.description(), '1 other client: alex@qbo.io (qbo-cli) · filtered: dev');
    model.setFilter({ kinds: ['state'], clusters: ['dev'] });
    assert.deepEqual(model.children(), []);
    assert.equal(model.message(), 'The filter hides every entry.');
    model.setFilter({});
    assert.equal(model.message(), undefined);
    assert.deepEqual(parseActivityFilter({ kinds: ['pods', 'nonsense', 'pods'], clusters: 'dev' }), {});
    assert.deepEqual(parseActivityFilter({ kinds: ['pods', 'nonsense', 'pods'], clusters: ['dev', 'dev'] }), {
      kinds: ['pods'],
      clusters: ['dev'],
    });
    assert.deepEqual(
      parseActivityFilter({ kinds: ['other-command', 'own-command', 'state', 'pods', 'clients'] }),
      {},
      'every kind is no filter',
    );
  });

  it('refreshes once per burst of entries, and says when a row’s time next reads differently', () => {
    refreshes = 0;
    for (let i = 0; i < 20; i++) add('cloud', { kind: 'pods', cluster: 'dev', added: i, updated: 0, removed: 0 });
    assert.equal(refreshes, 0, 'not at once');
    clock.advance(100);
    assert.equal(refreshes, 1);
    assert.equal(model.nextChange(), clock.now() - 100 + 10_000);
  });
});
