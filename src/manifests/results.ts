// What kubectl's answers to the manifest actions mean: the diff's exit code, and the one-line
// result of an apply or a delete ("3 created, 1 configured in dev") counted from kubectl's own
// lines. Pure.
import * as l10n from '@vscode/l10n';

export type DiffOutcome = 'same' | 'differs' | 'failed';

/**
 * `kubectl diff`'s exit code: 0 no differences, 1 differences found (not a failure), anything
 * else — or no code at all (killed, not started) — a failure of kubectl or of its diff program.
 */
export function diffOutcome(code: number | null): DiffOutcome {
  if (code === 0) return 'same';
  if (code === 1) return 'differs';
  return 'failed';
}

/** What kubectl says happened to one object, in the order a summary names them. */
export const RESULT_VERBS = ['created', 'configured', 'serverside-applied', 'unchanged', 'pruned', 'deleted'] as const;
export type ResultVerb = (typeof RESULT_VERBS)[number];

/** `deployment.apps/web created`, `service/web unchanged`, `configmap/x configured (server dry run)`. */
const APPLY_LINE = /^(\S+\/\S+) (created|configured|serverside-applied|unchanged|pruned)(?: \([^)]*\))?$/;
/** `deployment.apps "web" deleted`, and newer kubectl's `… deleted from shop namespace`. */
const DELETE_LINE = /^\S+ "[^"]+" deleted(?: from \S+ namespace)?$/;

/** How many objects each verb reached, counted from kubectl's standard output (other lines are ignored). */
export function countResults(stdout: string): Map<ResultVerb, number> {
  const counts = new Map<ResultVerb, number>();
  for (const raw of stdout.split('\n')) {
    const line = raw.trim();
    const applied = APPLY_LINE.exec(line);
    const verb: ResultVerb | undefined = applied ? (applied[2] as ResultVerb) : DELETE_LINE.test(line) ? 'deleted' : undefined;
    if (verb) counts.set(verb, (counts.get(verb) ?? 0) + 1);
  }
  return counts;
}

function verbText(verb: ResultVerb, count: number): string {
  switch (verb) {
    case 'created':
      return l10n.t('{0} created', count);
    case 'configured':
      return l10n.t('{0} configured', count);
    case 'serverside-applied':
      return l10n.t('{0} applied', count);
    case 'unchanged':
      return l10n.t('{0} unchanged', count);
    case 'pruned':
      return l10n.t('{0} pruned', count);
    case 'deleted':
      return l10n.t('{0} deleted', count);
  }
}

/** `3 created, 1 configured`: the verbs in a fixed order, none with a count of 0. */
export function countsText(counts: ReadonlyMap<ResultVerb, number>): string {
  return RESULT_VERBS.filter((verb) => (counts.get(verb) ?? 0) > 0)
    .map((verb) => verbText(verb, counts.get(verb) ?? 0))
    .join(', ');
}

/** The notification after an apply: `qbo: 3 created, 1 configured in dev.` */
export function applySummary(counts: ReadonlyMap<ResultVerb, number>, cluster: string): string {
  const text = countsText(counts);
  return text ? l10n.t('qbo: {0} in {1}.', text, cluster) : l10n.t('qbo: applied to {0}; kubectl reported no objects.', cluster);
}

/** The notification after a delete: `qbo: 2 deleted from dev.`, saying how many of the manifest's objects were not there. */
export function deleteSummary(counts: ReadonlyMap<ResultVerb, number>, objects: number, cluster: string): string {
  const deleted = counts.get('deleted') ?? 0;
  if (deleted === 0) return l10n.t('qbo: none of the {0} objects was in {1}; nothing deleted.', objects, cluster);
  const missing = objects - deleted;
  return missing > 0
    ? l10n.t('qbo: {0} deleted from {1} ({2} not there).', deleted, cluster, missing)
    : l10n.t('qbo: {0} deleted from {1}.', deleted, cluster);
}

/**
 * The message of a failed kubectl run: its own error text (the `error:` lines of standard error,
 * else all of it), what it did before failing, and where. Made safe to show by the caller.
 */
export function failureText(
  action: 'apply' | 'diff' | 'delete' | 'get',
  cluster: string,
  stderr: string,
  counts?: ReadonlyMap<ResultVerb, number>,
): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const errors = lines.filter((line) => /^(error|Error from server)\b/i.test(line));
  const said = (errors.length > 0 ? errors : lines).join(' ') || l10n.t('no message');
  const before = counts ? countsText(counts) : '';
  return before
    ? l10n.t('qbo: kubectl {0} failed on {1} ({2} first): {3}', action, cluster, before, said)
    : l10n.t('qbo: kubectl {0} failed on {1}: {2}', action, cluster, said);
}
