import * as assert from 'node:assert/strict';
import { ForwardList, type NewForward } from '../../../src/forwards/forwardList';
import type { TreeElement } from '../../../src/explorer/treeElements';
import { TreeModel } from '../../../src/explorer/treeModel';
import { Inventory } from '../../../src/qbo/inventory';
import { interpretServerMessage } from '../../../src/qbo/messages';
import { TEST_PROFILE, treeProfile } from '../../support/treeModel';
import { MARKUP_BREAK } from '../../../src/ui/safeText';

function forward(localPort: number, serviceKey = 's-web-80', remotePort = 80): NewForward {
  return {
    profile: TEST_PROFILE,
    cluster: 'dev',
    serviceKey,
    service: 'web',
    namespace: 'shop',
    localPort,
    remotePort,
    url: `http://localhost:${localPort}/`,
  };
}

describe('port forwards in the tree', () => {
  let inventory: Inventory;
  let forwards: ForwardList;
  let model: TreeModel;
  let fired: (TreeElement[] | undefined)[];

  const service = (key: string): TreeElement => {
    const element = model.entityElement(TEST_PROFILE, 'service', key);
    assert.ok(element);
    return element;
  };

  beforeEach(() => {
    inventory = new Inventory({ coalesceMs: 1 });
    forwards = new ForwardList();
    model = new TreeModel({ kind: 'ready' }, { forwards });
    model.setProfiles([treeProfile(TEST_PROFILE, inventory)]);
    const message = interpretServerMessage({
      clusters: [{ id: 'c-dev', name: 'dev', state: 'running' }],
      services: [
        { id: 's-web-80', name: 'web', cluster: 'dev', namespace: 'shop', port_number: 80 },
        { id: 's-web-443', name: 'web', cluster: 'dev', namespace: 'shop', port_number: 443 },
      ],
    });
    assert.ok(message.ok);
    inventory.apply(message.message);
    inventory.flush();
    fired = [];
    model.onDidChange((elements) => fired.push(elements));
  });
  afterEach(() => {
    model.dispose();
    forwards.dispose();
    inventory.dispose();
  });

  it('a service row has no children and does not expand while nothing forwards to it', () => {
    assert.deepEqual(model.children(service('s-web-80')), []);
    assert.equal(model.presentation(service('s-web-80'))?.collapsible, 'none');
  });

  it('shows each running forward under the row of its service port, expanded, as localhost:LOCAL → PORT with its actions', () => {
    forwards.add(forward(8080));
    forwards.add(forward(8443, 's-web-443', 443));
    const web80 = service('s-web-80');
    assert.equal(model.presentation(web80)?.collapsible, 'expanded');
    const [row] = model.children(web80);
    assert.ok(row);
    assert.deepEqual(model.presentation(row), {
      label: 'localhost:8080 → 80',
      description: 'starting…',
      tooltip: model.presentation(row)?.tooltip,
      icon: { id: 'loading~spin' },
      contextValue: 'qbo.forward.starting',
      collapsible: 'none',
    });
    forwards.setRunning(8080);
    assert.equal(model.presentation(row)?.contextValue, 'qbo.forward.running');
    assert.equal(model.presentation(row)?.description, undefined);
    // Tooltip values pass safeText (an invisible break after `http`): the URL reads the same.
    assert.match((model.presentation(row)?.tooltip ?? '').split(MARKUP_BREAK).join(''), /http:\/\/localhost:8080\//);
    assert.equal(model.parent(row), web80);
    assert.deepEqual(
      model.children(service('s-web-443')).map((element) => model.presentation(element)?.label),
      ['localhost:8443 → 443'],
    );
  });

  it('keeps a stable id and the same element object for a forward row', () => {
    forwards.add(forward(8080));
    const [first] = model.children(service('s-web-80'));
    forwards.setRunning(8080);
    const [again] = model.children(service('s-web-80'));
    assert.equal(first, again);
    assert.equal(first?.id, `${service('s-web-80').id}/forward:8080`);
    assert.equal(model.forwardElement(TEST_PROFILE, 's-web-80', 8080), first);
  });

  it('refreshes the service row (not the tree) when a forward starts, changes or ends; the ended row is gone', () => {
    const web80 = service('s-web-80');
    forwards.add(forward(8080));
    const [row] = model.children(web80);
    forwards.setRunning(8080);
    forwards.remove(8080);
    assert.deepEqual(fired, [[web80], [web80], [web80]]);
    assert.ok(row);
    assert.equal(model.presentation(row), undefined);
    assert.deepEqual(model.children(web80), []);
    assert.equal(model.presentation(web80)?.collapsible, 'none');
  });

  it('ignores the forwards of another profile', () => {
    forwards.add({ ...forward(8080), profile: 'someone else' });
    assert.deepEqual(model.children(service('s-web-80')), []);
    assert.deepEqual(fired, []);
  });
});
