import * as assert from 'node:assert/strict';
import { looksLikeManifest, manifestFormat, objectLabel, readManifest, type ManifestReading } from '../../../src/manifests/manifest';

function objects(reading: ManifestReading): string[] {
  assert.ok(reading.ok, reading.ok ? '' : reading.reason);
  return reading.objects.map(objectLabel);
}

function refused(reading: ManifestReading): string {
  assert.equal(reading.ok, false, 'read as a manifest');
  return reading.ok ? '' : reading.reason;
}

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2
`;

describe('manifest detection', () => {
  it('reads a single YAML object with its kind, name and namespace', () => {
    const reading = readManifest(DEPLOYMENT, 'yaml');
    assert.deepEqual(reading, {
      ok: true,
      format: 'yaml',
      objects: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'shop' }],
    });
  });

  it('reads every document of a multi-document YAML, skipping empty and comment-only ones', () => {
    const text = `# the shop\n---\n${DEPLOYMENT}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n---\n# nothing here\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\n`;
    assert.deepEqual(objects(readManifest(text, 'yaml')), ['Deployment shop/web', 'Service web', 'Namespace shop']);
  });

  it('reads JSON, and the items of a List (in JSON and in YAML)', () => {
    const json = JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'shop' } },
        { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'token' } },
      ],
    });
    const reading = readManifest(json, 'json');
    assert.equal(reading.ok && reading.format, 'json');
    assert.deepEqual(objects(reading), ['ConfigMap shop/cfg', 'Secret token']);
    assert.deepEqual(objects(readManifest(JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } }), 'json')), ['Pod p']);
    assert.deepEqual(
      objects(
        readManifest('apiVersion: v1\nkind: ServiceList\nitems:\n  - apiVersion: v1\n    kind: Service\n    metadata: {name: a}\n', 'yaml'),
      ),
      ['Service a'],
    );
  });

  it('lists an object without a name as such (kubectl says what is wrong with it)', () => {
    assert.deepEqual(objects(readManifest('apiVersion: v1\nkind: ConfigMap\n', 'yaml')), ['ConfigMap (no name)']);
  });

  it('refuses what is not a Kubernetes manifest, saying why', () => {
    assert.match(refused(readManifest('services:\n  web:\n    image: nginx\n', 'yaml')), /document 1 has no apiVersion and no kind/);
    assert.match(refused(readManifest(`${DEPLOYMENT}---\nkind: Service\n`, 'yaml')), /document 2 has no apiVersion$/);
    assert.match(refused(readManifest('apiVersion: v1\n', 'yaml')), /document 1 has no kind/);
    assert.match(refused(readManifest('- a\n- b\n', 'yaml')), /document 1 is not an object with apiVersion and kind/);
    assert.match(refused(readManifest('just text', 'yaml')), /not an object/);
    assert.match(refused(readManifest('', 'yaml')), /holds no object/);
    assert.match(refused(readManifest('# only a comment\n---\n', 'yaml')), /holds no object/);
    assert.match(refused(readManifest('{"qbo_uid": "x", "qbo_aux": "y"}', 'json')), /the file has no apiVersion and no kind/);
    assert.match(refused(readManifest('{"apiVersion": ', 'json')), /not valid JSON/);
    assert.match(
      refused(readManifest('apiVersion: v1\nkind: List\nitems:\n  - name: x\n', 'yaml')),
      /item 1 of document 1 has no apiVersion/,
    );
  });

  it('refuses invalid YAML with the line of the error, and alias bombs', () => {
    assert.match(refused(readManifest('apiVersion: v1\nkind: [ConfigMap\n', 'yaml')), /not valid YAML \(line \d+: /);
    assert.match(refused(readManifest('apiVersion: v1\nkind: A\nkind: B\n', 'yaml')), /not valid YAML/);
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...Array.from({ length: 8 }, (_, i) => `${'bcdefghij'[i]}: &${'bcdefghij'[i]} [${Array(9).fill(`*${'abcdefghij'[i]}`).join(', ')}]`),
    ].join('\n');
    assert.match(refused(readManifest(`apiVersion: v1\nkind: ConfigMap\n${bomb}\n`, 'yaml')), /not valid YAML \(Excessive alias count/);
  });

  it('refuses texts beyond the size limit before parsing them', () => {
    assert.match(refused(readManifest(`${DEPLOYMENT}#${'x'.repeat(8 * 1024 * 1024)}`, 'yaml')), /larger than 8 MiB/);
  });

  it('takes JSON for .json files and JSON editors, YAML otherwise', () => {
    assert.equal(manifestFormat('json', 'a.txt'), 'json');
    assert.equal(manifestFormat('jsonc', 'a'), 'json');
    assert.equal(manifestFormat(undefined, 'deploy.JSON'), 'json');
    assert.equal(manifestFormat(undefined, 'deploy.yml'), 'yaml');
    assert.equal(manifestFormat('yaml', 'odd.json'), 'yaml');
  });

  it('tells the editor menu quickly whether a text looks like a manifest', () => {
    assert.equal(looksLikeManifest(DEPLOYMENT), true);
    assert.equal(looksLikeManifest('{"apiVersion":"v1","kind":"Pod"}'), true);
    assert.equal(looksLikeManifest('- apiVersion: v1\n  kind: Pod\n'), true);
    assert.equal(looksLikeManifest('name: ci\non: push\njobs: {}\n'), false);
    assert.equal(looksLikeManifest('apiVersion: v1\n'), false);
  });
});
