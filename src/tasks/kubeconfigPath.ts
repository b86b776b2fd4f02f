// Where a `kubeconfig` task may write. tasks.json is workspace content (a cloned repository can
// ship one), so the path it names is held to a rule (docs/SECURITY.md "qbo tasks"): inside a
// workspace folder, never through a symbolic link, never into `.git`, a kubeconfig's file name,
// and an existing file only when it already is a kubeconfig. Checked before the kubeconfig is
// fetched and again just before it is written. No `vscode`: tested in plain Node.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';
import { MAX_KUBECONFIG_BYTES, yaml } from '../kube/kubeconfigPolicy';

export type KubeconfigPathCheck = { ok: true; file: string } | { ok: false; message: string };

/** File names a kubeconfig task may write: what kubectl users call such files. */
const KUBECONFIG_NAME = /^(?:[^/\\]+\.(?:ya?ml|kubeconfig)|kubeconfig|config)$/i;

function refused(requested: string, reason: string): KubeconfigPathCheck {
  return { ok: false, message: l10n.t('the kubeconfig path {0} is refused: {1}', JSON.stringify(requested.slice(0, 200)), reason) };
}

async function lstatOrUndefined(file: string): Promise<import('node:fs').Stats | undefined> {
  try {
    return await fs.lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Whether `text` reads as a kubeconfig (`apiVersion: v1`, `kind: Config`). */
export function looksLikeKubeconfig(text: string): boolean {
  try {
    const document = yaml().parseDocument(text, { prettyErrors: false });
    if (document.errors.length > 0) return false;
    const value: unknown = document.toJS({ maxAliasCount: 0 });
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const record = value as Record<string, unknown>;
    return record.kind === 'Config' && record.apiVersion === 'v1';
  } catch {
    return false;
  }
}

/**
 * The file a kubeconfig task may write for `requested` (relative to the first folder, or absolute),
 * or why not. `folders` are the workspace folders the task may write into (its own folder, or
 * every folder for a workspace-wide task); symbolic links are refused at every level below the
 * folder, and the folder is taken by its real path.
 */
export async function checkKubeconfigPath(requested: string, folders: readonly string[]): Promise<KubeconfigPathCheck> {
  const [base] = folders;
  if (base === undefined) return refused(requested, l10n.t('a kubeconfig task writes only inside a workspace folder, and none is open'));
  const target = path.isAbsolute(requested) ? path.normalize(requested) : path.resolve(base, requested);
  const folder = folders.find((candidate) => {
    const relative = path.relative(candidate, target);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  });
  if (folder === undefined) return refused(requested, l10n.t('it is not inside the workspace folder'));
  const segments = path.relative(folder, target).split(path.sep);
  if (segments.some((segment) => segment.toLowerCase() === '.git')) return refused(requested, l10n.t('it is inside .git'));
  const name = segments[segments.length - 1] ?? '';
  if (!KUBECONFIG_NAME.test(name))
    return refused(requested, l10n.t('the file name must end in .yaml, .yml or .kubeconfig, or be "kubeconfig" or "config"'));

  let current: string;
  try {
    current = await fs.realpath(folder);
  } catch {
    return refused(requested, l10n.t('the workspace folder cannot be read'));
  }
  for (const [index, segment] of segments.entries()) {
    current = path.join(current, segment);
    const stat = await lstatOrUndefined(current);
    if (stat === undefined) break; // the rest is created (folders 0700)
    const shown = segments.slice(0, index + 1).join('/');
    if (stat.isSymbolicLink()) return refused(requested, l10n.t('{0} is a symbolic link', shown));
    const last = index === segments.length - 1;
    if (!last && !stat.isDirectory()) return refused(requested, l10n.t('{0} is not a folder', shown));
    if (last) {
      if (!stat.isFile()) return refused(requested, l10n.t('it exists and is not a file'));
      if (stat.size > MAX_KUBECONFIG_BYTES) return refused(requested, l10n.t('it exists and is not a kubeconfig'));
      if (!looksLikeKubeconfig(await fs.readFile(current, 'utf8'))) return refused(requested, l10n.t('it exists and is not a kubeconfig'));
    }
  }
  return { ok: true, file: path.join(await fs.realpath(folder), ...segments) };
}
