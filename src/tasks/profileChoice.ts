// Which connected profile a task (or an API wait) acts on, when it names none: the only one
// connected, else the one profile that holds every named cluster. Anything else is refused with
// the profiles to choose from, never guessed (docs/DECISIONS.md "Several profiles at once"). Pure.
import * as l10n from '@vscode/l10n';

export interface ProfileClusters {
  readonly name: string;
  /** Whether the profile's inventory holds a cluster of this name. */
  has(cluster: string): boolean;
}

export type ProfileChoice<P> = { ok: true; profile: P } | { ok: false; message: string };

function list(names: readonly string[]): string {
  return names.map((name) => `"${name}"`).join(', ');
}

/**
 * `requested` when given (it must be connected); else the only connected profile; else the one
 * holding every cluster of `clusters` (`creating`: they do not exist yet, so no profile can be told
 * from the others by them).
 */
export function chooseProfile<P extends ProfileClusters>(
  connected: readonly P[],
  clusters: readonly string[],
  requested: string | undefined,
  creating = false,
): ProfileChoice<P> {
  const names = connected.map((profile) => profile.name);
  if (requested !== undefined) {
    const profile = connected.find((candidate) => candidate.name === requested);
    if (profile) return { ok: true, profile };
    return {
      ok: false,
      message:
        names.length === 0
          ? l10n.t('the qbo profile "{0}" is not connected (none is)', requested)
          : l10n.t('the qbo profile "{0}" is not connected (connected: {1})', requested, list(names)),
    };
  }
  const [only] = connected;
  if (only === undefined) return { ok: false, message: l10n.t('not signed in to qbo: no profile is connected') };
  if (connected.length === 1) return { ok: true, profile: only };
  if (creating) return { ok: false, message: l10n.t('several qbo profiles are connected ({0}): name one with "profile"', list(names)) };
  const holders = connected.filter((profile) => clusters.every((cluster) => profile.has(cluster)));
  const [holder] = holders;
  if (holder !== undefined && holders.length === 1) return { ok: true, profile: holder };
  return {
    ok: false,
    message:
      holders.length > 1
        ? l10n.t(
            '{0} is in several connected profiles ({1}): name one with "profile"',
            clusters.join(', '),
            list(holders.map((p) => p.name)),
          )
        : l10n.t('no connected profile ({0}) holds {1}: name one with "profile"', list(names), clusters.join(', ')),
  };
}
