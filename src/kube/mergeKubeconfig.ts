// Merging a checked qbo kubeconfig (kubeconfigPolicy.ts) into the user's (~/.kube/config or a
// chosen file). Pure: text and object in, text out. The incoming file must be self-contained
// (every context names a cluster and a user of its own), so the server's entries are never paired
// with the user's: names taken by a different entry get a suffix, identical entries are reused,
// and merging twice changes nothing. The user's file is edited, not rewritten: the new entries are
// spliced into its text (found through yaml's Document API), so its comments, key order and layout
// stay byte for byte; when the result would not read back as intended, the Document API writes it.
import type * as Yaml from 'yaml';
import { yaml, type QboKubeconfig } from './kubeconfigPolicy';

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

type ListKey = 'clusters' | 'users' | 'contexts';
const LISTS: readonly ListKey[] = ['clusters', 'users', 'contexts'];
type Entry = Record<string, unknown> & { name: string };

/** Structural equality, key order ignored (kubeconfig entries are plain YAML data). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left).filter((key) => left[key] !== undefined);
  const otherKeys = Object.keys(right).filter((key) => right[key] !== undefined);
  return keys.length === otherKeys.length && keys.every((key) => sameValue(left[key], right[key]));
}

function sameContent(a: Entry, b: Entry): boolean {
  return sameValue({ ...a, name: '' }, { ...b, name: '' });
}

/** A free name: `base`, else `base-qbo`, `base-qbo-2`, ... */
/**
 * A free name: `base`, else `base@ACCOUNT` (the profile it comes from, so that `dev` of two
 * accounts are told apart), else `base-qbo` without an account; then `-2`, `-3`, ...
 */
function freeName(base: string, taken: Set<string>, account: string | undefined): string {
  if (!taken.has(base)) return base;
  const first = account ? `${base}@${account}` : `${base}-qbo`;
  let candidate = first;
  for (let index = 2; taken.has(candidate); index++) candidate = `${first}-${index}`;
  return candidate;
}

/** A profile name as part of a kubeconfig entry name: plain characters only. */
export function accountSuffix(profile: string): string {
  return (
    profile
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '')
      .slice(0, 48) || 'qbo'
  );
}

/** Refuses an incoming kubeconfig whose contexts name a cluster or a user it does not define itself. */
function checkSelfContained(incoming: QboKubeconfig): void {
  const clusters = new Set(incoming.clusters.map((entry) => entry.name));
  const users = new Set(incoming.users.map((entry) => entry.name));
  incoming.contexts.forEach((entry, index) => {
    if (!clusters.has(entry.context.cluster))
      throw new KubeconfigError(
        `the kubeconfig to merge has a context naming a cluster it does not define (contexts[${index}].context.cluster); the file was not changed`,
      );
    if (!users.has(entry.context.user))
      throw new KubeconfigError(
        `the kubeconfig to merge has a context naming a user it does not define (contexts[${index}].context.user); the file was not changed`,
      );
  });
}

interface Existing {
  document: Yaml.Document.Parsed;
  /** The file as data (an empty object for an empty file). */
  data: Record<string, unknown>;
}

function isNamedList(value: unknown): value is Entry[] {
  return (
    Array.isArray(value) && value.every((entry) => typeof entry === 'object' && entry !== null && typeof (entry as Entry).name === 'string')
  );
}

function readExisting(text: string): Existing {
  const what = 'the existing kubeconfig';
  const document = yaml().parseDocument(text, { prettyErrors: false });
  if (document.errors.length > 0) throw new KubeconfigError(`${what} is not valid YAML (one document); the file was not changed`);
  if (document.contents === null) return { document, data: {} };
  const data: unknown = document.toJS();
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new KubeconfigError(`${what} is not a kubeconfig (not a mapping); the file was not changed`);
  const config = data as Record<string, unknown>;
  for (const key of LISTS)
    if (config[key] !== undefined && config[key] !== null && !isNamedList(config[key]))
      throw new KubeconfigError(`${what}: ${key} must be a list of named entries; the file was not changed`);
  return { document, data: config };
}

/** What the merge adds: new entries per list and the context to make current. */
interface Plan {
  added: Record<ListKey, Entry[]>;
  current: string | undefined;
}

function render(value: unknown): string {
  return yaml().stringify(value, { indentSeq: false, lineWidth: 0 });
}

function indent(text: string, column: number): string {
  const pad = ' '.repeat(column);
  return text
    .split('\n')
    .map((line) => (line === '' ? line : pad + line))
    .join('\n');
}

/** The data the merged file must read back as. */
function expectedData(existing: Record<string, unknown>, plan: Plan, fresh: boolean): Record<string, unknown> {
  const base: Record<string, unknown> = fresh ? { apiVersion: 'v1', kind: 'Config', preferences: {} } : {};
  const data: Record<string, unknown> = { ...base, ...structuredClone(existing) };
  for (const key of LISTS) {
    const list = (data[key] as Entry[] | null | undefined) ?? [];
    if (plan.added[key].length > 0 || (fresh && data[key] === undefined)) data[key] = [...list, ...plan.added[key]];
  }
  if (plan.current !== undefined) data['current-context'] = plan.current;
  return data;
}

/** A new file: the entries in the layout kubectl writes (keys sorted). */
function freshText(plan: Plan): string {
  return render({
    apiVersion: 'v1',
    clusters: plan.added.clusters,
    contexts: plan.added.contexts,
    ...(plan.current !== undefined ? { 'current-context': plan.current } : {}),
    kind: 'Config',
    preferences: {},
    users: plan.added.users,
  });
}

interface Edit {
  at: number;
  remove: number;
  insert: string;
}

/**
 * The existing text with the plan spliced in: new list items after the last item of each block
 * list (at its indentation), an empty or flow list rewritten as a block, a missing key appended,
 * the current context's scalar replaced. Undefined when the layout is not one this handles.
 */
function splice(text: string, existing: Existing, plan: Plan): string | undefined {
  const Y = yaml();
  const contents = existing.document.contents;
  if (!contents) {
    const separator = text === '' || text.endsWith('\n') ? '' : '\n';
    return text + separator + freshText(plan);
  }
  if (!Y.isMap(contents) || contents.flow || !contents.range) return undefined;
  const column = (offset: number): number => offset - (text.lastIndexOf('\n', offset - 1) + 1);
  /** The start of the line after `offset`'s (or the end of the text). */
  const nextLine = (offset: number): number => {
    if (offset > 0 && text[offset - 1] === '\n') return offset;
    const newline = text.indexOf('\n', offset);
    return newline < 0 ? text.length : newline + 1;
  };
  const first = contents.items[0];
  if (!first || !Y.isScalar(first.key) || !first.key.range) return undefined;
  const topColumn = column(first.key.range[0]);
  const pairOf = (key: string) => contents.items.find((pair) => Y.isScalar(pair.key) && pair.key.value === key);
  const edits: Edit[] = [];
  let appended = '';
  for (const key of LISTS) {
    const additions = plan.added[key];
    if (additions.length === 0) continue;
    const pair = pairOf(key);
    const value = pair?.value;
    if (!pair) {
      appended += `${key}:\n${indent(render(additions), topColumn)}`;
    } else if (Y.isSeq(value) && !value.flow && value.items.length > 0 && value.range) {
      edits.push({ at: nextLine(value.range[1]), remove: 0, insert: indent(render(additions), column(value.range[0])) });
    } else if ((Y.isSeq(value) || (Y.isScalar(value) && value.value === null)) && value.range && Y.isScalar(pair.key) && pair.key.range) {
      // `users: []`, `users: [a, b]` or `users:` (null): the list becomes a block list with the old items first.
      const items = [...((existing.data[key] as Entry[] | null | undefined) ?? []), ...additions];
      const block = indent(render(items), column(pair.key.range[0])).replace(/\n$/, '');
      let start = value.range[0];
      while (text[start - 1] === ' ' || text[start - 1] === '\t') start--;
      edits.push({ at: start, remove: value.range[1] - start, insert: `\n${block}` });
    } else return undefined;
  }
  if (plan.current !== undefined) {
    const pair = pairOf('current-context');
    const rendered = render(plan.current).replace(/\n$/, '');
    if (!pair) appended += `${' '.repeat(topColumn)}current-context: ${rendered}\n`;
    else if (Y.isScalar(pair.value) && pair.value.range) {
      const [start, end] = pair.value.range;
      edits.push({ at: start, remove: end - start, insert: `${text[start - 1] === ':' ? ' ' : ''}${rendered}` });
    } else return undefined;
  }
  if (appended !== '') {
    const at = nextLine(contents.range[1]);
    edits.push({ at, remove: 0, insert: (at > 0 && text[at - 1] !== '\n' ? '\n' : '') + appended });
  }
  const crlf = text.includes('\r\n');
  let result = text;
  // From the end, so earlier offsets stay valid; a stable sort keeps insertions at one offset in order.
  for (const edit of edits.map((edit, order) => ({ edit, order })).sort((a, b) => b.edit.at - a.edit.at || b.order - a.order)) {
    const insert = crlf ? edit.edit.insert.replace(/\r?\n/g, '\r\n') : edit.edit.insert;
    result = result.slice(0, edit.edit.at) + insert + result.slice(edit.edit.at + edit.edit.remove);
  }
  return result;
}

/** The same plan through the Document API (nodes added, document re-rendered): for layouts splice() does not handle. */
function rewrite(existingText: string, existing: Existing, plan: Plan): string {
  const Y = yaml();
  const document = existing.document;
  if (document.contents === null) return freshText(plan);
  const contents: unknown = document.contents;
  if (!Y.isMap<unknown, unknown>(contents))
    throw new KubeconfigError('the existing kubeconfig is not a kubeconfig (not a mapping); the file was not changed');
  for (const key of LISTS) {
    const additions = plan.added[key];
    if (additions.length === 0) continue;
    const list = contents.get(key, true);
    if (Y.isSeq(list)) for (const entry of additions) list.add(document.createNode(entry));
    else contents.set(key, document.createNode(additions));
  }
  if (plan.current !== undefined) contents.set('current-context', plan.current);
  // Lists as the file had them: kubectl writes `- ` under the key's own column.
  const indentSeq = !/^[A-Za-z_-]+:[ \t]*\r?\n-[ \t]/m.test(existingText);
  return document.toString({ indentSeq, lineWidth: 0 });
}

function readsBackAs(text: string, expected: Record<string, unknown>): boolean {
  const document = yaml().parseDocument(text, { prettyErrors: false });
  return document.errors.length === 0 && sameValue(document.toJS(), expected);
}

/**
 * Adds the clusters, users and contexts of `incoming` to `existingText`. Refused (KubeconfigError,
 * nothing merged) when an incoming context names a cluster or user `incoming` does not define.
 * Entries equal to an existing one are reused; different entries with a taken name are renamed
 * (and the incoming contexts pointing at them follow). `setCurrent` makes the first incoming
 * context current.
 */
export interface MergeOptions {
  setCurrent?: boolean;
  /** The profile the kubeconfig comes from (accountSuffix): a clashing name becomes `name@account`. */
  account?: string;
}

export function mergeKubeconfig(existingText: string, incoming: QboKubeconfig, options: MergeOptions = {}): MergeResult {
  checkSelfContained(incoming);
  const existing = readExisting(existingText);
  const renamed: Record<string, string> = {};
  const plan: Plan = { added: { clusters: [], users: [], contexts: [] }, current: undefined };

  const place = (key: ListKey, entry: Entry): string => {
    const list = [...((existing.data[key] as Entry[] | null | undefined) ?? []), ...plan.added[key]];
    const match = list.find((candidate) => candidate.name === entry.name && sameContent(candidate, entry));
    if (match) return match.name;
    const identical = list.find((candidate) => sameContent(candidate, entry));
    if (identical) return identical.name;
    const name = freeName(entry.name, new Set(list.map((candidate) => candidate.name)), options.account);
    if (name !== entry.name) renamed[entry.name] = name;
    plan.added[key].push({ ...entry, name });
    return name;
  };
  const clusterNames = new Map(
    incoming.clusters.map((entry) => [entry.name, place('clusters', { cluster: entry.cluster, name: entry.name })]),
  );
  const userNames = new Map(incoming.users.map((entry) => [entry.name, place('users', { name: entry.name, user: entry.user })]));
  const contexts = incoming.contexts.map((entry) =>
    place('contexts', {
      context: {
        ...entry.context,
        // Defined in `incoming` (checked above): never an entry of the user's own file.
        cluster: clusterNames.get(entry.context.cluster) as string,
        user: userNames.get(entry.context.user) as string,
      },
      name: entry.name,
    }),
  );
  const first = contexts[0];
  if (options.setCurrent && first !== undefined && existing.data['current-context'] !== first) plan.current = first;

  const changed = LISTS.some((key) => plan.added[key].length > 0) || plan.current !== undefined;
  if (!changed) return { text: existingText, contexts, renamed, changed };
  const fresh = existing.document.contents === null;
  const expected = expectedData(existing.data, plan, fresh);
  const spliced = splice(existingText, existing, plan);
  const text = spliced !== undefined && readsBackAs(spliced, expected) ? spliced : rewrite(existingText, existing, plan);
  if (!readsBackAs(text, expected))
    throw new KubeconfigError('the merged kubeconfig would not read back as intended; the file was not changed');
  return { text, contexts, renamed, changed };
}
