// How qbo clusters look in the Kubernetes extension's Clouds view. Pure, unit-tested: the context
// value carries the Kubernetes extension's marker so its Merge into Kubeconfig / Save Kubeconfig
// commands appear on every cluster row, and our own per-state value for our menus.
import { stateClass } from '../qbo/domain';
import type { Cluster } from '../qbo/messages';
import { stateIcon, type IconSpec } from '../explorer/presentation';
import * as l10n from '@vscode/l10n';
import { safeText, TEXT_LIMITS } from '../ui/safeText';

/** The name qbo has under "Clouds". */
export const CLOUD_NAME = 'qbo';

/** CloudExplorerV1.SHOW_KUBECONFIG_COMMANDS_CONTEXT of the Kubernetes extension's API. */
export const SHOW_KUBECONFIG_COMMANDS_CONTEXT = 'kubernetes.providesKubeconfig';

export interface CloudRow {
  label: string;
  description?: string;
  tooltip?: string;
  icon: IconSpec;
  contextValue: string;
}

export function cloudClusterRow(cluster: Cluster, key: string): CloudRow {
  const state = stateClass(cluster.state);
  return {
    label: cluster.name ?? key,
    description: cluster.state ?? '',
    // Plain text (no Markdown, no icons), yet one line and bounded.
    tooltip: safeText([cluster.name, cluster.state, cluster.address].filter(Boolean).join(' · '), {
      maxChars: TEXT_LIMITS.tooltip,
      fullTextLogged: false,
    }),
    icon: stateIcon(cluster.state, 'server-environment', 'server-environment'),
    contextValue: `qbo.cloud.cluster.${state} ${SHOW_KUBECONFIG_COMMANDS_CONTEXT}`,
  };
}

/** A connected profile's group (several profiles connected): its clusters are below it. */
export function cloudProfileRow(profile: string, clusters: number): CloudRow {
  return {
    label: profile,
    description: clusters === 1 ? l10n.t('1 cluster') : l10n.t('{0} clusters', clusters),
    icon: { id: 'account' },
    contextValue: 'qbo.cloud.profile',
  };
}

/** The one row shown instead of clusters while there are none to show. */
export function cloudMessageRow(kind: 'signed-out' | 'loading' | 'empty'): CloudRow {
  switch (kind) {
    case 'signed-out':
      return { label: l10n.t('Sign in to qbo…'), icon: { id: 'sign-in' }, contextValue: 'qbo.cloud.signIn' };
    case 'loading':
      return { label: l10n.t('Loading qbo clusters…'), icon: { id: 'loading~spin' }, contextValue: 'qbo.cloud.message' };
    case 'empty':
      return { label: l10n.t('No qbo clusters'), icon: { id: 'info' }, contextValue: 'qbo.cloud.message' };
  }
}
