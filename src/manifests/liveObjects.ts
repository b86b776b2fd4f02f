// The left side of Diff with Cluster: the live objects a manifest names, from `kubectl get -f FILE
// -o yaml`, without what only the server keeps (status, managed fields, uid, resource version,
// kubectl's last-applied annotation), one document per object of the manifest, in the manifest's
// order and format, so that VS Code's diff editor lines them up with the file. Pure.
import * as l10n from '@vscode/l10n';
import { yaml } from '../kube/kubeconfigPolicy';
import type { ManifestFormat, ManifestObject } from './manifest';

export type LiveObject = Record<string, unknown>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The objects of `kubectl get -o yaml` output: one object, or the items of a List. */
export function liveObjectsFrom(output: string): LiveObject[] {
  if (output.trim() === '') return [];
  const value: unknown = yaml().parse(output, { maxAliasCount: 100 });
  if (!isRecord(value)) return [];
  if (typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items))
    return value.items.filter((item): item is LiveObject => isRecord(item));
  return [value];
}

/** Metadata only the server writes: never in a manifest, so showing it would only make noise. */
const SERVER_METADATA = ['managedFields', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'selfLink'];
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** A copy of a live object without status and server-written metadata. */
export function withoutServerFields(object: LiveObject): LiveObject {
  const copy: LiveObject = { ...object };
  delete copy.status;
  if (isRecord(copy.metadata)) {
    const metadata: Record<string, unknown> = { ...copy.metadata };
    for (const key of SERVER_METADATA) delete metadata[key];
    if (isRecord(metadata.annotations)) {
      const annotations: Record<string, unknown> = { ...metadata.annotations };
      delete annotations[LAST_APPLIED];
      if (Object.keys(annotations).length === 0) delete metadata.annotations;
      else metadata.annotations = annotations;
    }
    copy.metadata = metadata;
  }
  return copy;
}

function metadataOf(object: LiveObject): Record<string, unknown> {
  return isRecord(object.metadata) ? object.metadata : {};
}

/** The live object a manifest object names: same kind and name, and namespace when the manifest gives one. */
function liveFor(object: ManifestObject, live: readonly LiveObject[]): LiveObject | undefined {
  return live.find((candidate) => {
    const metadata = metadataOf(candidate);
    return (
      candidate.kind === object.kind &&
      metadata.name === object.name &&
      (object.namespace === undefined || metadata.namespace === object.namespace)
    );
  });
}

/**
 * The text of the left side: for each object of the manifest its live version, or (YAML) a
 * comment saying it is not in the cluster. YAML: documents separated by `---`; JSON: the one
 * object (empty when absent), or a List of the live ones.
 */
export function liveDocumentText(
  objects: readonly ManifestObject[],
  live: readonly LiveObject[],
  format: ManifestFormat,
  cluster: string,
): string {
  const found = objects.map((object) => {
    const match = liveFor(object, live);
    return { object, live: match ? withoutServerFields(match) : undefined };
  });
  if (format === 'json') {
    if (found.length === 1) return found[0]?.live ? `${JSON.stringify(found[0].live, null, 2)}\n` : '';
    const items = found.flatMap((entry) => (entry.live ? [entry.live] : []));
    return `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 2)}\n`;
  }
  return found
    .map(({ object, live: match }) =>
      match
        ? yaml().stringify(match, { lineWidth: 0 })
        : `# ${l10n.t('{0} {1} is not in {2}: applying the file creates it.', object.kind, object.name ?? l10n.t('(no name)'), cluster).replace(/[\r\n]+/g, ' ')}\n`,
    )
    .join('---\n');
}
