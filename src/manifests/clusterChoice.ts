// Which cluster a manifest goes to: the running clusters of every connected profile, the one used
// last in this workspace first, then by name (and profile). What is remembered is read back from
// workspaceState, so it is checked like any stored value. Pure.
import * as l10n from '@vscode/l10n';
import { naturalCompare } from '../explorer/naturalOrder';
import { safePickItem } from '../ui/safeText';

/** A running cluster a manifest can go to. */
export interface ClusterChoice {
  profile: string;
  /** Its inventory key (the id when it has one). */
  key: string;
  name: string;
}

/** The cluster used last in a workspace, as stored. */
export interface RememberedCluster {
  profile: string;
  key: string;
}

/** The remembered cluster from workspaceState, or undefined for anything else. */
export function rememberedCluster(value: unknown): RememberedCluster | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { profile, key } = value as Record<string, unknown>;
  return typeof profile === 'string' && typeof key === 'string' && profile !== '' && key !== '' ? { profile, key } : undefined;
}

export function remembering(choice: ClusterChoice): RememberedCluster {
  return { profile: choice.profile, key: choice.key };
}

function isRemembered(choice: ClusterChoice, remembered: RememberedCluster | undefined): boolean {
  return remembered !== undefined && choice.profile === remembered.profile && choice.key === remembered.key;
}

/** The remembered one first (when it is still offered), then by cluster name, then by profile. */
export function orderedChoices(choices: readonly ClusterChoice[], remembered: RememberedCluster | undefined): ClusterChoice[] {
  return [...choices].sort(
    (a, b) =>
      Number(isRemembered(b, remembered)) - Number(isRemembered(a, remembered)) ||
      naturalCompare(a.name, b.name) ||
      naturalCompare(a.profile, b.profile) ||
      naturalCompare(a.key, b.key),
  );
}

export interface ChoiceItem {
  label: string;
  description: string | undefined;
  choice: ClusterChoice;
}

/**
 * Quick-pick rows, in order: the cluster's name; its profile when several are connected; "last
 * used" on the remembered one. Server names are shown safely (no `$(icon)` syntax).
 */
export function choiceItems(
  choices: readonly ClusterChoice[],
  remembered: RememberedCluster | undefined,
  severalProfiles: boolean,
): ChoiceItem[] {
  return orderedChoices(choices, remembered).map((choice) => {
    const parts = [...(severalProfiles ? [choice.profile] : []), ...(isRemembered(choice, remembered) ? [l10n.t('last used')] : [])];
    return safePickItem({ label: choice.name, description: parts.length > 0 ? parts.join(' · ') : undefined, choice });
  });
}
