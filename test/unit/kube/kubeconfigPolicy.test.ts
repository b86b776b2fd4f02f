import * as assert from 'node:assert/strict';
import { parse, stringify } from 'yaml';
import {
  checkKubeconfig,
  fieldPath,
  kubeconfigFromOutput,
  KubeconfigRefused,
  MAX_KUBECONFIG_BYTES,
  serialiseKubeconfig,
  type RefusalReason,
} from '../../../src/kube/kubeconfigPolicy';

/** A kubeconfig as kind (and the qbo emulator) writes it. */
const KIND = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: TFMwdExTMUNSVWRKVGlCRFJWSlVTVVpKUTBGVVJTMHRMUzB0Q2c9PQ==
    server: https://172.18.0.2:6443
  name: dev
contexts:
- context:
    cluster: dev
    user: dev
  name: dev
current-context: dev
kind: Config
preferences: {}
users:
- name: dev
  user:
    client-certificate-data: TFMwdExTMUNSVWRKVGlCRFJWSlVTVVpKUTBGVVJTMHRMUzB0Q2c9PQ==
    client-key-data: TFMwdExTMUNSVWRKVGlCU1UwRWdVRkpKVmtGVVJTQkxSVmt0TFMwdExRbz0=
`;

type Doc = Record<string, unknown> & {
  clusters: { name: unknown; cluster: Record<string, unknown> }[];
  users: { name: unknown; user: Record<string, unknown> }[];
  contexts: { name: unknown; context: Record<string, unknown> }[];
};

/** The kind kubeconfig as data, changed by `edit`, as YAML text. */
function variant(edit: (doc: Doc) => void): string {
  const doc = parse(KIND) as Doc;
  edit(doc);
  return stringify(doc);
}

function refusal(text: string): KubeconfigRefused {
  try {
    checkKubeconfig(text, 'dev');
  } catch (error) {
    if (error instanceof KubeconfigRefused) return error;
    throw error;
  }
  assert.fail('the kubeconfig was accepted');
}

function assertRefused(text: string, reason: RefusalReason, field: string, message: string): void {
  const error = refusal(text);
  assert.equal(error.reason, reason, error.message);
  assert.equal(error.field, field);
  assert.equal(error.message, message);
}

const END = '; nothing was written or run';

describe('kubeconfig policy: what qbo Explorer accepts from the server', () => {
  it('accepts the kubeconfig kind writes, and serialises it to the same text', () => {
    const allowed = checkKubeconfig(KIND, 'dev');
    assert.equal(allowed.cluster, 'dev');
    assert.equal(allowed.text, KIND);
    assert.equal(allowed.config.clusters[0]?.cluster.server, 'https://172.18.0.2:6443');
    assert.equal(allowed.config['current-context'], 'dev');
    assert.deepEqual(allowed.config.clusters[0], {
      cluster: {
        'certificate-authority-data': 'TFMwdExTMUNSVWRKVGlCRFJWSlVTVVpKUTBGVVJTMHRMUzB0Q2c9PQ==',
        server: 'https://172.18.0.2:6443',
      },
      name: 'dev',
    });
    assert.deepEqual(Object.keys(allowed.config.users[0]?.user ?? {}), ['client-certificate-data', 'client-key-data']);
  });

  it('accepts every allow-listed field, and only those reach the text', () => {
    const text = variant((doc) => {
      Object.assign(doc.clusters[0]?.cluster ?? {}, { 'tls-server-name': 'kubernetes.default.svc', 'insecure-skip-tls-verify': false });
      Object.assign(doc.users[0]?.user ?? {}, { token: 'abc.DEF-123_~', username: 'admin', password: 'p@ss word' });
      Object.assign(doc.contexts[0]?.context ?? {}, { namespace: 'kube-system' });
    });
    const allowed = checkKubeconfig(text, 'dev');
    assert.deepEqual(parse(allowed.text), parse(text));
    assert.deepEqual(allowed.config.users[0]?.user, {
      'client-certificate-data': 'TFMwdExTMUNSVWRKVGlCRFJWSlVTVVpKUTBGVVJTMHRMUzB0Q2c9PQ==',
      'client-key-data': 'TFMwdExTMUNSVWRKVGlCU1UwRWdVRkpKVmtGVVJTQkxSVmt0TFMwdExRbz0=',
      password: 'p@ss word',
      token: 'abc.DEF-123_~',
      username: 'admin',
    });
    assert.deepEqual(allowed.config.clusters[0]?.cluster, {
      'certificate-authority-data': 'TFMwdExTMUNSVWRKVGlCRFJWSlVTVVpKUTBGVVJTMHRMUzB0Q2c9PQ==',
      'insecure-skip-tls-verify': false,
      server: 'https://172.18.0.2:6443',
      'tls-server-name': 'kubernetes.default.svc',
    });
    assert.deepEqual(allowed.config.contexts[0]?.context, { cluster: 'dev', namespace: 'kube-system', user: 'dev' });
    // apiVersion, kind and preferences may be left out.
    const bare = variant((doc) => {
      delete doc.apiVersion;
      delete doc.kind;
      delete doc.preferences;
    });
    assert.equal(checkKubeconfig(bare, 'dev').text, KIND);
  });

  it("writes what it checked, never the server's text: comments, quoting and order are not carried over", () => {
    const decorated = `# $(touch /tmp/pwned) [run](command:qbo.mergeKubeconfig)\n${KIND.replace('server: https://172.18.0.2:6443', 'server: "https://172.18.0.2:6443" # hi')}`;
    const allowed = checkKubeconfig(decorated, 'dev');
    assert.equal(allowed.text, KIND);
    assert.equal(serialiseKubeconfig(allowed.config), allowed.text);
  });

  const REFUSED_FIELDS: [string, (doc: Doc) => void, RefusalReason, string][] = [
    [
      'exec',
      (doc) => Object.assign(doc.users[0]?.user ?? {}, { exec: { command: 'touch', args: ['/tmp/x'] } }),
      'runs-program',
      'users[0].user.exec',
    ],
    [
      'Exec (any case)',
      (doc) => Object.assign(doc.users[0]?.user ?? {}, { Exec: { command: 'sh' } }),
      'runs-program',
      'users[0].user.Exec',
    ],
    [
      'auth-provider',
      (doc) => Object.assign(doc.users[0]?.user ?? {}, { 'auth-provider': { name: 'gcp', config: { 'cmd-path': 'touch' } } }),
      'runs-plugin',
      'users[0].user.auth-provider',
    ],
    [
      'tokenFile',
      (doc) => Object.assign(doc.users[0]?.user ?? {}, { tokenFile: '/proc/self/environ' }),
      'reads-file',
      'users[0].user.tokenFile',
    ],
    [
      'client-key',
      (doc) => Object.assign(doc.users[0]?.user ?? {}, { 'client-key': '/home/u/.ssh/id_rsa' }),
      'reads-file',
      'users[0].user.client-key',
    ],
    [
      'client-certificate',
      (doc) => Object.assign(doc.users[0]?.user ?? {}, { 'client-certificate': '/etc/passwd' }),
      'reads-file',
      'users[0].user.client-certificate',
    ],
    [
      'certificate-authority',
      (doc) => Object.assign(doc.clusters[0]?.cluster ?? {}, { 'certificate-authority': '/etc/shadow' }),
      'reads-file',
      'clusters[0].cluster.certificate-authority',
    ],
    [
      'proxy-url',
      (doc) => Object.assign(doc.clusters[0]?.cluster ?? {}, { 'proxy-url': 'http://203.0.113.9:3128' }),
      'uses-proxy',
      'clusters[0].cluster.proxy-url',
    ],
    ['as', (doc) => Object.assign(doc.users[0]?.user ?? {}, { as: 'system:admin' }), 'impersonates', 'users[0].user.as'],
    [
      'as-groups',
      (doc) => Object.assign(doc.users[0]?.user ?? {}, { 'as-groups': ['system:masters'] }),
      'impersonates',
      'users[0].user.as-groups',
    ],
    ['as-uid', (doc) => Object.assign(doc.users[0]?.user ?? {}, { 'as-uid': '0' }), 'impersonates', 'users[0].user.as-uid'],
    [
      'as-user-extra',
      (doc) => Object.assign(doc.users[0]?.user ?? {}, { 'as-user-extra': { a: ['b'] } }),
      'impersonates',
      'users[0].user.as-user-extra',
    ],
    [
      'an unknown user field',
      (doc) => Object.assign(doc.users[0]?.user ?? {}, { extensions: [] }),
      'unknown-field',
      'users[0].user.extensions',
    ],
    [
      'an unknown cluster field',
      (doc) => Object.assign(doc.clusters[0]?.cluster ?? {}, { 'disable-compression': true }),
      'unknown-field',
      'clusters[0].cluster.disable-compression',
    ],
    [
      'an unknown context field',
      (doc) => Object.assign(doc.contexts[0]?.context ?? {}, { extensions: [] }),
      'unknown-field',
      'contexts[0].context.extensions',
    ],
    ['an unknown entry field', (doc) => Object.assign(doc.users[0] ?? {}, { exec: 'x' }), 'unknown-field', 'users[0].exec'],
    ['an unknown top-level field', (doc) => Object.assign(doc, { extensions: [] }), 'unknown-field', 'extensions'],
    ['preferences', (doc) => Object.assign(doc, { preferences: { colors: true } }), 'unknown-field', 'preferences.colors'],
  ];
  const MESSAGE: Partial<Record<RefusalReason, string>> = {
    'runs-program': 'asks kubectl to run a program',
    'runs-plugin': 'asks kubectl to run an authentication plug-in',
    'reads-file': 'asks kubectl to read a local file',
    'uses-proxy': 'asks kubectl to send its traffic through a proxy',
    impersonates: 'asks kubectl to act as another user',
    'unknown-field': 'has a field qbo Explorer does not accept',
  };
  for (const [what, edit, reason, field] of REFUSED_FIELDS) {
    it(`refuses ${what} with one message naming ${field}`, () => {
      assertRefused(variant(edit), reason, field, `the kubeconfig qbo sent for dev ${MESSAGE[reason]} (${field})${END}`);
    });
  }

  it('names the most dangerous field when there are several', () => {
    const text = variant((doc) => {
      Object.assign(doc, { extensions: [] });
      Object.assign(doc.clusters[0]?.cluster ?? {}, { 'proxy-url': 'http://p' });
      Object.assign(doc.users[0]?.user ?? {}, { tokenFile: '/x', exec: { command: 'sh' } });
    });
    assertRefused(
      text,
      'runs-program',
      'users[0].user.exec',
      `the kubeconfig qbo sent for dev asks kubectl to run a program (users[0].user.exec)${END}`,
    );
  });

  it('refuses contexts naming a cluster or a user the file does not define, and an undefined current context', () => {
    assertRefused(
      variant((doc) => Object.assign(doc.contexts[0]?.context ?? {}, { user: 'kubernetes-admin' })),
      'undefined-user',
      'contexts[0].context.user',
      `the kubeconfig qbo sent for dev has a context naming a user it does not define (contexts[0].context.user)${END}`,
    );
    assertRefused(
      variant((doc) => Object.assign(doc.contexts[0]?.context ?? {}, { cluster: 'prod' })),
      'undefined-cluster',
      'contexts[0].context.cluster',
      `the kubeconfig qbo sent for dev has a context naming a cluster it does not define (contexts[0].context.cluster)${END}`,
    );
    assertRefused(
      variant((doc) => Object.assign(doc, { 'current-context': 'kubernetes-admin@prod' })),
      'undefined-current-context',
      'current-context',
      `the kubeconfig qbo sent for dev names a current context it does not define (current-context)${END}`,
    );
    assertRefused(
      variant((doc) => delete doc['current-context']),
      'missing-field',
      'current-context',
      `the kubeconfig qbo sent for dev lacks a required field (current-context)${END}`,
    );
    assertRefused(
      variant((doc) => doc.users.push({ name: 'dev', user: {} })),
      'duplicate-name',
      'users[1].name',
      `the kubeconfig qbo sent for dev defines a name twice (users[1].name)${END}`,
    );
    assertRefused(
      variant((doc) => (doc.contexts = [])),
      'bad-value',
      'contexts',
      `the kubeconfig qbo sent for dev has a value qbo Explorer does not accept (contexts)${END}`,
    );
  });

  it('refuses a server that is not an https URL', () => {
    for (const server of [
      'http://172.18.0.2:6443',
      'file:///etc/passwd',
      'https://user:secret@172.18.0.2:6443',
      'https://',
      'unix:///var/run/x.sock',
      'https://host/\npath',
      42,
    ]) {
      assertRefused(
        variant((doc) => Object.assign(doc.clusters[0]?.cluster ?? {}, { server })),
        'not-https',
        'clusters[0].cluster.server',
        `the kubeconfig qbo sent for dev names a server that is not an https URL (clusters[0].cluster.server)${END}`,
      );
    }
    assertRefused(
      variant((doc) => delete doc.clusters[0]?.cluster.server),
      'missing-field',
      'clusters[0].cluster.server',
      `the kubeconfig qbo sent for dev lacks a required field (clusters[0].cluster.server)${END}`,
    );
  });

  it('refuses values of the wrong shape, naming the field and never the value', () => {
    const cases: [(doc: Doc) => void, string][] = [
      [(doc) => Object.assign(doc.users[0]?.user ?? {}, { token: 'SECRET-TOKEN with space' }), 'users[0].user.token'],
      [(doc) => Object.assign(doc.users[0]?.user ?? {}, { 'client-key-data': 'SECRET-KEY$(rm)' }), 'users[0].user.client-key-data'],
      [(doc) => Object.assign(doc.users[0]?.user ?? {}, { password: 'SECRET\u0007' }), 'users[0].user.password'],
      [
        (doc) => Object.assign(doc.clusters[0]?.cluster ?? {}, { 'insecure-skip-tls-verify': 'true' }),
        'clusters[0].cluster.insecure-skip-tls-verify',
      ],
      [(doc) => Object.assign(doc.clusters[0]?.cluster ?? {}, { 'tls-server-name': 'a b' }), 'clusters[0].cluster.tls-server-name'],
      [(doc) => Object.assign(doc.clusters[0] ?? {}, { name: '[x](command:qbo.signOut)' }), 'clusters[0].name'],
      [(doc) => Object.assign(doc.contexts[0]?.context ?? {}, { namespace: '../etc' }), 'contexts[0].context.namespace'],
      [(doc) => Object.assign(doc, { apiVersion: 'v2' }), 'apiVersion'],
      [(doc) => Object.assign(doc, { users: { dev: {} } }), 'users'],
      [(doc) => (doc.clusters = Array.from({ length: 17 }, (_, i) => ({ name: `c${i}`, cluster: { server: 'https://h' } }))), 'clusters'],
    ];
    for (const [edit, field] of cases) {
      const error = refusal(variant(edit));
      assert.equal(error.reason, 'bad-value', `${field}: ${error.message}`);
      assert.equal(error.message, `the kubeconfig qbo sent for dev has a value qbo Explorer does not accept (${field})${END}`);
      assert.doesNotMatch(error.message, /SECRET/);
    }
  });

  it('shows a field name from the server only when it is plain', () => {
    const text = variant((doc) => Object.assign(doc.users[0]?.user ?? {}, { '[x](command:qbo.signOut)': 1 }));
    assertRefused(
      text,
      'unknown-field',
      'users[0].user.<?>',
      `the kubeconfig qbo sent for dev has a field qbo Explorer does not accept (users[0].user.<?>)${END}`,
    );
    assert.equal(fieldPath(['users', 0, 'user', 'exec']), 'users[0].user.exec');
    assert.equal(fieldPath(['a'.repeat(33)]), '<?>');
  });

  it('refuses what is not a kubeconfig: not a mapping, not YAML, several documents, aliases', () => {
    for (const text of ['', '- a\n- b\n', 'just text', '42', 'null', '~']) {
      assertRefused(text, 'not-mapping', '', `the kubeconfig qbo sent for dev is not a kubeconfig (not a mapping)${END}`);
    }
    for (const text of [': : :\n  - [', 'a: 1\n---\nb: 2\n', 'a: 1\na: 2\n', '{"a": ']) {
      assertRefused(text, 'not-yaml', '', `the kubeconfig qbo sent for dev is not valid YAML (one document)${END}`);
    }
    const aliased = KIND.replace('  user:\n', '  user: &u\n').replace(/contexts:\n/, 'x: *u\ncontexts:\n');
    assertRefused(aliased, 'aliases', '', `the kubeconfig qbo sent for dev uses YAML aliases, which a kubeconfig does not need${END}`);
    assertRefused(
      `${KIND}__proto__:\n  polluted: true\n`,
      'unknown-field',
      '__proto__',
      `the kubeconfig qbo sent for dev has a field qbo Explorer does not accept (__proto__)${END}`,
    );
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('refuses a huge kubeconfig before parsing it', () => {
    const huge = `${KIND}# ${'x'.repeat(MAX_KUBECONFIG_BYTES)}\n`;
    assertRefused(huge, 'too-large', '', `the kubeconfig qbo sent for dev is larger than 1 MiB${END}`);
    // Multi-byte characters count as bytes.
    const wide = `${KIND}# ${'é'.repeat(MAX_KUBECONFIG_BYTES / 2)}\n`;
    assertRefused(wide, 'too-large', '', `the kubeconfig qbo sent for dev is larger than 1 MiB${END}`);
  });

  it('takes the kubeconfig from a reply, and says when there is none', () => {
    assert.equal(kubeconfigFromOutput([{ message: 'x' }, { kubeconfig: KIND }], 'dev').text, KIND);
    assert.throws(() => kubeconfigFromOutput([{ message: 'x' }], 'dev'), /^Error: qbo returned no kubeconfig for dev$/);
    assert.throws(() => kubeconfigFromOutput([{ kubeconfig: 42 }], 'dev'), /qbo returned no kubeconfig for dev/);
    assert.throws(
      () => kubeconfigFromOutput([{ kubeconfig: KIND.replace('    client-key-data', '    exec: {}\n    client-key-data') }], 'dev'),
      KubeconfigRefused,
    );
  });
});
