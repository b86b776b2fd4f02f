import * as assert from 'node:assert/strict';
import { conflictMessage, conflictQuestion, findConflict } from '../../../src/activity/conflict';
import { checkNumber } from '../../../src/settingRanges';
import { RecentActions, type OtherAction } from '../../../src/activity/recentActions';

const NOW = Date.UTC(2026, 10, 29, 14, 5, 0);
const ALEX = { user: 'alex@qbo.io', agent: 'qbo-cli', address: '10.0.0.7' };

function started(at: number, extra: Partial<OtherAction> = {}): OtherAction {
  return { at, who: ALEX, verb: 'start', on: 'clusters', all: false, line: 'qbo start clusters dev', ...extra };
}

describe('conflict guard', () => {
  let recent: RecentActions;
  const lookup = (cluster: string, windowMs: number) => recent.lastOther('cloud', cluster, NOW, windowMs);

  beforeEach(() => {
    recent = new RecentActions();
  });

  it('says who started the cluster, from where and with what, and asks: the issue’s own example', () => {
    recent.recordOther('cloud', { clusters: ['dev'] }, started(NOW - 20_000));
    const conflict = findConflict(['dev'], lookup, 5);
    assert.ok(conflict);
    assert.equal(conflictMessage(conflict, 'stop', 1, NOW), 'alex@qbo.io (qbo-cli, 10.0.0.7) started dev 20 s ago. Stop it anyway?');
    assert.equal(conflictMessage(conflict, 'delete', 2, NOW), 'alex@qbo.io (qbo-cli, 10.0.0.7) started dev 20 s ago. Delete them anyway?');
  });

  it('holds within the window only, and 0 minutes turns it off', () => {
    recent.recordOther('cloud', { clusters: ['dev'] }, started(NOW - 5 * 60_000));
    assert.ok(findConflict(['dev'], lookup, 5), 'exactly 5 minutes ago is within 5 minutes');
    assert.equal(findConflict(['dev'], lookup, 4), undefined);
    assert.equal(findConflict(['dev'], lookup, 0), undefined);
    recent.recordOther('cloud', { clusters: ['dev'] }, started(NOW));
    assert.equal(findConflict(['dev'], lookup, 0), undefined, 'off even for an action this very moment');
    assert.ok(findConflict(['dev'], lookup, 5));
    assert.equal(findConflict(['prod'], lookup, 5), undefined, 'another cluster');
    assert.equal(findConflict([], lookup, 5), undefined);
  });

  it('does not hold once this client acted on the cluster after the other one', () => {
    recent.recordOther('cloud', { clusters: ['dev'] }, started(NOW - 60_000));
    recent.recordOwn('cloud', { clusters: ['dev'] }, NOW - 30_000);
    assert.equal(findConflict(['dev'], lookup, 5), undefined);
    // …but holds again when the other client acts after that.
    recent.recordOther('cloud', { clusters: ['dev'] }, started(NOW - 10_000, { verb: 'stop' }));
    assert.equal(findConflict(['dev'], lookup, 5)?.action.verb, 'stop');
    // An own -A covers every cluster.
    recent.recordOwn('cloud', { everything: true }, NOW - 1000);
    assert.equal(findConflict(['dev'], lookup, 5), undefined);
  });

  it('names the most recent action among the targets, and an action on every cluster covers each', () => {
    recent.recordOther('cloud', { clusters: ['dev'] }, started(NOW - 90_000));
    recent.recordOther('cloud', { clusters: ['prod'] }, started(NOW - 30_000, { verb: 'add', line: 'qbo add cluster prod' }));
    const conflict = findConflict(['dev', 'prod'], lookup, 5);
    assert.equal(conflict?.cluster, 'prod');
    assert.equal(
      conflictMessage(conflict as NonNullable<typeof conflict>, 'delete', 2, NOW),
      'alex@qbo.io (qbo-cli, 10.0.0.7) added prod 30 s ago. Delete them anyway?',
    );
    recent.recordOther('cloud', { everything: true }, started(NOW - 10_000, { verb: 'stop', all: true, line: 'qbo stop clusters -A' }));
    const all = findConflict(['dev'], lookup, 5);
    assert.equal(
      conflictMessage(all as NonNullable<typeof all>, 'stop', 1, NOW),
      'alex@qbo.io (qbo-cli, 10.0.0.7) stopped all clusters 10 s ago. Stop it anyway?',
    );
    assert.equal(recent.lastOther('local', 'dev', NOW, 60_000), undefined, 'per profile');
  });

  it('says what was done to nodes of the cluster, and who when the server named no one', () => {
    recent.recordOther('cloud', { clusters: ['dev'] }, started(NOW - 120_000, { verb: 'stop', on: 'nodes', who: { address: '10.0.0.9' } }));
    const conflict = findConflict(['dev'], lookup, 5);
    assert.equal(
      conflictMessage(conflict as NonNullable<typeof conflict>, 'stop', 1, NOW),
      'Another client (10.0.0.9) stopped nodes of dev 2 min ago. Stop it anyway?',
    );
    assert.equal(conflictQuestion('delete', 1), 'Delete it anyway?');
  });

  it('reads the setting as minutes between 0 and a day; anything else is 5, never "off" (as every numeric setting)', () => {
    const minutes = (value: unknown) => checkNumber('confirm.recentActivityMinutes', value).value;
    assert.equal(minutes(undefined), 5);
    assert.equal(minutes('10'), 5);
    assert.equal(minutes(Number.NaN), 5);
    assert.equal(minutes(-3), 5, 'a negative value does not turn the guard off');
    assert.equal(minutes(0), 0);
    assert.equal(minutes(2.5), 2.5);
    assert.equal(minutes(1e9), 5);
  });
});
