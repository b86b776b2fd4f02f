// What qbo Explorer accepts in a kubeconfig the server sends (`get cluster NAME -k`), before any
// use: the temporary file kubectl is given, the read-only document, Save As, Merge, Open Terminal
// and the Kubernetes extension's Clouds view all take an AllowedKubeconfig, which only
// checkKubeconfig makes. kubectl runs programs (`exec`, `auth-provider`) and reads local files
// (`tokenFile`, `client-key`, `certificate-authority`, …) named in a kubeconfig, so the server's
// text is parsed, allow-listed field by field, and what is written or shown is serialised from the
// checked object, never the server's text. Pure: no `vscode`; `yaml` is loaded on first use.
import * as l10n from '@vscode/l10n';
import type * as Yaml from 'yaml';
import * as z from 'zod/mini';

/** `yaml` (the bundle's largest dependency), loaded when a kubeconfig is first read, not at activation. */
export function yaml(): typeof Yaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('yaml') as typeof Yaml;
}

/** A qbo (kind) kubeconfig is ~6 KB; anything past this is refused before it is parsed. */
export const MAX_KUBECONFIG_BYTES = 1024 * 1024;
/** A qbo kubeconfig has one cluster, one user and one context. */
export const MAX_KUBECONFIG_ENTRIES = 16;

export interface KubeconfigCluster {
  server: string;
  'certificate-authority-data'?: string;
  'tls-server-name'?: string;
  'insecure-skip-tls-verify'?: boolean;
}

export interface KubeconfigUser {
  'client-certificate-data'?: string;
  'client-key-data'?: string;
  token?: string;
  username?: string;
  password?: string;
}

export interface KubeconfigContext {
  cluster: string;
  user: string;
  namespace?: string;
}

/** Everything a checked kubeconfig holds: nothing that makes kubectl run a program or read a file. */
export interface QboKubeconfig {
  clusters: { name: string; cluster: KubeconfigCluster }[];
  users: { name: string; user: KubeconfigUser }[];
  contexts: { name: string; context: KubeconfigContext }[];
  'current-context': string;
}

/** Why a kubeconfig was refused (what the message says; tests compare it). */
export type RefusalReason =
  | 'too-large'
  | 'not-yaml'
  | 'aliases'
  | 'not-mapping'
  | 'runs-program'
  | 'runs-plugin'
  | 'reads-file'
  | 'uses-proxy'
  | 'impersonates'
  | 'unknown-field'
  | 'missing-field'
  | 'not-https'
  | 'bad-value'
  | 'duplicate-name'
  | 'undefined-cluster'
  | 'undefined-user'
  | 'undefined-current-context';

/** A kubeconfig the server sent was refused: nothing may be written or run. The message names the field, never a value. */
export class KubeconfigRefused extends Error {
  override readonly name = 'KubeconfigRefused';
  constructor(
    readonly reason: RefusalReason,
    /** Where, e.g. `users[0].user.exec` (empty for the whole document). */
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Makes an AllowedKubeconfig; module-private, so only checkKubeconfig can. */
let allow: (cluster: string, config: QboKubeconfig) => AllowedKubeconfig;

/** A kubeconfig that passed checkKubeconfig, and its text serialised from the checked object. Nothing else makes one. */
export class AllowedKubeconfig {
  private constructor(
    /** The cluster it was asked for (its name, or key), for messages, titles and file names. */
    readonly cluster: string,
    readonly config: QboKubeconfig,
    /** serialiseKubeconfig(config): the only text that is ever written or shown. */
    readonly text: string,
  ) {}

  static {
    allow = (cluster, config) => new AllowedKubeconfig(cluster, config, serialiseKubeconfig(config));
  }
}

/** What the kubeconfig does wrong, as the middle of the refusal's sentence ({0}: the field). */
function refusalDetail(reason: RefusalReason, field: string): string {
  switch (reason) {
    case 'too-large':
      return l10n.t('is larger than 1 MiB');
    case 'not-yaml':
      return l10n.t('is not valid YAML (one document)');
    case 'aliases':
      return l10n.t('uses YAML aliases, which a kubeconfig does not need');
    case 'not-mapping':
      return l10n.t('is not a kubeconfig (not a mapping)');
    case 'runs-program':
      return l10n.t('asks kubectl to run a program ({0})', field);
    case 'runs-plugin':
      return l10n.t('asks kubectl to run an authentication plug-in ({0})', field);
    case 'reads-file':
      return l10n.t('asks kubectl to read a local file ({0})', field);
    case 'uses-proxy':
      return l10n.t('asks kubectl to send its traffic through a proxy ({0})', field);
    case 'impersonates':
      return l10n.t('asks kubectl to act as another user ({0})', field);
    case 'unknown-field':
      return l10n.t('has a field qbo Explorer does not accept ({0})', field);
    case 'missing-field':
      return l10n.t('lacks a required field ({0})', field);
    case 'not-https':
      return l10n.t('names a server that is not an https URL ({0})', field);
    case 'bad-value':
      return l10n.t('has a value qbo Explorer does not accept ({0})', field);
    case 'duplicate-name':
      return l10n.t('defines a name twice ({0})', field);
    case 'undefined-cluster':
      return l10n.t('has a context naming a cluster it does not define ({0})', field);
    case 'undefined-user':
      return l10n.t('has a context naming a user it does not define ({0})', field);
    case 'undefined-current-context':
      return l10n.t('names a current context it does not define ({0})', field);
  }
}

function refuse(reason: RefusalReason, cluster: string, field = ''): KubeconfigRefused {
  const message = l10n.t('the kubeconfig qbo sent for {0} {1}; nothing was written or run', cluster, refusalDetail(reason, field));
  return new KubeconfigRefused(reason, field, message);
}

// Fields kubectl honours that qbo Explorer refuses, by where they sit, with what they would make
// kubectl do. Looked up case-insensitively: older kubectl matched JSON keys without case.
const USER_FIELDS: Record<string, RefusalReason> = {
  exec: 'runs-program',
  'auth-provider': 'runs-plugin',
  tokenfile: 'reads-file',
  'client-certificate': 'reads-file',
  'client-key': 'reads-file',
  as: 'impersonates',
  'as-uid': 'impersonates',
  'as-groups': 'impersonates',
  'as-user-extra': 'impersonates',
};
const CLUSTER_FIELDS: Record<string, RefusalReason> = {
  'certificate-authority': 'reads-file',
  'proxy-url': 'uses-proxy',
};

/** Worst first: when a kubeconfig has several problems, the message names the most dangerous. */
const SEVERITY: readonly RefusalReason[] = [
  'runs-program',
  'runs-plugin',
  'reads-file',
  'uses-proxy',
  'impersonates',
  'unknown-field',
  'not-https',
  'missing-field',
  'bad-value',
];

// Value shapes. Names are echoed in messages and written into ~/.kube/config: plain characters only.
const NAME = /^[A-Za-z0-9][A-Za-z0-9._@:+-]{0,252}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** Printable ASCII without spaces (bearer tokens). */
const TOKEN = /^[\x21-\x7e]+$/;
/** Printable, no control characters (user names, passwords). */
const PRINTABLE = /^[^\p{Cc}]+$/u;

function isHttpsUrl(value: string): boolean {
  if (value.length > 2048 || !/^https:\/\//i.test(value) || /[\s\p{Cc}]/u.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/** The schema, built on first use (not at activation). */
function buildSchema() {
  const name = z.string().check(z.regex(NAME));
  const base64 = (max: number) => z.string().check(z.maxLength(max), z.regex(BASE64));

  // Keys in the order kubectl writes them (sorted): zod's output keeps it.
  const clusterSchema = z.strictObject({
    'certificate-authority-data': z.optional(base64(256 * 1024)),
    'insecure-skip-tls-verify': z.optional(z.boolean()),
    server: z.string().check(z.refine(isHttpsUrl)),
    'tls-server-name': z.optional(z.string().check(z.regex(HOST_NAME))),
  });

  const userSchema = z.strictObject({
    'client-certificate-data': z.optional(base64(256 * 1024)),
    'client-key-data': z.optional(base64(256 * 1024)),
    password: z.optional(z.string().check(z.maxLength(1024), z.regex(PRINTABLE))),
    token: z.optional(z.string().check(z.maxLength(64 * 1024), z.regex(TOKEN))),
    username: z.optional(z.string().check(z.maxLength(1024), z.regex(PRINTABLE))),
  });

  const contextSchema = z.strictObject({
    cluster: name,
    namespace: z.optional(z.string().check(z.regex(NAMESPACE))),
    user: name,
  });

  const entries = <T extends z.core.SomeType>(entry: T) => z.array(entry).check(z.minLength(1), z.maxLength(MAX_KUBECONFIG_ENTRIES));

  const kubeconfigSchema = z.strictObject({
    apiVersion: z.optional(z.literal('v1')),
    kind: z.optional(z.literal('Config')),
    // kind writes `preferences: {}`; its fields (colors, extensions) are not needed.
    preferences: z.optional(z.strictObject({})),
    clusters: entries(z.strictObject({ cluster: clusterSchema, name })),
    users: entries(z.strictObject({ name, user: userSchema })),
    contexts: entries(z.strictObject({ context: contextSchema, name })),
    'current-context': name,
  });
  return kubeconfigSchema;
}

let schema: ReturnType<typeof buildSchema> | undefined;

/** A field name as a message may show it: a plain one as it is, anything else as `<?>` (it is the server's text). */
function fieldName(key: PropertyKey): string {
  return typeof key === 'string' && /^[A-Za-z0-9_-]{1,32}$/.test(key) ? key : '<?>';
}

/** `['users', 0, 'user', 'exec']` → `users[0].user.exec`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text === '' ? fieldName(key) : `${text}.${fieldName(key)}`),
    '',
  );
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** The refusals one zod issue stands for: an unknown key each, or one for a bad or missing value. */
function refusalsOf(issue: z.core.$ZodIssue, root: unknown): { reason: RefusalReason; path: PropertyKey[] }[] {
  if (issue.code === 'unrecognized_keys') {
    const parent = issue.path.at(-1);
    const table = parent === 'user' ? USER_FIELDS : parent === 'cluster' ? CLUSTER_FIELDS : {};
    return issue.keys.map((key) => {
      const known = key.toLowerCase();
      // hasOwn: a key such as `__proto__` must not find Object.prototype.
      return { reason: Object.hasOwn(table, known) ? (table[known] as RefusalReason) : 'unknown-field', path: [...issue.path, key] };
    });
  }
  const path = [...issue.path];
  if (valueAt(root, path) === undefined && issue.code === 'invalid_type') return [{ reason: 'missing-field', path }];
  if (path.at(-1) === 'server' && path.at(-2) === 'cluster') return [{ reason: 'not-https', path }];
  return [{ reason: 'bad-value', path }];
}

function checkReferences(config: QboKubeconfig, cluster: string): void {
  for (const list of ['clusters', 'users', 'contexts'] as const) {
    const seen = new Set<string>();
    config[list].forEach((entry, index) => {
      if (seen.has(entry.name)) throw refuse('duplicate-name', cluster, `${list}[${index}].name`);
      seen.add(entry.name);
    });
  }
  const clusters = new Set(config.clusters.map((entry) => entry.name));
  const users = new Set(config.users.map((entry) => entry.name));
  config.contexts.forEach((entry, index) => {
    if (!clusters.has(entry.context.cluster)) throw refuse('undefined-cluster', cluster, `contexts[${index}].context.cluster`);
    if (!users.has(entry.context.user)) throw refuse('undefined-user', cluster, `contexts[${index}].context.user`);
  });
  if (!config.contexts.some((entry) => entry.name === config['current-context']))
    throw refuse('undefined-current-context', cluster, 'current-context');
}

/**
 * Parses and allow-lists the kubeconfig text qbo sent for `cluster`. Accepts exactly what a qbo
 * (kind) kubeconfig needs (see docs/SECURITY.md, "Kubeconfigs"); anything else throws one
 * KubeconfigRefused naming the field (the most dangerous one when there are several).
 */
export function checkKubeconfig(text: string, cluster: string): AllowedKubeconfig {
  if (text.length > MAX_KUBECONFIG_BYTES || Buffer.byteLength(text, 'utf8') > MAX_KUBECONFIG_BYTES) throw refuse('too-large', cluster);
  const document = yaml().parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  if (document.errors.length > 0) throw refuse('not-yaml', cluster);
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 0 });
  } catch {
    throw refuse('aliases', cluster);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw refuse('not-mapping', cluster);
  schema ??= buildSchema();
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const refusals = parsed.error.issues.flatMap((issue) => refusalsOf(issue, value));
    const worst = refusals.reduce((best, candidate) =>
      SEVERITY.indexOf(candidate.reason) < SEVERITY.indexOf(best.reason) ? candidate : best,
    );
    throw refuse(worst.reason, cluster, fieldPath(worst.path));
  }
  // zod's output: a new object of the declared keys only (declared in the order kubectl writes them).
  const data = parsed.data;
  const config: QboKubeconfig = {
    clusters: data.clusters,
    users: data.users,
    contexts: data.contexts,
    'current-context': data['current-context'],
  };
  checkReferences(config, cluster);
  return allow(cluster, config);
}

/** The kubeconfig text of a checked object, in the layout kubectl and kind write (keys sorted, lists not indented). */
export function serialiseKubeconfig(config: QboKubeconfig): string {
  const document = {
    apiVersion: 'v1',
    clusters: config.clusters.map((entry) => ({ cluster: entry.cluster, name: entry.name })),
    contexts: config.contexts.map((entry) => ({ context: entry.context, name: entry.name })),
    'current-context': config['current-context'],
    kind: 'Config',
    preferences: {},
    users: config.users.map((entry) => ({ name: entry.name, user: entry.user })),
  };
  return yaml().stringify(document, { indentSeq: false, lineWidth: 0 });
}

/** The kubeconfig of a `get cluster NAME -k` reply's output items, checked; throws when there is none or it is refused. */
export function kubeconfigFromOutput(items: readonly Record<string, unknown>[], cluster: string): AllowedKubeconfig {
  const text = items.find((item) => typeof item.kubeconfig === 'string')?.kubeconfig;
  if (typeof text !== 'string' || text === '') throw new Error(l10n.t('qbo returned no kubeconfig for {0}', cluster));
  return checkKubeconfig(text, cluster);
}
