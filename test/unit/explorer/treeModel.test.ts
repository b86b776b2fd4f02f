import * as assert from 'node:assert/strict';
import { TreeModel } from '../../../src/explorer/treeModel';
import { Emitter } from '../../../src/qbo/events';
import { singleProfileModel, TEST_PROFILE, treeProfile } from '../../support/treeModel';
import type { TreeElement } from '../../../src/explorer/treeElements';
import { Inventory } from '../../../src/qbo/inventory';
import { interpretServerMessage, type ServerMessage } from '../../../src/qbo/messages';

function message(body: Record<string, unknown>): ServerMessage {
  const result = interpretServerMessage(body);
  if (!result.ok) throw new Error(result.error.detail);
  return result.message;
}

function labels(model: TreeModel, elements: TreeElement[]): string[] {
  return elements.map((element) => model.presentation(element)?.label ?? '?');
}

describe('tree model', () => {
  let inventory: Inventory;
  let model: TreeModel;
  let fired: (TreeElement[] | undefined)[];

  beforeEach(() => {
    inventory = new Inventory({ coalesceMs: 1 });
    model = singleProfileModel(inventory);
    fired = [];
    model.onDidChange((elements) => fired.push(elements));
    inventory.apply(
      message({
        clusters: [
          { id: 'c-prod', name: 'prod', state: 'stopped' },
          { id: 'c-dev', name: 'dev', state: 'running' },
        ],
        networks: [{ id: 'net-dev', name: 'dev', subnet: '172.18.0.0/24', state: 'ready' }],
        nodes: [
          { id: 'n10', name: 'node-10', cluster: 'dev', state: 'running' },
          { id: 'n2', name: 'node-2', cluster: 'dev', state: 'running' },
        ],
        pods: [
          { id: 'p1', name: 'kube-proxy-b', node: 'node-2', cluster: 'dev', status: 'Running' },
          { id: 'p2', name: 'kube-proxy-a', node: 'node-2', cluster: 'dev', status: 'Running' },
        ],
        services: [{ id: 's1', name: 'kubernetes', cluster: 'dev', type: 'ClusterIP' }],
        ipvs: [{ id: 'i1', vip: '172.18.0.100', vip_port: '443', rip: '172.18.0.3', rip_port: '6443', cluster: 'dev' }],
      }),
    );
    inventory.flush();
    fired = [];
  });
  afterEach(() => {
    model.dispose();
    inventory.dispose();
  });

  it('builds Clusters → folders → Nodes → Pods, sorted naturally', () => {
    const roots = model.children();
    assert.deepEqual(labels(model, roots), ['dev', 'prod']);
    const dev = roots[0] as TreeElement;
    const folders = model.children(dev);
    assert.deepEqual(labels(model, folders), ['Nodes', 'Services', 'Networks', 'Load Balancers']);
    const nodes = model.children(folders[0]);
    assert.deepEqual(labels(model, nodes), ['node-2', 'node-10']);
    assert.deepEqual(labels(model, model.children(nodes[0])), ['kube-proxy-a', 'kube-proxy-b']);
    assert.deepEqual(labels(model, model.children(folders[1])), ['kubernetes']);
    assert.deepEqual(labels(model, model.children(folders[2])), ['dev']);
    assert.deepEqual(labels(model, model.children(folders[3])), ['172.18.0.100:443 → 172.18.0.3:6443']);
  });

  it('gives every element a stable id and keeps the same object across updates', () => {
    const dev = model.children()[0] as TreeElement;
    const node = model.children(model.children(dev)[0])[0] as TreeElement;
    inventory.apply(message({ nodes: [{ id: 'n2', name: 'node-2', cluster: 'dev', state: 'stopping' }] }));
    inventory.flush();
    const again = model.children(model.children(model.children()[0])[0])[0];
    assert.equal(again, node);
    assert.equal(node.id, 'qbo:test%20profile:node:n2');
    const ids = new Set<string>();
    const walk = (elements: TreeElement[]): void => {
      for (const element of elements) {
        assert.ok(!ids.has(element.id), `duplicate id ${element.id}`);
        ids.add(element.id);
        walk(model.children(element));
      }
    };
    walk(model.children());
    assert.ok(ids.size >= 12);
  });

  it('refreshes only the changed row for an update', () => {
    const dev = model.children()[0] as TreeElement;
    const nodesFolder = model.children(dev)[0] as TreeElement;
    const node2 = model.children(nodesFolder)[0] as TreeElement;
    const pods = model.children(node2);
    inventory.apply(
      message({ command: 'CMD_WATCH', pods: [{ id: 'p1', name: 'kube-proxy-b', node: 'node-2', cluster: 'dev', status: 'Terminating' }] }),
    );
    inventory.flush();
    assert.deepEqual(fired, [[pods[1]]]);
  });

  it('refreshes the parent when a child comes or goes, the root when a cluster does', () => {
    const dev = model.children()[0] as TreeElement;
    const nodesFolder = model.children(dev)[0] as TreeElement;
    const node2 = model.children(nodesFolder)[0] as TreeElement;
    model.children(node2);
    inventory.apply(message({ command: 'CMD_WATCH', nodes: [{ id: 'n3', name: 'node-3', cluster: 'dev', state: 'starting' }] }));
    inventory.flush();
    assert.deepEqual(fired.pop(), [nodesFolder]);
    inventory.apply(message({ command: 'CMD_WATCH', pods: [{ id: 'p1', state: 'deleted', node: 'node-2', cluster: 'dev' }] }));
    inventory.flush();
    assert.deepEqual(fired.pop(), [node2]);
    assert.equal(fired.length, 0);
    inventory.apply(message({ command: 'CMD_WATCH', clusters: [{ id: 'c-new', name: 'new', state: 'starting' }] }));
    inventory.flush();
    // Exactly one event, for the root (undefined): an empty list would also pop undefined.
    assert.deepEqual(fired, [undefined]);
  });

  it('in one batch of pods of several clusters and nodes, refreshes the node row of each', () => {
    inventory.apply(
      message({
        clusters: [{ id: 'c-prod', name: 'prod', state: 'running' }],
        nodes: [{ id: 'n-p1', name: 'prod-1', cluster: 'prod', state: 'running' }],
      }),
    );
    inventory.flush();
    const [dev, prod] = model.children() as [TreeElement, TreeElement];
    const devNodes = model.children(model.children(dev)[0]);
    const prodNodes = model.children(model.children(prod)[0]);
    fired = [];
    inventory.apply(
      message({
        command: 'CMD_WATCH',
        pods: [
          { id: 'q1', name: 'a', node: 'node-2', cluster: 'dev', status: 'Running' },
          { id: 'q2', name: 'b', node: 'prod-1', cluster: 'prod', status: 'Running' },
          { id: 'q3', name: 'c', node: 'node-10', cluster: 'dev', status: 'Running' },
          { id: 'q4', name: 'd', node: 'gone', cluster: 'prod', status: 'Running' },
          { id: 'q5', name: 'e', node: 'gone', cluster: 'dev', status: 'Running' },
        ],
      }),
    );
    inventory.flush();
    const refreshed = fired.pop() ?? [];
    const ids = refreshed.map((element) => element.id).sort();
    const folders = [model.children(dev)[0], model.children(prod)[0]] as TreeElement[];
    const expected = [...devNodes, ...prodNodes, ...folders].map((element) => element.id).sort();
    assert.deepEqual(ids, expected, 'both dev nodes, the prod node, and each Nodes folder for the pods of an unknown node');
  });

  it('forgets every removed row, also in a batch that refreshes the whole tree', () => {
    const walk = (elements: TreeElement[]): void => elements.forEach((element) => walk(model.children(element)));
    walk(model.children());
    const before = model.cachedElements;
    inventory.apply(message({ command: 'CMD_WATCH', clusters: [{ id: 'c-dev', name: 'dev', state: 'deleted' }] }));
    inventory.flush();
    assert.deepEqual(fired, [undefined]);
    // dev, its 4 folders, 2 nodes, 2 pods, a service, a network and a load balancer are gone.
    assert.equal(model.cachedElements, before - 12);
  });

  it('on a reset refreshes everything and forgets the rows whose objects are gone', () => {
    const walk = (elements: TreeElement[]): void => elements.forEach((element) => walk(model.children(element)));
    walk(model.children());
    const before = model.cachedElements;
    const busy = new Inventory({ coalesceMs: 1, maxNamedChanges: 1 });
    const busyModel = singleProfileModel(busy);
    const seen: (TreeElement[] | undefined)[] = [];
    busyModel.onDidChange((elements) => seen.push(elements));
    busy.apply(
      message({
        clusters: [
          { id: 'c1', name: 'one', state: 'running' },
          { id: 'c2', name: 'two', state: 'running' },
        ],
      }),
    );
    busy.flush();
    const walkBusy = (elements: TreeElement[]): void => elements.forEach((element) => walkBusy(busyModel.children(element)));
    walkBusy(busyModel.children());
    assert.equal(busyModel.cachedElements, 10);
    busy.apply(
      message({
        clusters: [
          { id: 'c1', state: 'deleted' },
          { id: 'c2', state: 'deleted' },
        ],
      }),
    );
    busy.flush();
    assert.deepEqual(seen, [undefined, undefined]);
    assert.equal(busyModel.cachedElements, 0);
    assert.equal(model.cachedElements, before, 'the other model is untouched');
    busyModel.dispose();
    busy.dispose();
  });

  it('on a reset of pods refreshes only the shown rows pods can change, and nothing when none is shown', () => {
    const busy = new Inventory({ coalesceMs: 1, maxNamedChanges: 2 });
    const busyModel = singleProfileModel(busy);
    const seen: (TreeElement[] | undefined)[] = [];
    busyModel.onDidChange((elements) => seen.push(elements));
    busy.apply(
      message({
        clusters: [{ id: 'c1', name: 'one', state: 'running' }],
        nodes: [{ id: 'n1', name: 'node-1', cluster: 'one', state: 'running' }],
      }),
    );
    busy.flush();
    seen.length = 0;
    const pods = (status: string) =>
      message({
        pods: ['a', 'b', 'c'].map((name) => ({ id: `p-${name}`, name, node: 'node-1', cluster: 'one', status })),
      });
    // Only the cluster row has been shown (collapsed): a full pod listing refreshes nothing.
    busyModel.children();
    busy.apply(pods('Pending'));
    busy.flush();
    assert.deepEqual(seen, []);
    // With the cluster and its nodes expanded, the node folder and the node row (it counts pods) refresh.
    const cluster = busyModel.children()[0] as TreeElement;
    const nodesFolder = busyModel.children(cluster)[0] as TreeElement;
    busyModel.children(nodesFolder);
    busy.apply(pods('Running'));
    busy.flush();
    assert.equal(seen.length, 1);
    const refreshed: TreeElement[] = seen[0] ?? [];
    assert.deepEqual(
      refreshed.map((element) => element.id).sort(),
      [nodesFolder.id, (busyModel.children(nodesFolder)[0] as TreeElement).id].sort(),
    );
    busyModel.dispose();
    busy.dispose();
  });

  it('does not fire for rows VS Code has not been shown', () => {
    inventory.apply(
      message({ command: 'CMD_WATCH', pods: [{ id: 'p1', name: 'kube-proxy-b', node: 'node-2', cluster: 'dev', status: 'Pending' }] }),
    );
    inventory.flush();
    assert.deepEqual(fired, []);
  });

  it('updates a cluster row and its folders when its state changes', () => {
    const dev = model.children()[0] as TreeElement;
    const folders = model.children(dev);
    inventory.apply(message({ clusters: [{ id: 'c-dev', name: 'dev', state: 'stopping' }] }));
    inventory.flush();
    assert.deepEqual(fired.pop(), [dev, ...folders]);
    assert.equal(model.presentation(dev)?.contextValue, 'qbo.cluster.transitional');
  });

  it('finds parents for reveal', () => {
    const dev = model.children()[0] as TreeElement;
    const nodesFolder = model.children(dev)[0] as TreeElement;
    const node2 = model.children(nodesFolder)[0] as TreeElement;
    const pod = model.children(node2)[0] as TreeElement;
    assert.equal(model.parent(pod), node2);
    assert.equal(model.parent(node2), nodesFolder);
    assert.equal(model.parent(nodesFolder), dev);
    assert.equal(model.parent(dev), undefined);
    const network = model.children(model.children(dev)[2])[0] as TreeElement;
    assert.equal(model.parent(network), model.children(dev)[2]);
  });

  it('shows placeholders while loading and on error, and nothing when signed out', () => {
    const empty = singleProfileModel(new Inventory());
    assert.deepEqual(empty.children(), []);
    empty.setStatus({ kind: 'loading' });
    assert.equal(empty.presentation(empty.children()[0] as TreeElement)?.contextValue, 'qbo.placeholder.loading');
    empty.setStatus({ kind: 'error', message: 'listing failed' });
    const error = empty.children()[0] as TreeElement;
    assert.equal(empty.presentation(error)?.label, 'listing failed');
    empty.setStatus({ kind: 'ready' });
    assert.deepEqual(empty.children(), []);
    empty.dispose();
  });

  it('starts from the status it is given, so the first rows need no refresh', () => {
    const model = singleProfileModel(new Inventory(), { kind: 'loading', message: 'Connecting…' });
    const fired: unknown[] = [];
    model.onDidChange((elements) => fired.push(elements));
    assert.equal(model.presentation(model.children()[0] as TreeElement)?.label, 'Connecting…');
    model.setStatus({ kind: 'loading', message: 'Connecting…' });
    assert.equal(fired.length, 0);
    model.setStatus({ kind: 'loading', message: 'Reconnecting in 2 s…' });
    assert.deepEqual(fired, [undefined]);
    model.dispose();
  });

  it('refreshes on a status change only when the rows it decides change', () => {
    const inventory = new Inventory();
    const model = singleProfileModel(inventory, { kind: 'loading', message: 'Connecting…' });
    const fired: unknown[] = [];
    model.onDidChange((elements) => fired.push(elements));
    // Signed out and connected with no clusters look the same: an empty root and the welcome.
    model.setStatus({ kind: 'signed-out' });
    model.setStatus({ kind: 'ready' });
    assert.equal(fired.length, 1);
    model.setStatus({ kind: 'loading', message: 'Connecting…' });
    assert.equal(fired.length, 2);
    inventory.apply(message({ clusters: [{ id: 'c-dev', name: 'dev', state: 'running' }] }));
    inventory.flush();
    const afterListing = fired.length;
    // With clusters listed, the root shows them whatever the status says.
    model.setStatus({ kind: 'ready' });
    model.setStatus({ kind: 'loading', message: 'Reconnecting in 1 s…' });
    assert.equal(fired.length, afterListing);
    assert.deepEqual(
      model.children().map((element) => element.type),
      ['cluster'],
    );
    model.dispose();
  });
});

describe('tree model with several profiles', () => {
  const inventories: Inventory[] = [];
  const models: TreeModel[] = [];
  function world(clusters: { id: string; name: string; state?: string }[]): Inventory {
    const inventory = new Inventory({ coalesceMs: 1 });
    inventories.push(inventory);
    inventory.apply(
      message({
        clusters,
        nodes: clusters.map((cluster) => ({ id: `${cluster.id}-n1`, name: 'control-plane', cluster: cluster.name, state: 'running' })),
      }),
    );
    inventory.flush();
    return inventory;
  }
  function newModel(): { model: TreeModel; fired: (TreeElement[] | undefined)[] } {
    const model = new TreeModel({ kind: 'loading', message: 'Connecting…' });
    models.push(model);
    const fired: (TreeElement[] | undefined)[] = [];
    model.onDidChange((elements) => fired.push(elements));
    return { model, fired };
  }
  afterEach(() => {
    for (const model of models.splice(0)) model.dispose();
    for (const inventory of inventories.splice(0)) inventory.dispose();
  });

  it('with one profile shows its clusters at the root, with two or three one row per profile', () => {
    const cloud = world([{ id: 'c-dev', name: 'dev' }]);
    const local = world([
      { id: 'l-dev', name: 'dev' },
      { id: 'l-qa', name: 'qa' },
    ]);
    const third = world([]);
    const { model } = newModel();
    model.setProfiles([treeProfile('cloud', cloud)]);
    assert.deepEqual(labels(model, model.children()), ['dev']);
    assert.equal(model.children()[0]?.type, 'cluster');
    model.setProfiles([treeProfile('cloud', cloud), treeProfile('local', local)]);
    const roots = model.children();
    assert.deepEqual(labels(model, roots), ['cloud', 'local']);
    assert.deepEqual(
      roots.map((root) => root.type),
      ['profile', 'profile'],
    );
    assert.deepEqual(labels(model, model.children(roots[1])), ['dev', 'qa']);
    assert.equal(model.presentation(roots[0] as TreeElement)?.contextValue, 'qbo.profile.connected');
    model.setProfiles([treeProfile('local', local), treeProfile('cloud', cloud), treeProfile('third', third)]);
    assert.deepEqual(labels(model, model.children()), ['cloud', 'local', 'third'], 'profiles in name order');
    assert.deepEqual(model.children(model.children()[2]), [], 'a ready profile without clusters has no rows below it');
  });

  it('keeps every row’s id and object when a second profile connects and when it disconnects', () => {
    const cloud = world([{ id: 'c-dev', name: 'dev' }]);
    const local = world([{ id: 'l-dev', name: 'dev' }]);
    const { model } = newModel();
    model.setProfiles([treeProfile('cloud', cloud)]);
    const dev = model.children()[0] as TreeElement;
    const nodes = model.children(model.children(dev)[0]);
    model.setProfiles([treeProfile('cloud', cloud), treeProfile('local', local)]);
    const cloudRow = model.children()[0] as TreeElement;
    assert.equal(model.children(cloudRow)[0], dev, 'the same element object under the profile row');
    assert.equal(model.children(model.children(dev)[0])[0], nodes[0]);
    assert.equal(model.parent(dev), cloudRow);
    const localDev = model.children(model.children()[1])[0] as TreeElement;
    assert.notEqual(localDev.id, dev.id, 'the same cluster name in two profiles is two ids');
    model.setProfiles([treeProfile('cloud', cloud)]);
    assert.equal(model.children()[0], dev);
    assert.equal(model.parent(dev), undefined, 'a root again');
  });

  it('refreshes the root when profiles come or go, and only a profile’s row for its own changes', () => {
    const cloud = world([{ id: 'c-dev', name: 'dev' }]);
    const local = world([{ id: 'l-dev', name: 'dev' }]);
    const { model, fired } = newModel();
    model.setProfiles([treeProfile('cloud', cloud)]);
    fired.length = 0;
    model.setProfiles([treeProfile('cloud', cloud), treeProfile('local', local)]);
    assert.deepEqual(fired, [undefined]);
    const [cloudRow, localRow] = model.children() as [TreeElement, TreeElement];
    model.children(cloudRow);
    model.children(localRow);
    fired.length = 0;
    // A cluster added in one profile: that profile's row, not the whole tree.
    local.apply(message({ command: 'CMD_WATCH', clusters: [{ id: 'l-qa', name: 'qa', state: 'starting' }] }));
    local.flush();
    assert.deepEqual(fired, [[localRow]]);
    // A status change of one profile: its row only; the same status again: nothing.
    model.setProfiles([treeProfile('cloud', cloud, { kind: 'loading', message: 'Reconnecting in 2 s…' }), treeProfile('local', local)]);
    assert.deepEqual(fired.pop(), [cloudRow]);
    model.setProfiles([treeProfile('cloud', cloud, { kind: 'loading', message: 'Reconnecting in 2 s…' }), treeProfile('local', local)]);
    assert.equal(fired.length, 1);
    // An update in the other profile names only its rows.
    const localDev = model.children(localRow).find((element) => model.presentation(element)?.label === 'dev') as TreeElement;
    local.apply(message({ command: 'CMD_WATCH', clusters: [{ id: 'l-dev', name: 'dev', state: 'stopping' }] }));
    local.flush();
    const last = fired.at(-1) as TreeElement[] | undefined;
    assert.ok(last?.includes(localDev));
    assert.ok(!last?.some((element) => element.profile === 'cloud'));
  });

  it('keeps a failing profile’s error on its own row and under it: the other profile keeps its clusters', () => {
    const cloud = world([{ id: 'c-dev', name: 'dev' }]);
    const local = world([{ id: 'l-dev', name: 'dev' }]);
    const { model } = newModel();
    const rejected = treeProfile('cloud', undefined, { kind: 'signed-out' });
    model.setProfiles([
      { ...rejected, row: { ...rejected.row, state: 'rejected', stateText: 'credentials rejected' } },
      treeProfile('local', local, { kind: 'ready' }),
      treeProfile('broken', cloud, { kind: 'error', message: 'listing failed: 500' }),
    ]);
    cloud.apply(message({ clusters: [{ id: 'c-dev', state: 'deleted' }] }));
    cloud.flush();
    const [broken, cloudRow, localRow] = model.children() as [TreeElement, TreeElement, TreeElement];
    assert.equal(model.presentation(cloudRow)?.contextValue, 'qbo.profile.rejected');
    assert.match(model.presentation(cloudRow)?.description ?? '', /credentials rejected/);
    assert.deepEqual(model.children(cloudRow), []);
    const error = model.children(broken)[0] as TreeElement;
    assert.equal(model.presentation(error)?.label, 'listing failed: 500');
    assert.equal(model.parent(error), broken);
    assert.deepEqual(labels(model, model.children(localRow)), ['dev']);
  });

  it("shows another client's recent action on a cluster row and refreshes only that row when it changes", () => {
    const notes = new Emitter<{ profile: string; clusters: readonly string[] | 'all' }>();
    const shown: { note?: { summary: string; detail: string } } = {};
    const noted = new TreeModel(
      { kind: 'ready' },
      {
        notes: {
          noteFor: (profile, cluster) => (profile === TEST_PROFILE && cluster === 'dev' ? shown.note : undefined),
          onDidChange: notes.event,
        },
      },
    );
    const inventory = world([
      { id: 'c-dev', name: 'dev', state: 'running' },
      { id: 'c-prod', name: 'prod', state: 'stopped' },
    ]);
    noted.setProfiles([treeProfile(TEST_PROFILE, inventory)]);
    const events: (TreeElement[] | undefined)[] = [];
    noted.onDidChange((elements) => events.push(elements));
    const [dev, prod] = noted.children() as [TreeElement, TreeElement];
    assert.equal(noted.presentation(dev)?.description, 'running');
    shown.note = { summary: 'alex@qbo.io stopped it just now', detail: 'alex@qbo.io (qbo-cli) stopped it just now' };
    notes.fire({ profile: TEST_PROFILE, clusters: ['dev'] });
    assert.deepEqual(events, [[dev]], 'dev only');
    assert.equal(noted.presentation(dev)?.description, 'running · alex@qbo.io stopped it just now');
    assert.equal(noted.presentation(prod)?.description, 'stopped');
    notes.fire({ profile: 'another profile', clusters: 'all' });
    assert.equal(events.length, 1, "another profile's notes refresh none of these rows");
    notes.fire({ profile: TEST_PROFILE, clusters: 'all' });
    assert.deepEqual(new Set(events[1]), new Set([dev, prod]), 'every cluster row shown');
    noted.dispose();
  });
});
