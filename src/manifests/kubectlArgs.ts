// The kubectl command lines of the manifest actions. Pure: the manifest is a file path kubectl
// reads, or standard input (`-f -`) for an editor's unsaved text, which is never written to disk.
import * as path from 'node:path';

export type ManifestSource = { kind: 'file'; path: string } | { kind: 'stdin'; text: string };

export class ManifestArgumentError extends Error {
  override readonly name = 'ManifestArgumentError';
}

/** What follows `-f`: an absolute path (never a flag, a URL or a glob kubectl would expand), or `-` for standard input. */
function fileArgument(source: ManifestSource): string {
  if (source.kind === 'stdin') return '-';
  const file = source.path;
  // eslint-disable-next-line no-control-regex -- a path with control characters is not one a user picked
  if (!path.isAbsolute(file) || file.startsWith('-') || /[\u0000-\u001f\u007f]/.test(file))
    throw new ManifestArgumentError('cannot run kubectl: the manifest is not a plain absolute file path');
  return file;
}

/** `kubectl apply -f FILE`: creates or updates every object of the manifest. */
export function applyArgs(source: ManifestSource): string[] {
  return ['apply', '-f', fileArgument(source)];
}

/** `kubectl diff -f FILE`: exit 0 when applying would change nothing, 1 when it would (diffOutcome). */
export function diffArgs(source: ManifestSource): string[] {
  return ['diff', '-f', fileArgument(source)];
}

/**
 * `kubectl delete -f FILE --ignore-not-found`: deletes the manifest's objects; one that is already
 * gone is not an error (deleting what a manifest describes is idempotent, as in scripts).
 */
export function deleteArgs(source: ManifestSource): string[] {
  return ['delete', '-f', fileArgument(source), '--ignore-not-found'];
}

/** `kubectl get -f FILE -o yaml --ignore-not-found`: the live objects the manifest names (the diff's left side). */
export function liveObjectsArgs(source: ManifestSource): string[] {
  return ['get', '-f', fileArgument(source), '-o', 'yaml', '--ignore-not-found'];
}

/** The text kubectl reads on standard input, if the source is an editor's text. */
export function standardInput(source: ManifestSource): string | undefined {
  return source.kind === 'stdin' ? source.text : undefined;
}
