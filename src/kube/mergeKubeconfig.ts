// Merging a qbo cluster's kubeconfig into the user's (~/.kube/config or a chosen file). Pure text
// in, text out; names that collide with a different entry get a suffix, identical entries are
// reused, so merging twice changes nothing.
import type * as Yaml from 'yaml';

/** `yaml` (the bundle's largest dependency), loaded when a kubeconfig is first merged, not at activation. */
function yaml(): typeof Yaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('yaml') as typeof Yaml;
}

interface Named {
  name: string;
  [key: string]: unknown;
}

export interface Kubeconfig {
  apiVersion?: string;
  kind?: string;
  clusters?: Named[];
  users?: Named[];
  contexts?: Named[];
  'current-context'?: string;
  [key: string]: unknown;
}

export interface MergeResult {
  text: string;
  /** Context names added or reused for the incoming contexts. */
  contexts: string[];
  /** Old name → new name for every entry that had to be renamed. */
  renamed: Record<string, string>;
  /** False when the file already held everything. */
  changed: boolean;
}

export class KubeconfigError extends Error {
  override readonly name = 'KubeconfigError';
}

function isNamedList(value: unknown): value is Named[] {
  return (
    Array.isArray(value) && value.every((entry) => typeof entry === 'object' && entry !== null && typeof (entry as Named).name === 'string')
  );
}

export function parseKubeconfig(text: string, what: string): Kubeconfig {
  let value: unknown;
  try {
    value = text.trim() === '' ? {} : yaml().parse(text);
  } catch {
    throw new KubeconfigError(`${what} is not valid YAML`);
  }
  if (value === null || value === undefined) value = {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new KubeconfigError(`${what} is not a kubeconfig (not a mapping)`);
  const config = value as Kubeconfig;
  for (const key of ['clusters', 'users', 'contexts'] as const) {
    if (config[key] !== undefined && config[key] !== null && !isNamedList(config[key]))
      throw new KubeconfigError(`${what}: ${key} must be a list of named entries`);
  }
  return config;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A free name: `base`, else `base-qbo`, `base-qbo-2`, ... */
function freeName(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  let candidate = `${base}-qbo`;
  for (let index = 2; taken.has(candidate); index++) candidate = `${base}-qbo-${index}`;
  return candidate;
}

/**
 * Adds the clusters, users and contexts of `incomingText` to `existingText`. Entries equal to an
 * existing one are reused; different entries with a taken name are renamed (and the contexts
 * pointing at them follow). `setCurrent` makes the first incoming context current.
 */
export function mergeKubeconfig(existingText: string, incomingText: string, options: { setCurrent?: boolean } = {}): MergeResult {
  const existing = parseKubeconfig(existingText, 'the existing kubeconfig');
  const incoming = parseKubeconfig(incomingText, 'the cluster kubeconfig');
  const result: Kubeconfig = { apiVersion: 'v1', kind: 'Config', preferences: {}, ...existing };
  const renamed: Record<string, string> = {};
  let changed = false;

  const mergeList = (key: 'clusters' | 'users', rename: Map<string, string>): void => {
    const list = [...((result[key] as Named[] | undefined) ?? [])];
    const taken = new Set(list.map((entry) => entry.name));
    for (const entry of (incoming[key] as Named[] | undefined) ?? []) {
      const match = list.find((candidate) => candidate.name === entry.name);
      if (match && same(match, entry)) {
        rename.set(entry.name, entry.name);
        continue;
      }
      const identical = list.find((candidate) => same({ ...candidate, name: '' }, { ...entry, name: '' }));
      if (identical) {
        rename.set(entry.name, identical.name);
        continue;
      }
      const name = freeName(entry.name, taken);
      if (name !== entry.name) renamed[entry.name] = name;
      taken.add(name);
      rename.set(entry.name, name);
      list.push({ ...entry, name });
      changed = true;
    }
    result[key] = list;
  };
  const clusterNames = new Map<string, string>();
  const userNames = new Map<string, string>();
  mergeList('clusters', clusterNames);
  mergeList('users', userNames);

  const contexts = [...(result.contexts ?? [])];
  const taken = new Set(contexts.map((entry) => entry.name));
  const added: string[] = [];
  for (const entry of incoming.contexts ?? []) {
    const context = (entry.context ?? {}) as Record<string, unknown>;
    const mapped: Named = {
      ...entry,
      context: {
        ...context,
        ...(typeof context.cluster === 'string' ? { cluster: clusterNames.get(context.cluster) ?? context.cluster } : {}),
        ...(typeof context.user === 'string' ? { user: userNames.get(context.user) ?? context.user } : {}),
      },
    };
    const match = contexts.find((candidate) => same({ ...candidate, name: '' }, { ...mapped, name: '' }));
    if (match) {
      added.push(match.name);
      continue;
    }
    const name = freeName(entry.name, taken);
    if (name !== entry.name) renamed[entry.name] = name;
    taken.add(name);
    contexts.push({ ...mapped, name });
    added.push(name);
    changed = true;
  }
  result.contexts = contexts;
  if (options.setCurrent && added[0] && result['current-context'] !== added[0]) {
    result['current-context'] = added[0];
    changed = true;
  }
  return { text: yaml().stringify(result), contexts: added, renamed, changed };
}

/** The backup file name for a kubeconfig about to be rewritten. */
export function backupName(file: string, now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${file}.qbo-backup-${stamp}`;
}
