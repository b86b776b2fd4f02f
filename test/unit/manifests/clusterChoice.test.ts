import * as assert from 'node:assert/strict';
import { choiceItems, orderedChoices, rememberedCluster, remembering, type ClusterChoice } from '../../../src/manifests/clusterChoice';

const choices: ClusterChoice[] = [
  { profile: 'work', key: 'c-prod', name: 'prod' },
  { profile: 'work', key: 'c-dev', name: 'dev' },
  { profile: 'home', key: 'h-dev', name: 'dev' },
  { profile: 'work', key: 'c-dev10', name: 'dev-10' },
  { profile: 'work', key: 'c-dev2', name: 'dev-2' },
];

describe('which cluster a manifest goes to', () => {
  it('offers the clusters by name (naturally), then by profile', () => {
    assert.deepEqual(
      orderedChoices(choices, undefined).map((choice) => `${choice.name}@${choice.profile}`),
      ['dev@home', 'dev@work', 'dev-2@work', 'dev-10@work', 'prod@work'],
    );
  });

  it('offers the one used last in this workspace first, by profile and key (not by name)', () => {
    const remembered = remembering({ profile: 'work', key: 'c-prod', name: 'prod' });
    assert.deepEqual(orderedChoices(choices, remembered)[0], choices[0]);
    assert.deepEqual(orderedChoices(choices, { profile: 'work', key: 'c-dev' })[0], choices[1]);
    // Gone (stopped, deleted, profile disconnected): the usual order.
    assert.deepEqual(orderedChoices(choices, { profile: 'work', key: 'c-gone' }), orderedChoices(choices, undefined));
  });

  it('names the profile only when several are connected, and marks the one used last', () => {
    const items = choiceItems(choices.slice(0, 3), { profile: 'home', key: 'h-dev' }, true);
    assert.deepEqual(
      items.map((item) => [item.label, item.description]),
      [
        ['dev', 'home · last used'],
        ['dev', 'work'],
        ['prod', 'work'],
      ],
    );
    assert.deepEqual(
      choiceItems(choices.slice(0, 2), undefined, false).map((item) => item.description),
      [undefined, undefined],
    );
  });

  it('shows a server name as text, not as an icon or a link', () => {
    const [item] = choiceItems([{ profile: 'p', key: 'k', name: '$(alert) [x](command:y)' }], undefined, false);
    assert.doesNotMatch(item?.label ?? '', /\$\(|\]\(|command:/);
  });

  it('reads back only a well-formed remembered cluster from workspaceState', () => {
    assert.deepEqual(rememberedCluster({ profile: 'work', key: 'c-dev' }), { profile: 'work', key: 'c-dev' });
    for (const bad of [undefined, null, 'dev', 3, [], {}, { profile: 'work' }, { profile: '', key: 'k' }, { profile: 'p', key: 7 }])
      assert.equal(rememberedCluster(bad), undefined, JSON.stringify(bad));
  });
});
