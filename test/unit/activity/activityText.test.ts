import * as assert from 'node:assert/strict';
import {
  clusterNote,
  entryPresentation,
  exactTime,
  nextRelativeChange,
  otherClients,
  otherCommandToast,
  presenceText,
  presenceTotal,
  relativeTime,
  stateLabel,
} from '../../../src/activity/activityText';
import type { StateEntry } from '../../../src/activity/entries';
import { displayText, toastText } from '../../../src/activity/safeText';

const NOW = Date.UTC(2026, 10, 29, 14, 5, 7);

function state(extra: Partial<StateEntry>): StateEntry {
  return { kind: 'state', id: 'e', at: NOW, cluster: 'dev', nodes: [], moreNodes: 0, ...extra };
}

describe('activity texts', () => {
  it('says when coarsely, in steps a row refreshes at, and exactly in UTC', () => {
    assert.equal(relativeTime(NOW - 3_000, NOW), 'just now');
    assert.equal(relativeTime(NOW + 60_000, NOW), 'just now', 'a clock ahead of ours');
    assert.equal(relativeTime(NOW - 27_000, NOW), '20 s ago');
    assert.equal(relativeTime(NOW - 5 * 60_000 - 1, NOW), '5 min ago');
    assert.equal(relativeTime(NOW - 3 * 3_600_000, NOW), '3 h ago');
    assert.equal(relativeTime(NOW - 3 * 86_400_000, NOW), '3 days ago');
    assert.equal(nextRelativeChange(NOW - 27_000, NOW), NOW + 3_000);
    assert.equal(nextRelativeChange(NOW - 90_000, NOW), NOW + 30_000);
    assert.equal(relativeTime(NOW - 27_000, nextRelativeChange(NOW - 27_000, NOW)), '30 s ago');
    assert.equal(exactTime(NOW), '2026-11-29 14:05:07 UTC');
  });

  it('labels a state change by its cluster, or by its nodes when only they changed', () => {
    assert.equal(stateLabel(state({ change: { from: 'running', via: ['stopping'], to: 'stopped' } })), 'dev: running → stopped');
    assert.equal(stateLabel(state({ change: { from: 'running', via: ['stopping'], to: 'running' } })), 'dev: running → stopping → running');
    assert.equal(stateLabel(state({ change: { from: null, via: ['starting'], to: 'running' } })), 'dev: added → running');
    assert.equal(stateLabel(state({ change: { from: 'stopped', via: [], to: null } })), 'dev: stopped → deleted');
    const node = { name: 'worker-1', key: 'n1', from: 'running', to: 'stopped' };
    assert.equal(stateLabel(state({ nodes: [node] })), 'dev: node worker-1 running → stopped');
    assert.equal(stateLabel(state({ nodes: [node, { ...node, name: 'worker-2', key: 'n2' }] })), 'dev: 2 nodes running → stopped');
    assert.equal(stateLabel(state({ nodes: [node, { ...node, key: 'n2', to: null }] })), 'dev: 2 nodes changed state');
  });

  it('describes each kind of row: who, where, the outcome, and when', () => {
    const other = entryPresentation(
      {
        kind: 'other-command',
        id: 'o',
        at: NOW - 20_000,
        who: { user: 'alex@qbo.io', address: '10.0.0.7', agent: 'qbo-cli' },
        line: 'qbo stop clusters dev',
        clusters: ['dev'],
        all: false,
        action: { verb: 'stop', on: 'clusters' },
      },
      NOW,
    );
    assert.equal(other.label, 'alex@qbo.io: qbo stop clusters dev');
    assert.equal(other.description, 'qbo-cli, 10.0.0.7 · 20 s ago');
    assert.match(other.tooltip, /2026\\-11\\-29 14:04:47 UTC/);
    const own = entryPresentation(
      {
        kind: 'own-command',
        id: 'm',
        at: NOW,
        line: 'qbo start clusters dev',
        clusters: ['dev'],
        all: false,
        changesState: true,
        outcome: 'done',
        startedAt: NOW,
        durationMs: 2140,
      },
      NOW,
    );
    assert.equal(own.label, 'You: qbo start clusters dev');
    assert.equal(own.description, 'done in 2.1 s · just now');
    const failed = entryPresentation(
      {
        kind: 'own-command',
        id: 'f',
        at: NOW,
        line: 'qbo stop clusters x',
        clusters: ['x'],
        all: false,
        changesState: true,
        outcome: 'failed',
        startedAt: NOW,
        error: 'Not Found (404)',
      },
      NOW,
    );
    assert.equal(failed.description, 'failed: Not Found (404) · just now');
    const stopped = entryPresentation(
      state({
        change: { from: 'running', via: [], to: 'stopped' },
        cause: { line: 'qbo stop clusters dev', actor: 'other', who: { user: 'alex@qbo.io' } },
      }),
      NOW,
    );
    assert.equal(stopped.description, 'by alex@qbo.io · just now');
    assert.deepEqual(stopped.icon, { id: 'server-environment', color: 'disabledForeground' });
    const pods = entryPresentation(
      {
        kind: 'pods',
        id: 'p',
        at: NOW,
        cluster: 'dev',
        added: 2,
        updated: 9,
        removed: 1,
        cause: { line: 'qbo stop clusters dev', actor: 'you' },
      },
      NOW,
    );
    assert.equal(pods.label, 'dev: 12 pods changed');
    assert.equal(pods.description, 'by you · just now');
  });

  it('keeps server text inert: no control characters in a row, Markdown escaped in a tooltip', () => {
    const hostile = entryPresentation(
      {
        kind: 'other-command',
        id: 'h',
        at: NOW,
        who: { user: 'eve\u202e@evil\n', agent: '[click](command:qbo.signOut)' },
        line: 'qbo stop clusters dev\u0007',
        clusters: [],
        all: false,
      },
      NOW,
    );
    assert.equal(hostile.label, 'eve@evil: qbo stop clusters dev');
    assert.doesNotMatch(hostile.tooltip, /\[click\]\(command:/);
    // Escaped for Markdown, and broken by the one neutraliser too (an invisible character after `]` and the scheme).
    assert.match(hostile.tooltip.replace(/\u200b/g, ''), /\\\[click\\\]\\\(command:qbo\\\.signOut\\\)/);
  });

  it('says how many other clients are connected and who, leaving this one out by its wsi', () => {
    const self = { wsi: '0x1', user: 'alex@qbo.io', agent: 'qbo-explorer (VS Code)' };
    const cli = { wsi: '0x2', user: 'alex@qbo.io', agent: 'qbo-cli' };
    const web = { wsi: '0x3', user: 'sam@qbo.io', agent: 'qbo-web' };
    const more = { wsi: '0x4', user: 'kim@qbo.io', agent: 'qbo-cli' };
    assert.deepEqual(otherClients([self, cli], '0x1'), [cli]);
    assert.deepEqual(otherClients([self, cli], undefined), [self, cli], 'before the server named our wsi, nobody is left out');
    assert.equal(presenceText(undefined), undefined);
    assert.equal(presenceText([]), 'no other clients');
    assert.equal(presenceText([cli]), '1 other client: alex@qbo.io (qbo-cli)');
    assert.equal(presenceText([cli, web]), '2 other clients: alex@qbo.io (qbo-cli), sam@qbo.io (qbo-web)');
    assert.equal(
      presenceText([cli, web, more, { ...more, wsi: '0x5' }]),
      '4 other clients: alex@qbo.io (qbo-cli), sam@qbo.io (qbo-web), +1',
    );
    assert.equal(presenceTotal(3), '3 other clients');
    assert.equal(presenceTotal(0), 'no other clients');
    assert.equal(presenceTotal(undefined), undefined);
  });

  it("says another client's recent action on a cluster row: short in the description, in full in the tooltip", () => {
    const note = clusterNote(
      {
        at: NOW - 20_000,
        who: { user: 'alex@qbo.io', agent: 'qbo-cli', address: '10.0.0.7' },
        verb: 'stop',
        on: 'clusters',
        all: false,
        line: 'qbo stop clusters dev',
      },
      NOW,
    );
    assert.equal(note.summary, 'alex@qbo.io stopped it 20 s ago');
    assert.equal(note.detail, 'alex@qbo.io (qbo-cli, 10.0.0.7) stopped it 20 s ago (qbo stop clusters dev, 2026-11-29 14:04:47 UTC)');
  });

  it('neutralises server text for a toast: links, icons and schemes broken, invisible and control characters gone', () => {
    assert.equal(displayText('a\u0000b\u200f  c\u2028d'), 'a b c d');
    assert.equal(displayText('x'.repeat(300), 10), `${'x'.repeat(9)}…`);
    const toast = toastText('[Sign out](command:qbo.signOut) $(alert) https://evil.example');
    assert.doesNotMatch(toast, /\]\(/);
    assert.doesNotMatch(toast, /\$\(/);
    assert.doesNotMatch(toast, /command:/);
    assert.doesNotMatch(toast, /https:/);
    assert.equal(toast.replace(/\u200b/g, ''), '[Sign out](command:qbo.signOut) $(alert) https://evil.example', 'reads the same');
    assert.equal(toastText('qbo stop clusters dev'), 'qbo stop clusters dev', 'ordinary text is unchanged');
  });

  it("words the opt-in toast for another client's state change, server text inert, and none for other commands", () => {
    const entry = {
      kind: 'other-command' as const,
      id: 't',
      at: NOW,
      who: { user: 'alex@qbo.io', agent: '$(zap) [x](command:qbo.signOut)', address: '10.0.0.7' },
      line: 'qbo stop clusters dev',
      clusters: ['dev'],
      all: false,
      action: { verb: 'stop' as const, on: 'clusters' as const },
    };
    const toast = otherCommandToast(entry, 'cloud', 1) ?? '';
    assert.equal(toast.replace(/\u200b/g, ''), 'qbo: alex@qbo.io ($(zap) [x](command:qbo.signOut), 10.0.0.7) ran qbo stop clusters dev');
    assert.doesNotMatch(toast, /\$\(|\]\(|command:/);
    assert.match(otherCommandToast(entry, 'cloud', 2) ?? '', /^qbo \(cloud\): alex@qbo\.io/);
    assert.equal(otherCommandToast({ ...entry, action: undefined, line: 'qbo get cluster dev -k' }, 'cloud', 1), undefined);
  });
});
