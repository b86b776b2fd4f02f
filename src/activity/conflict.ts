// The conflict guard: before this client stops or deletes a cluster (or nodes of it, or all of
// them) that another client acted on within `qbo.confirm.recentActivityMinutes`, the confirmation
// says who did what and when, even when the usual confirmations are off. Pure.
import * as l10n from '@vscode/l10n';
import { actionText, whoLong } from './activityText';
import type { OtherAction } from './recentActions';

export type GuardedVerb = 'stop' | 'delete';

export interface Conflict {
  /** The cluster the action was on. */
  readonly cluster: string;
  readonly action: OtherAction;
}

/**
 * The most recent action of another client on one of `clusters` within `minutes` of `now`, or
 * undefined (0 minutes turns the guard off). `lastOther` answers for one cluster: the latest action
 * on it when that was another client's and is at most the given age (RecentActions.lastOther).
 */
export function findConflict(
  clusters: readonly string[],
  lastOther: (cluster: string, windowMs: number) => OtherAction | undefined,
  minutes: number,
): Conflict | undefined {
  if (!(minutes > 0)) return undefined;
  const windowMs = minutes * 60_000;
  let found: Conflict | undefined;
  for (const cluster of new Set(clusters)) {
    const action = lastOther(cluster, windowMs);
    if (action && (!found || action.at > found.action.at)) found = { cluster, action };
  }
  return found;
}

/** `alex@qbo.io (qbo-cli, 10.0.0.7) started dev 20 s ago.` */
export function conflictSentence(conflict: Conflict, now: number): string {
  return l10n.t('{0}.', actionText(conflict.action, whoLong(conflict.action.who), { name: conflict.cluster }, now));
}

/** The question after it, for one target or several: `Stop it anyway?`, `Delete them anyway?`. */
export function conflictQuestion(verb: GuardedVerb, targets: number): string {
  if (verb === 'stop') return targets === 1 ? l10n.t('Stop it anyway?') : l10n.t('Stop them anyway?');
  return targets === 1 ? l10n.t('Delete it anyway?') : l10n.t('Delete them anyway?');
}

/** The whole confirmation of a stop or delete of named targets: `… started dev 20 s ago. Stop it anyway?` */
export function conflictMessage(conflict: Conflict, verb: GuardedVerb, targets: number, now: number): string {
  return l10n.t('{0} {1}', conflictSentence(conflict, now), conflictQuestion(verb, targets));
}
