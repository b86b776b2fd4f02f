import * as assert from 'node:assert/strict';
import * as l10n from '@vscode/l10n';
import {
  filterShown,
  filterSummary,
  isFiltering,
  NO_FILTER,
  nodePasses,
  parseFilter,
  podPasses,
  servicePasses,
  withFilterDescription,
  withFilterMessage,
  type TreeFilter,
} from '../../../src/explorer/filter';
import type { TreeModel } from '../../../src/explorer/treeModel';
import { singleProfileModel } from '../../support/treeModel';
import type { TreeElement } from '../../../src/explorer/treeElements';
import { Inventory } from '../../../src/qbo/inventory';
import { interpretServerMessage, type ServerMessage } from '../../../src/qbo/messages';

function message(body: Record<string, unknown>): ServerMessage {
  const result = interpretServerMessage(body);
  if (!result.ok) throw new Error(result.error.detail);
  return result.message;
}

const hideSystem: TreeFilter = { hideSystem: true, runningOnly: false };

describe('tree filter (pure)', () => {
  it('hides kube-system pods and services only when asked', () => {
    const proxy = { name: 'kube-proxy-x', namespace: 'kube-system', status: 'Running' };
    const web = { name: 'web-1', namespace: 'default', status: 'Running' };
    assert.equal(podPasses(NO_FILTER, proxy), true);
    assert.equal(podPasses(hideSystem, proxy), false);
    assert.equal(podPasses(hideSystem, web), true);
    assert.equal(servicePasses(hideSystem, { name: 'kube-dns', namespace: 'kube-system' }), false);
    assert.equal(servicePasses(hideSystem, { name: 'kubernetes', namespace: 'default' }), true);
  });

  it('running only keeps running pods and nodes', () => {
    const running: TreeFilter = { hideSystem: false, runningOnly: true };
    assert.equal(podPasses(running, { name: 'a', status: 'Running' }), true);
    assert.equal(podPasses(running, { name: 'b', status: 'Pending' }), false);
    assert.equal(podPasses(running, { name: 'c', status: 'CrashLoopBackOff' }), false);
    assert.equal(nodePasses(running, { name: 'n', state: 'running' }), true);
    assert.equal(nodePasses(running, { name: 'n', state: 'exited' }), false);
    assert.equal(nodePasses(hideSystem, { name: 'n', state: 'exited' }), true);
    // Services have no state of their own: running only leaves them alone.
    assert.equal(servicePasses(running, { name: 's' }), true);
  });

  it('filters by exact namespace and by case-insensitive name substring', () => {
    const byNamespace: TreeFilter = { hideSystem: false, runningOnly: false, namespace: 'shop' };
    assert.equal(podPasses(byNamespace, { name: 'cart', namespace: 'shop' }), true);
    assert.equal(podPasses(byNamespace, { name: 'cart', namespace: 'shopping' }), false);
    assert.equal(podPasses(byNamespace, { name: 'cart' }), false);
    const byName: TreeFilter = { hideSystem: false, runningOnly: false, nameContains: 'Proxy' };
    assert.equal(podPasses(byName, { name: 'kube-proxy-abc' }), true);
    assert.equal(podPasses(byName, { name: 'coredns-1' }), false);
    assert.equal(podPasses(byName, {}), false);
    assert.equal(servicePasses(byName, { name: 'my-proxy' }), true);
  });

  it('reads stored filters defensively: malformed input is no filter, texts are trimmed', () => {
    assert.deepEqual(parseFilter(undefined), NO_FILTER);
    assert.deepEqual(parseFilter('hide'), NO_FILTER);
    assert.deepEqual(parseFilter({ hideSystem: 'yes' }), NO_FILTER);
    assert.deepEqual(parseFilter({ hideSystem: true }), hideSystem);
    assert.deepEqual(parseFilter({ runningOnly: true, namespace: '  shop ', nameContains: '   ' }), {
      hideSystem: false,
      runningOnly: true,
      namespace: 'shop',
    });
    assert.equal(parseFilter({ nameContains: 'x'.repeat(1000) }).nameContains?.length, 253);
    assert.equal(isFiltering(parseFilter({ nameContains: '' })), false);
  });

  it('says what is filtered, in the view description after the profile', () => {
    assert.equal(filterSummary(NO_FILTER), undefined);
    assert.equal(filterSummary(hideSystem), 'filtered: no kube-system');
    assert.equal(
      filterSummary({ hideSystem: true, runningOnly: true, namespace: 'shop', nameContains: 'web' }),
      'filtered: no kube-system, running only, namespace shop, name contains "web"',
    );
    assert.equal(withFilterDescription('alex', NO_FILTER), 'alex');
    assert.equal(withFilterDescription('alex', hideSystem), 'alex · filtered: no kube-system');
    assert.equal(withFilterDescription(undefined, hideSystem), 'filtered: no kube-system');
    assert.equal(withFilterDescription(undefined, NO_FILTER), undefined);
    assert.equal(withFilterMessage(undefined, NO_FILTER), undefined);
    // Signed out, nothing is said about the filter: a message would hide the welcome view.
    assert.equal(withFilterMessage(undefined, filterShown(false, hideSystem)), undefined);
    assert.deepEqual(filterShown(true, hideSystem), hideSystem);
    assert.equal(withFilterMessage('Connection lost.', NO_FILTER), 'Connection lost.');
    assert.equal(
      withFilterMessage('Connection lost.', hideSystem),
      'Connection lost. Filtered: no kube-system. Clear Filter in the view title shows everything.',
    );
    l10n.config({ contents: { 'filtered: {0}': 'gefiltert: {0}', 'no {0}': 'ohne {0}' } });
    try {
      assert.equal(filterSummary(hideSystem), 'gefiltert: ohne kube-system');
    } finally {
      l10n.config({ contents: {} });
    }
  });
});

describe('tree model with a filter', () => {
  let inventory: Inventory;
  let model: TreeModel;
  let fired: (TreeElement[] | undefined)[];

  const label = (element: TreeElement): string => model.presentation(element)?.label ?? '?';
  const dev = (): TreeElement => model.children().find((element) => label(element) === 'dev') as TreeElement;
  const folder = (name: string): TreeElement => model.children(dev()).find((element) => label(element) === name) as TreeElement;
  const node = (name: string): TreeElement => model.children(folder('Nodes')).find((element) => label(element) === name) as TreeElement;

  beforeEach(() => {
    inventory = new Inventory({ coalesceMs: 1 });
    model = singleProfileModel(inventory);
    inventory.apply(
      message({
        clusters: [{ id: 'c-dev', name: 'dev', state: 'running' }],
        nodes: [
          { id: 'n1', name: 'control-1', cluster: 'dev', state: 'running' },
          { id: 'n2', name: 'worker-2', cluster: 'dev', state: 'exited' },
        ],
        pods: [
          { id: 'p1', name: 'kube-proxy-a', namespace: 'kube-system', node: 'control-1', cluster: 'dev', status: 'Running' },
          { id: 'p2', name: 'coredns-b', namespace: 'kube-system', node: 'control-1', cluster: 'dev', status: 'Running' },
          { id: 'p3', name: 'web-1', namespace: 'shop', node: 'control-1', cluster: 'dev', status: 'Pending' },
        ],
        services: [
          { id: 's1', name: 'kubernetes', namespace: 'default', cluster: 'dev', type: 'ClusterIP' },
          { id: 's2', name: 'kube-dns', namespace: 'kube-system', cluster: 'dev', type: 'ClusterIP' },
        ],
      }),
    );
    inventory.flush();
    fired = [];
    model.onDidChange((elements) => fired.push(elements));
  });
  afterEach(() => {
    model.dispose();
    inventory.dispose();
  });

  it('hides kube-system pods and services, and the counts follow', () => {
    assert.equal(model.presentation(folder('Services'))?.description, '2');
    model.setFilter(hideSystem);
    assert.deepEqual(fired, [undefined], 'a filter change refreshes the whole tree once');
    assert.deepEqual(model.children(node('control-1')).map(label), ['web-1']);
    assert.deepEqual(model.children(folder('Services')).map(label), ['kubernetes']);
    assert.equal(model.presentation(folder('Services'))?.description, '1');
    assert.match(model.presentation(node('control-1'))?.tooltip ?? '', /\| Pods \| 1 \|/);
    model.setFilter(NO_FILTER);
    assert.deepEqual(model.children(node('control-1')).map(label), ['coredns-b', 'kube-proxy-a', 'web-1']);
    assert.equal(model.presentation(folder('Services'))?.description, '2');
  });

  it('running only hides stopped nodes and pods that do not run, and the Nodes count follows', () => {
    model.setFilter({ hideSystem: false, runningOnly: true });
    assert.deepEqual(model.children(folder('Nodes')).map(label), ['control-1']);
    assert.equal(model.presentation(folder('Nodes'))?.description, '1');
    assert.deepEqual(model.children(node('control-1')).map(label), ['coredns-b', 'kube-proxy-a']);
    assert.deepEqual(model.children().map(label), ['dev'], 'clusters always show');
  });

  it('a node whose pods are all hidden is no longer expandable', () => {
    model.setFilter({ hideSystem: false, runningOnly: false, nameContains: 'nothing-matches' });
    assert.equal(model.presentation(node('control-1'))?.collapsible, 'none');
    assert.equal(model.presentation(folder('Services'))?.description, '0');
  });

  it('fires nothing when the same filter is set again, and reports filter changes', () => {
    const seen: TreeFilter[] = [];
    model.onDidChangeFilter((filter) => seen.push(filter));
    model.setFilter({ hideSystem: true, runningOnly: false, namespace: '  ' });
    model.setFilter(hideSystem);
    assert.deepEqual(seen, [hideSystem]);
    assert.deepEqual(fired, [undefined]);
    assert.deepEqual(model.filter, hideSystem);
  });

  it('refreshes the parent when an update moves a pod in or out of the filter', () => {
    const control = node('control-1');
    model.children(control);
    model.setFilter({ hideSystem: false, runningOnly: true });
    fired = [];
    inventory.apply(
      message({ pods: [{ id: 'p3', name: 'web-1', namespace: 'shop', node: 'control-1', cluster: 'dev', status: 'Running' }] }),
    );
    inventory.flush();
    assert.ok(
      fired.some((elements) => elements?.includes(control)),
      'the node row (its pod list) is refreshed',
    );
    assert.deepEqual(model.children(control).map(label), ['coredns-b', 'kube-proxy-a', 'web-1']);
  });

  it('without a filter, an update refreshes only the row itself', () => {
    const control = node('control-1');
    const pods = model.children(control);
    fired = [];
    inventory.apply(
      message({ pods: [{ id: 'p3', name: 'web-1', namespace: 'shop', node: 'control-1', cluster: 'dev', status: 'Running' }] }),
    );
    inventory.flush();
    const web = pods.find((element) => label(element) === 'web-1');
    assert.deepEqual(fired, [[web]]);
  });
});
