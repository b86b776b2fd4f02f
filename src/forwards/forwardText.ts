// How port forwards read: the tree row (`localhost:8080 → 80`), the status bar (how many run),
// the pick that Stop and Show Port Forwards offer, and the log's name for one. Pure.
import * as l10n from '@vscode/l10n';
import { safePickItem, safeText } from '../ui/safeText';
import type { Forward } from './forwardList';

/** The row's label: `localhost:8080 → 80`. */
export function forwardLabel(forward: Forward): string {
  return `localhost:${forward.localPort} → ${forward.remotePort}`;
}

/** The log's and a notification's name for a forward: `localhost:8080 → shop/web:80 (dev)`. */
export function forwardName(forward: Forward): string {
  return `localhost:${forward.localPort} → ${forward.namespace}/${forward.service}:${forward.remotePort} (${forward.cluster})`;
}

export interface ForwardStatusText {
  text: string;
  tooltip: string;
}

/** The status bar entry while forwards run (`$(plug) 2`), or undefined when none does. */
export function forwardStatusText(forwards: readonly Forward[]): ForwardStatusText | undefined {
  if (forwards.length === 0) return undefined;
  const heading = forwards.length === 1 ? l10n.t('1 qbo port forward running') : l10n.t('{0} qbo port forwards running', forwards.length);
  const lines = forwards.map((forward) => safeText(forwardName(forward), { maxChars: 160, fullTextLogged: false }));
  return { text: `$(plug) ${forwards.length}`, tooltip: [heading, ...lines].join('\n') };
}

export interface ForwardPickItem {
  label: string;
  description: string;
  forward: Forward;
}

/** Quick-pick rows: `localhost:8080 → shop/web:80`, with the cluster (and the profile when several are connected). */
export function forwardPickItems(forwards: readonly Forward[], severalProfiles: boolean): ForwardPickItem[] {
  return forwards.map((forward) =>
    safePickItem({
      label: `localhost:${forward.localPort} → ${forward.namespace}/${forward.service}:${forward.remotePort}`,
      description: [
        forward.cluster,
        ...(severalProfiles ? [forward.profile] : []),
        ...(forward.state === 'starting' ? [l10n.t('starting…')] : []),
      ].join(' · '),
      forward,
    }),
  );
}
