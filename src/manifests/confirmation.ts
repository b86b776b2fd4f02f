// What Delete from Cluster asks before it deletes: how many objects of which file from which
// cluster, and (in the modal's detail) the objects themselves, kind and name, as the manifest
// names them, one line each. Pure; the names are made safe to show (file and object names come from
// the workspace, the cluster's from the server), and askModal keeps each line one line.
import * as l10n from '@vscode/l10n';
import { objectLabel, type ManifestObject } from './manifest';
import { safeName } from '../ui/safeText';

/** Objects named in the detail; the rest are counted. */
export const LISTED_OBJECTS = 20;

export function deleteConfirmation(
  objects: readonly ManifestObject[],
  fileName: string,
  cluster: string,
): { message: string; detail: string[] } {
  const count = objects.length;
  const message =
    count === 1
      ? l10n.t('Delete 1 object of {0} from {1}?', safeName(fileName), safeName(cluster))
      : l10n.t('Delete {0} objects of {1} from {2}?', count, safeName(fileName), safeName(cluster));
  const lines = objects.slice(0, LISTED_OBJECTS).map((object) => safeName(objectLabel(object)));
  if (count > LISTED_OBJECTS) lines.push(l10n.t('… and {0} more', count - LISTED_OBJECTS));
  return { message, detail: lines };
}
