import * as assert from 'node:assert/strict';
import { liveDocumentText, liveObjectsFrom, withoutServerFields } from '../../../src/manifests/liveObjects';
import { readManifest, type ManifestObject } from '../../../src/manifests/manifest';

const LIVE_LIST = `apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      namespace: shop
      uid: 1234
      resourceVersion: "99"
      generation: 3
      creationTimestamp: 2026-01-01T00:00:00Z
      managedFields: [{manager: kubectl}]
      labels: {app: web}
      annotations:
        kubectl.kubernetes.io/last-applied-configuration: '{"big":"json"}'
    spec: {replicas: 2}
    status: {readyReplicas: 2}
  - apiVersion: v1
    kind: ConfigMap
    metadata:
      name: cfg
      namespace: shop
      annotations: {team: shop, kubectl.kubernetes.io/last-applied-configuration: x}
    data: {a: "1"}
metadata: {resourceVersion: ""}
`;

function manifestObjects(text: string): ManifestObject[] {
  const reading = readManifest(text, 'yaml');
  assert.ok(reading.ok);
  return reading.objects;
}

describe('the live side of a diff', () => {
  it('reads one object or the items of a List from kubectl get -o yaml, and nothing from empty output', () => {
    assert.equal(liveObjectsFrom(LIVE_LIST).length, 2);
    assert.deepEqual(
      liveObjectsFrom('apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n').map((object) => object.kind),
      ['Namespace'],
    );
    assert.deepEqual(liveObjectsFrom(''), []);
  });

  it('drops status and what only the server writes, keeps labels and other annotations', () => {
    const [deployment, configMap] = liveObjectsFrom(LIVE_LIST).map(withoutServerFields);
    assert.deepEqual(deployment, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
      spec: { replicas: 2 },
    });
    assert.deepEqual((configMap?.metadata as Record<string, unknown>).annotations, { team: 'shop' });
  });

  it("puts one document per manifest object in the manifest's order, saying which are not in the cluster", () => {
    const objects = manifestObjects(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: shop}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n',
    );
    const text = liveDocumentText(objects, liveObjectsFrom(LIVE_LIST), 'yaml', 'dev');
    const documents = text.split('---\n');
    assert.equal(documents.length, 3);
    assert.match(documents[0] ?? '', /^apiVersion: v1\nkind: ConfigMap\n/);
    assert.equal(documents[1], '# Service web is not in dev: applying the file creates it.\n');
    // No namespace in the manifest: the live object of that kind and name, whatever its namespace.
    assert.match(documents[2] ?? '', /kind: Deployment[\s\S]*replicas: 2/);
    assert.doesNotMatch(text, /status|managedFields|last-applied|resourceVersion|uid/);
  });

  it('matches the namespace when the manifest gives one', () => {
    const objects = manifestObjects('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: other}\n');
    assert.match(liveDocumentText(objects, liveObjectsFrom(LIVE_LIST), 'yaml', 'dev'), /^# Deployment web is not in dev/);
  });

  it('keeps a comment on one line whatever the name holds', () => {
    const objects: ManifestObject[] = [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'a\nkind: Secret', namespace: undefined }];
    assert.equal(liveDocumentText(objects, [], 'yaml', 'dev').split('\n').filter(Boolean).length, 1);
  });

  it('writes JSON for a JSON manifest: the one object, or a List', () => {
    const one = manifestObjects('{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg"}}');
    const shown = liveDocumentText(one, liveObjectsFrom(LIVE_LIST), 'json', 'dev');
    assert.deepEqual(JSON.parse(shown), {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg', namespace: 'shop', annotations: { team: 'shop' } },
      data: { a: '1' },
    });
    assert.equal(liveDocumentText(one, [], 'json', 'dev'), '');
    const two = [...one, { apiVersion: 'v1', kind: 'Secret', name: 'gone', namespace: undefined }];
    assert.equal((JSON.parse(liveDocumentText(two, liveObjectsFrom(LIVE_LIST), 'json', 'dev')) as { items: unknown[] }).items.length, 1);
  });
});
