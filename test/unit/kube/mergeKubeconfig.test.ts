import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { QboKubeconfig } from '../../../src/kube/kubeconfigPolicy';
import { accountSuffix, KubeconfigError, mergeKubeconfig } from '../../../src/kube/mergeKubeconfig';

interface Named {
  name: string;
  [key: string]: unknown;
}
interface Parsed {
  clusters?: Named[];
  users?: Named[];
  contexts?: (Named & { context?: { cluster?: string; user?: string } })[];
  'current-context'?: string;
  [key: string]: unknown;
}

/** A checked kubeconfig as kind writes it: cluster, user and context named after the cluster. */
function incoming(name: string, server: string, cert = 'Y2VydA=='): QboKubeconfig {
  return {
    clusters: [{ name, cluster: { server } }],
    users: [{ name: `${name}-admin`, user: { 'client-certificate-data': cert } }],
    contexts: [{ name, context: { cluster: name, user: `${name}-admin` } }],
    'current-context': name,
  };
}

function existingText(name: string, server: string, cert = 'Y2VydA=='): string {
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
    `    client-certificate-data: ${cert}`,
    'contexts:',
    `- name: ${name}`,
    '  context:',
    `    cluster: ${name}`,
    `    user: ${name}-admin`,
    `current-context: ${name}`,
    '',
  ].join('\n');
}

/** What a ~/.kube/config of someone with a production cluster looks like, comments and odd key order included. */
const USER_CONFIG = `# Managed by hand. Do not let tools reformat this file.
apiVersion: v1
kind: Config
preferences: {}
current-context: kubernetes-admin@prod   # the one I use every day

clusters:
- cluster:
    certificate-authority-data: UFJPRC1DQQ==
    server: https://prod.example.com:6443   # behind the VPN
  name: prod
# staging is gone
contexts:
- context:
    cluster: prod
    namespace: payments
    user: kubernetes-admin
  name: kubernetes-admin@prod
users:
- name: kubernetes-admin
  user:
    token: PRODUCTION-TOKEN
    # rotated monthly
`;

describe('merge kubeconfig', () => {
  it('merges into an empty or missing file', () => {
    const result = mergeKubeconfig('', incoming('dev', 'https://172.18.0.2:6443'));
    const merged = parse(result.text) as Parsed;
    assert.equal(result.changed, true);
    assert.deepEqual(result.contexts, ['dev']);
    assert.deepEqual(
      merged.clusters?.map((cluster) => cluster.name),
      ['dev'],
    );
    assert.equal(merged.apiVersion, 'v1');
    assert.equal(merged.kind, 'Config');
    assert.equal(merged['current-context'], undefined, 'current context only changes when asked');
  });

  it('keeps existing entries and adds the new ones', () => {
    const existing = existingText('kind-local', 'https://127.0.0.1:6443');
    const merged = parse(mergeKubeconfig(existing, incoming('dev', 'https://172.18.0.2:6443')).text) as Parsed;
    assert.deepEqual(
      merged.contexts?.map((context) => context.name),
      ['kind-local', 'dev'],
    );
    assert.equal(merged['current-context'], 'kind-local');
  });

  it('renames clusters, users and contexts whose names are taken by different entries', () => {
    const existing = existingText('dev', 'https://10.0.0.1:6443', 'b3RoZXI=');
    const result = mergeKubeconfig(existing, incoming('dev', 'https://172.18.0.2:6443'), { setCurrent: true });
    const merged = parse(result.text) as Parsed;
    assert.deepEqual(result.renamed, { dev: 'dev-qbo', 'dev-admin': 'dev-admin-qbo' });
    assert.deepEqual(
      merged.clusters?.map((cluster) => cluster.name),
      ['dev', 'dev-qbo'],
    );
    const added = merged.contexts?.find((context) => context.name === 'dev-qbo');
    assert.deepEqual(added?.context, { cluster: 'dev-qbo', user: 'dev-admin-qbo' });
    assert.equal(merged['current-context'], 'dev-qbo');
    // The existing entries are untouched: the user's own context still pairs the user's own cluster and user.
    assert.deepEqual(merged.contexts?.find((context) => context.name === 'dev')?.context, { cluster: 'dev', user: 'dev-admin' });
    assert.deepEqual(merged.users?.find((user) => user.name === 'dev-admin')?.user, { 'client-certificate-data': 'b3RoZXI=' });
    const again = mergeKubeconfig(result.text, incoming('dev', 'https://172.18.0.99:6443'));
    assert.ok((parse(again.text) as Parsed).clusters?.some((cluster) => cluster.name === 'dev-qbo-2'));
  });

  it('names the clash after the profile it comes from, so `dev` of two accounts stay apart and telling', () => {
    // Account one's dev merged first, as is; account two's different dev gets its account's name.
    const first = mergeKubeconfig('', incoming('dev', 'https://172.18.0.2:6443'), { account: accountSuffix('cloud') });
    assert.deepEqual(first.renamed, {});
    const second = mergeKubeconfig(first.text, incoming('dev', 'https://10.1.0.2:6443', 'b3RoZXI='), {
      account: accountSuffix('Local emulator'),
    });
    assert.deepEqual(second.renamed, { dev: 'dev@Local-emulator', 'dev-admin': 'dev-admin@Local-emulator' });
    const merged = parse(second.text) as Parsed;
    assert.deepEqual(
      merged.contexts?.map((context) => [context.name, context.context?.cluster, context.context?.user]),
      [
        ['dev', 'dev', 'dev-admin'],
        ['dev@Local-emulator', 'dev@Local-emulator', 'dev-admin@Local-emulator'],
      ],
    );
    // Merging each again changes nothing; a third, different dev of the same account is numbered.
    assert.equal(
      mergeKubeconfig(second.text, incoming('dev', 'https://10.1.0.2:6443', 'b3RoZXI='), { account: 'Local-emulator' }).changed,
      false,
    );
    const third = mergeKubeconfig(second.text, incoming('dev', 'https://10.9.0.2:6443', 'dGhyZWU='), { account: 'Local-emulator' });
    assert.equal(third.renamed.dev, 'dev@Local-emulator-2');
    assert.equal(accountSuffix('alex@qbo.io @ nemo.cloud.qbo.io (service account)'), 'alex-qbo.io-nemo.cloud.qbo.io-service-account');
    assert.equal(accountSuffix('../..'), 'qbo');
  });

  it('reuses an identical entry, under its own name', () => {
    const existing = existingText('kind-dev', 'https://172.18.0.2:6443');
    const result = mergeKubeconfig(existing, incoming('dev', 'https://172.18.0.2:6443'));
    const merged = parse(result.text) as Parsed;
    assert.deepEqual(
      merged.clusters?.map((cluster) => cluster.name),
      ['kind-dev'],
    );
    assert.deepEqual(
      merged.users?.map((user) => user.name),
      ['kind-dev-admin'],
    );
    assert.deepEqual(result.contexts, ['kind-dev'], 'the identical context is reused');
    assert.equal(result.changed, false);
    assert.equal(result.text, existing);
  });

  it('is idempotent: merging the same kubeconfig twice changes nothing', () => {
    const once = mergeKubeconfig('', incoming('dev', 'https://172.18.0.2:6443'));
    const twice = mergeKubeconfig(once.text, incoming('dev', 'https://172.18.0.2:6443'));
    assert.equal(twice.changed, false);
    assert.deepEqual(twice.contexts, ['dev']);
    assert.equal(twice.text, once.text);
  });

  it('setCurrent makes the first incoming context current, and only then', () => {
    const existing = existingText('kind-local', 'https://127.0.0.1:6443');
    const plain = mergeKubeconfig(existing, incoming('dev', 'https://172.18.0.2:6443'));
    assert.equal((parse(plain.text) as Parsed)['current-context'], 'kind-local');
    const switched = mergeKubeconfig(existing, incoming('dev', 'https://172.18.0.2:6443'), { setCurrent: true });
    assert.equal((parse(switched.text) as Parsed)['current-context'], 'dev');
    // Already merged: switching to it is the only change.
    const switchedLater = mergeKubeconfig(plain.text, incoming('dev', 'https://172.18.0.2:6443'), { setCurrent: true });
    assert.equal(switchedLater.changed, true);
    assert.equal((parse(switchedLater.text) as Parsed)['current-context'], 'dev');
    assert.equal(mergeKubeconfig(switched.text, incoming('dev', 'https://172.18.0.2:6443'), { setCurrent: true }).changed, false);
  });

  it('refuses an incoming context that names a user of the existing file: nothing is paired with your credentials', () => {
    // The server's endpoint plus the user's production token, if the merge looked the user up in ~/.kube/config.
    const attack: QboKubeconfig = {
      clusters: [{ name: 'dev', cluster: { server: 'https://203.0.113.7:6443' } }],
      users: [{ name: 'dev', user: { 'client-certificate-data': 'Y2VydA==' } }],
      contexts: [{ name: 'dev', context: { cluster: 'dev', user: 'kubernetes-admin' } }],
      'current-context': 'dev',
    };
    assert.throws(
      () => mergeKubeconfig(USER_CONFIG, attack, { setCurrent: true }),
      (error: unknown) =>
        error instanceof KubeconfigError &&
        error.message ===
          'the kubeconfig to merge has a context naming a user it does not define (contexts[0].context.user); the file was not changed',
    );
    const outsideCluster: QboKubeconfig = { ...attack, contexts: [{ name: 'dev', context: { cluster: 'prod', user: 'dev' } }] };
    assert.throws(
      () => mergeKubeconfig(USER_CONFIG, outsideCluster),
      (error: unknown) =>
        error instanceof KubeconfigError &&
        error.message ===
          'the kubeconfig to merge has a context naming a cluster it does not define (contexts[0].context.cluster); the file was not changed',
    );
  });

  it('never pairs an incoming entry with an existing one of the same name: it is renamed, and its context follows', () => {
    const sameNames: QboKubeconfig = {
      clusters: [{ name: 'prod', cluster: { server: 'https://203.0.113.7:6443' } }],
      users: [{ name: 'kubernetes-admin', user: { token: 'SERVER-TOKEN' } }],
      contexts: [{ name: 'kubernetes-admin@prod', context: { cluster: 'prod', user: 'kubernetes-admin' } }],
      'current-context': 'kubernetes-admin@prod',
    };
    const result = mergeKubeconfig(USER_CONFIG, sameNames, { setCurrent: true });
    const merged = parse(result.text) as Parsed;
    assert.deepEqual(result.renamed, {
      prod: 'prod-qbo',
      'kubernetes-admin': 'kubernetes-admin-qbo',
      'kubernetes-admin@prod': 'kubernetes-admin@prod-qbo',
    });
    const current = merged.contexts?.find((context) => context.name === merged['current-context']);
    assert.deepEqual(current?.context, { cluster: 'prod-qbo', user: 'kubernetes-admin-qbo' });
    assert.deepEqual(merged.users?.find((user) => user.name === 'kubernetes-admin')?.user, { token: 'PRODUCTION-TOKEN' });
    assert.deepEqual(merged.clusters?.find((cluster) => cluster.name === 'prod')?.cluster, {
      'certificate-authority-data': 'UFJPRC1DQQ==',
      server: 'https://prod.example.com:6443',
    });
  });

  it('keeps the comments, key order and layout of the existing file byte for byte, adding lines only', () => {
    const result = mergeKubeconfig(USER_CONFIG, incoming('dev', 'https://172.18.0.2:6443'), { setCurrent: true });
    assert.equal(
      result.text,
      `# Managed by hand. Do not let tools reformat this file.
apiVersion: v1
kind: Config
preferences: {}
current-context: dev   # the one I use every day

clusters:
- cluster:
    certificate-authority-data: UFJPRC1DQQ==
    server: https://prod.example.com:6443   # behind the VPN
  name: prod
- cluster:
    server: https://172.18.0.2:6443
  name: dev
# staging is gone
contexts:
- context:
    cluster: prod
    namespace: payments
    user: kubernetes-admin
  name: kubernetes-admin@prod
- context:
    cluster: dev
    user: dev-admin
  name: dev
users:
- name: kubernetes-admin
  user:
    token: PRODUCTION-TOKEN
    # rotated monthly
- name: dev-admin
  user:
    client-certificate-data: Y2VydA==
`,
    );
  });

  it('follows indented lists, fills empty and flow lists, adds missing keys, and keeps CRLF line ends', () => {
    const indented = 'apiVersion: v1\nclusters:\n  - name: a\n    cluster:\n      server: https://a:6443\nusers: []\ncontexts:\n';
    const result = mergeKubeconfig(indented, incoming('dev', 'https://172.18.0.2:6443'));
    assert.equal(
      result.text,
      'apiVersion: v1\nclusters:\n  - name: a\n    cluster:\n      server: https://a:6443\n  - cluster:\n      server: https://172.18.0.2:6443\n    name: dev\n' +
        'users:\n- name: dev-admin\n  user:\n    client-certificate-data: Y2VydA==\n' +
        'contexts:\n- context:\n    cluster: dev\n    user: dev-admin\n  name: dev\n',
    );
    const sparse = '# just a comment\nkind: Config\n';
    const added = mergeKubeconfig(sparse, incoming('dev', 'https://172.18.0.2:6443'), { setCurrent: true });
    assert.ok(added.text.startsWith(sparse), added.text);
    assert.equal((parse(added.text) as Parsed)['current-context'], 'dev');
    assert.equal((parse(added.text) as Parsed).users?.[0]?.name, 'dev-admin');
    const windows = USER_CONFIG.replace(/\n/g, '\r\n');
    const crlf = mergeKubeconfig(windows, incoming('dev', 'https://172.18.0.2:6443'));
    assert.ok(!/[^\r]\n/.test(crlf.text), 'a bare LF in a CRLF file');
    assert.ok(crlf.text.startsWith(windows.slice(0, windows.indexOf('# staging is gone'))));
  });

  it('writes a JSON (flow) kubeconfig through the Document API, with the same data', () => {
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: [] });
    const result = mergeKubeconfig(json, incoming('dev', 'https://172.18.0.2:6443'), { setCurrent: true });
    const merged = parse(result.text) as Parsed;
    assert.deepEqual(
      [merged.clusters?.[0]?.name, merged.users?.[0]?.name, merged.contexts?.[0]?.name, merged['current-context']],
      ['dev', 'dev-admin', 'dev', 'dev'],
    );
  });

  it('refuses a file that is not a kubeconfig, without touching it', () => {
    const dev = incoming('dev', 'https://x');
    assert.throws(() => mergeKubeconfig('clusters: [1, 2]', dev), KubeconfigError);
    assert.throws(() => mergeKubeconfig('- a\n- b', dev), KubeconfigError);
    assert.throws(() => mergeKubeconfig(': : :\n  - [', dev), KubeconfigError);
    assert.throws(() => mergeKubeconfig('a: 1\n---\nb: 2\n', dev), KubeconfigError);
  });
});
