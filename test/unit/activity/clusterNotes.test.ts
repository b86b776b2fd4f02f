import * as assert from 'node:assert/strict';
import { NOTE_WINDOW_MS, RecentActivityNotes } from '../../../src/activity/clusterNotes';
import { RecentActions } from '../../../src/activity/recentActions';
import { FakeClock } from '../../support/clock';

describe("the Clusters view's note on another client's recent action", () => {
  it('appears, reads on in steps, and expires after 5 minutes, saying so each time it changes', () => {
    const clock = new FakeClock();
    const recent = new RecentActions();
    const notes = new RecentActivityNotes(recent, clock);
    const changes: string[] = [];
    notes.onDidChange(({ profile, clusters }) => changes.push(`${profile}:${clusters === 'all' ? '*' : clusters.join(',')}`));
    recent.recordOther(
      'cloud',
      { clusters: ['dev'] },
      { at: clock.now(), who: { user: 'alex@qbo.io' }, verb: 'stop', on: 'clusters', all: false, line: 'qbo stop clusters dev' },
    );
    assert.deepEqual(changes, ['cloud:dev']);
    assert.equal(notes.noteFor('cloud', 'dev')?.summary, 'alex@qbo.io stopped it just now');
    assert.equal(notes.noteFor('cloud', 'prod'), undefined);
    assert.equal(notes.noteFor('local', 'dev'), undefined);
    clock.advance(10_000);
    assert.equal(changes.length, 2, 'a refresh when "just now" becomes "10 s ago"');
    assert.equal(notes.noteFor('cloud', 'dev')?.summary, 'alex@qbo.io stopped it 10 s ago');
    clock.advance(NOTE_WINDOW_MS - 10_000);
    assert.equal(notes.noteFor('cloud', 'dev')?.summary, 'alex@qbo.io stopped it 5 min ago');
    const before = changes.length;
    assert.ok(before <= 12, `about ten refreshes in five minutes (${before})`);
    clock.advance(1);
    assert.equal(notes.noteFor('cloud', 'dev'), undefined, 'gone after 5 minutes');
    assert.equal(changes.length, before + 1, 'and its row refreshed then');
    assert.equal(clock.pending, 0, 'no timer left once no note shows');
    notes.dispose();
  });

  it('goes at once when this client acts on the cluster', () => {
    const clock = new FakeClock();
    const recent = new RecentActions();
    const notes = new RecentActivityNotes(recent, clock);
    recent.recordOther(
      'cloud',
      { clusters: ['dev'] },
      { at: clock.now(), who: { user: 'alex@qbo.io' }, verb: 'start', on: 'clusters', all: false, line: 'qbo start clusters dev' },
    );
    let refreshed = false;
    notes.onDidChange(() => (refreshed = true));
    clock.advance(1000);
    recent.recordOwn('cloud', { everything: true }, clock.now());
    assert.ok(refreshed);
    assert.equal(notes.noteFor('cloud', 'dev'), undefined);
    notes.dispose();
  });
});
