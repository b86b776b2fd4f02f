import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import { backupName, KubeconfigError, mergeKubeconfig, type Kubeconfig } from '../../../src/kube/mergeKubeconfig';

function kubeconfig(name: string, server: string, token = 'cert-data'): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${name}`,
    '  cluster:',
    `    server: ${server}`,
    'users:',
    `- name: ${name}-admin`,
    '  user:',
    `    client-certificate-data: ${token}`,
    'contexts:',
    `- name: ${name}`,
    '  context:',
    `    cluster: ${name}`,
    `    user: ${name}-admin`,
    `current-context: ${name}`,
    '',
  ].join('\n');
}

describe('merge kubeconfig', () => {
  it('merges into an empty or missing file', () => {
    const result = mergeKubeconfig('', kubeconfig('dev', 'https://172.18.0.2:6443'));
    const merged = parse(result.text) as Kubeconfig;
    assert.equal(result.changed, true);
    assert.deepEqual(result.contexts, ['dev']);
    assert.deepEqual(
      merged.clusters?.map((cluster) => cluster.name),
      ['dev'],
    );
    assert.equal(merged['current-context'], undefined, 'current context only changes when asked');
  });

  it('keeps existing entries and adds the new ones', () => {
    const existing = kubeconfig('kind-local', 'https://127.0.0.1:6443');
    const merged = parse(mergeKubeconfig(existing, kubeconfig('dev', 'https://172.18.0.2:6443')).text) as Kubeconfig;
    assert.deepEqual(
      merged.contexts?.map((context) => context.name),
      ['kind-local', 'dev'],
    );
    assert.equal(merged['current-context'], 'kind-local');
  });

  it('renames clusters, users and contexts whose names are taken by different entries', () => {
    const existing = kubeconfig('dev', 'https://10.0.0.1:6443', 'other-cert');
    const result = mergeKubeconfig(existing, kubeconfig('dev', 'https://172.18.0.2:6443'), { setCurrent: true });
    const merged = parse(result.text) as Kubeconfig;
    assert.deepEqual(result.renamed, { dev: 'dev-qbo', 'dev-admin': 'dev-admin-qbo' });
    assert.deepEqual(
      merged.clusters?.map((cluster) => cluster.name),
      ['dev', 'dev-qbo'],
    );
    const added = merged.contexts?.find((context) => context.name === 'dev-qbo');
    assert.deepEqual(added?.context, { cluster: 'dev-qbo', user: 'dev-admin-qbo' });
    assert.equal(merged['current-context'], 'dev-qbo');
    const again = mergeKubeconfig(result.text, kubeconfig('dev', 'https://172.18.0.99:6443'));
    assert.ok((parse(again.text) as Kubeconfig).clusters?.some((cluster) => cluster.name === 'dev-qbo-2'));
  });

  it('is idempotent: merging the same kubeconfig twice changes nothing', () => {
    const once = mergeKubeconfig('', kubeconfig('dev', 'https://172.18.0.2:6443'));
    const twice = mergeKubeconfig(once.text, kubeconfig('dev', 'https://172.18.0.2:6443'));
    assert.equal(twice.changed, false);
    assert.deepEqual(twice.contexts, ['dev']);
    assert.equal(twice.text, once.text);
  });

  it('refuses a file that is not a kubeconfig, without touching it', () => {
    assert.throws(() => mergeKubeconfig('clusters: [1, 2]', kubeconfig('dev', 'https://x')), KubeconfigError);
    assert.throws(() => mergeKubeconfig('- a\n- b', kubeconfig('dev', 'https://x')), KubeconfigError);
    assert.throws(() => mergeKubeconfig(': : :\n  - [', kubeconfig('dev', 'https://x')), KubeconfigError);
  });

  it('names backups with a timestamp next to the file', () => {
    assert.equal(
      backupName('/home/u/.kube/config', new Date('2026-11-27T10:11:12.345Z')),
      '/home/u/.kube/config.qbo-backup-20261127T101112Z',
    );
  });
});
