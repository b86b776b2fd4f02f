// Which Kubernetes objects a manifest describes: a YAML file (one object per document, `---`
// between them) or a JSON one, and in either the items of a `List`. Read before kubectl runs, so a
// file that is not a manifest gets a clear message and nothing runs, and Delete can list what it
// deletes. Pure; `yaml` is loaded on first use.
import * as l10n from '@vscode/l10n';
import { yaml } from '../kube/kubeconfigPolicy';

export type ManifestFormat = 'yaml' | 'json';

/** One object of a manifest, as its own fields name it. */
export interface ManifestObject {
  apiVersion: string;
  kind: string;
  /** `metadata.name`, when the object has one (kubectl refuses it otherwise, with its own message). */
  name: string | undefined;
  /** `metadata.namespace`, when given (else kubectl uses the kubeconfig's, `default` for qbo's). */
  namespace: string | undefined;
}

export type ManifestReading = { ok: true; format: ManifestFormat; objects: ManifestObject[] } | { ok: false; reason: string };

/** Larger texts are not read (a manifest of thousands of objects is far smaller). */
export const MAX_MANIFEST_CHARS = 8 * 1024 * 1024;
/** More objects than this are not a manifest anyone applies from an editor. */
export const MAX_MANIFEST_OBJECTS = 10_000;
/** Lists inside lists deeper than this are refused (kubectl flattens them; nothing real nests). */
const MAX_LIST_DEPTH = 8;

/** JSON for `.json` files and JSON editors, YAML for everything else (kubectl reads both either way). */
export function manifestFormat(languageId: string | undefined, fileName: string): ManifestFormat {
  if (languageId === 'json' || languageId === 'jsonc') return 'json';
  if (languageId === undefined || languageId === 'plaintext') return /\.json$/i.test(fileName) ? 'json' : 'yaml';
  return 'yaml';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** A `List` (`v1/List`, `DeploymentList`, …): an object whose kind ends in List and that carries `items`. */
function isList(value: Record<string, unknown>): boolean {
  return typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items);
}

/** The objects of one document, or why it is not a Kubernetes object. */
function objectsOf(value: unknown, where: string, depth = 0): ManifestObject[] | string {
  if (!isRecord(value)) return l10n.t('{0} is not an object with apiVersion and kind', where);
  if (isList(value) && depth < MAX_LIST_DEPTH) {
    const objects: ManifestObject[] = [];
    for (const [index, item] of (value.items as unknown[]).entries()) {
      const found = objectsOf(item, l10n.t('item {0} of {1}', index + 1, where), depth + 1);
      if (typeof found === 'string') return found;
      objects.push(...found);
    }
    return objects;
  }
  const apiVersion = text(value.apiVersion);
  const kind = text(value.kind);
  if (!apiVersion || !kind) {
    return !apiVersion && !kind
      ? l10n.t('{0} has no apiVersion and no kind', where)
      : !apiVersion
        ? l10n.t('{0} has no apiVersion', where)
        : l10n.t('{0} has no kind', where);
  }
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  return [{ apiVersion, kind, name: text(metadata.name), namespace: text(metadata.namespace) }];
}

function collect(values: { value: unknown; where: string }[], format: ManifestFormat): ManifestReading {
  const objects: ManifestObject[] = [];
  for (const { value, where } of values) {
    const found = objectsOf(value, where);
    if (typeof found === 'string') return { ok: false, reason: found };
    objects.push(...found);
    if (objects.length > MAX_MANIFEST_OBJECTS) return { ok: false, reason: l10n.t('it holds more than {0} objects', MAX_MANIFEST_OBJECTS) };
  }
  if (objects.length === 0) return { ok: false, reason: l10n.t('it holds no object') };
  return { ok: true, format, objects };
}

function readJson(source: string): ManifestReading {
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    return { ok: false, reason: l10n.t('it is not valid JSON ({0})', error instanceof Error ? error.message : String(error)) };
  }
  return collect([{ value, where: l10n.t('the file') }], 'json');
}

function readYaml(source: string): ManifestReading {
  const documents = yaml().parseAllDocuments(source, { uniqueKeys: true });
  const values: { value: unknown; where: string }[] = [];
  let number = 0;
  for (const document of documents) {
    number++;
    const [error] = document.errors;
    if (error) {
      const line = error.linePos?.[0].line;
      // The first line of the message: the rest is a frame of the source.
      const message = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? error.code;
      return {
        ok: false,
        reason:
          line !== undefined
            ? l10n.t('it is not valid YAML (line {0}: {1})', line, message)
            : l10n.t('it is not valid YAML ({0})', message),
      };
    }
    // A document of only comments (or the empty one after a trailing `---`) holds nothing.
    if (document.contents === null) continue;
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: 100 });
    } catch (failure) {
      return { ok: false, reason: l10n.t('it is not valid YAML ({0})', failure instanceof Error ? failure.message : String(failure)) };
    }
    if (value === null || value === undefined) continue;
    values.push({ value, where: l10n.t('document {0}', number) });
  }
  return collect(values, 'yaml');
}

/** The objects `source` describes, or why it is not a Kubernetes manifest (a sentence to follow "… is not a Kubernetes manifest:"). */
export function readManifest(source: string, format: ManifestFormat): ManifestReading {
  if (source.length > MAX_MANIFEST_CHARS)
    return { ok: false, reason: l10n.t('it is larger than {0} MiB', Math.round(MAX_MANIFEST_CHARS / 1024 / 1024)) };
  return format === 'json' ? readJson(source) : readYaml(source);
}

/**
 * A quick look for the editor's menu (run as the user types): an `apiVersion` and a `kind` key
 * near the top of a line, or as JSON keys. readManifest decides for real when a command runs.
 */
export function looksLikeManifest(source: string): boolean {
  const head = source.length > 1_000_000 ? source.slice(0, 1_000_000) : source;
  const has = (key: string) => new RegExp(`^\\s*(-\\s+)?${key}\\s*:|"${key}"\\s*:`, 'm').test(head);
  return has('apiVersion') && has('kind');
}

/** `Deployment shop/web`, `Namespace shop`, `ConfigMap (no name)`: how an object is listed. */
export function objectLabel(object: ManifestObject): string {
  const name = object.name ?? l10n.t('(no name)');
  return `${object.kind} ${object.namespace ? `${object.namespace}/${name}` : name}`;
}
