// The Clusters view's filter: which pods, services and nodes the tree shows. Pure, so the tree
// model, the counts in folder descriptions and the view's description all follow one rule
// (docs/DECISIONS.md, "Tree filter").
import * as z from 'zod/mini';
import { stateClass } from '../qbo/domain';
import type { Pod, QboNode, Service } from '../qbo/messages';
import * as l10n from '@vscode/l10n';

export interface TreeFilter {
  /** Hide pods and services of the `kube-system` namespace. */
  hideSystem: boolean;
  /** Show only running nodes and pods (clusters always show: every action starts there). */
  runningOnly: boolean;
  /** Show only pods and services of this namespace. */
  namespace?: string;
  /** Show only pods and services whose name contains this text (case-insensitive). */
  nameContains?: string;
}

export const NO_FILTER: TreeFilter = { hideSystem: false, runningOnly: false };

export const SYSTEM_NAMESPACE = 'kube-system';

/** Longest namespace or name text kept: Kubernetes names are at most 253 characters. */
const MAX_TEXT = 253;

const storedFilterSchema = z.object({
  hideSystem: z.optional(z.boolean()),
  runningOnly: z.optional(z.boolean()),
  namespace: z.optional(z.string()),
  nameContains: z.optional(z.string()),
});

function cleanText(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text ? text.slice(0, MAX_TEXT) : undefined;
}

/** A filter from storage (workspaceState) or a caller: anything malformed reads as no filter. */
export function parseFilter(value: unknown): TreeFilter {
  const parsed = storedFilterSchema.safeParse(value);
  if (!parsed.success) return NO_FILTER;
  return normalizeFilter({
    hideSystem: parsed.data.hideSystem ?? false,
    runningOnly: parsed.data.runningOnly ?? false,
    namespace: parsed.data.namespace,
    nameContains: parsed.data.nameContains,
  });
}

/** Trims texts, drops empty ones, and leaves out absent fields (so stored filters compare equal). */
export function normalizeFilter(filter: TreeFilter): TreeFilter {
  const result: TreeFilter = { hideSystem: filter.hideSystem, runningOnly: filter.runningOnly };
  const namespace = cleanText(filter.namespace);
  const nameContains = cleanText(filter.nameContains);
  if (namespace) result.namespace = namespace;
  if (nameContains) result.nameContains = nameContains;
  return result;
}

export function isFiltering(filter: TreeFilter): boolean {
  return filter.hideSystem || filter.runningOnly || filter.namespace !== undefined || filter.nameContains !== undefined;
}

export function sameFilter(a: TreeFilter, b: TreeFilter): boolean {
  const left = normalizeFilter(a);
  const right = normalizeFilter(b);
  return (
    left.hideSystem === right.hideSystem &&
    left.runningOnly === right.runningOnly &&
    left.namespace === right.namespace &&
    left.nameContains === right.nameContains
  );
}

/** The namespace and name rules, shared by pods and services. */
function namespacedPasses(filter: TreeFilter, entity: { name?: string; namespace?: string }): boolean {
  if (filter.hideSystem && entity.namespace === SYSTEM_NAMESPACE) return false;
  if (filter.namespace !== undefined && entity.namespace !== filter.namespace) return false;
  if (filter.nameContains !== undefined && !(entity.name ?? '').toLowerCase().includes(filter.nameContains.toLowerCase())) return false;
  return true;
}

export function podPasses(filter: TreeFilter, pod: Pod): boolean {
  if (filter.runningOnly && stateClass(pod.status) !== 'running') return false;
  return namespacedPasses(filter, pod);
}

export function servicePasses(filter: TreeFilter, service: Service): boolean {
  return namespacedPasses(filter, service);
}

export function nodePasses(filter: TreeFilter, node: QboNode): boolean {
  return !filter.runningOnly || stateClass(node.state) === 'running';
}

/** What the filter hides, e.g. `no kube-system, running only`; undefined when it hides nothing. */
function filterParts(filter: TreeFilter): string | undefined {
  if (!isFiltering(filter)) return undefined;
  const parts: string[] = [];
  if (filter.hideSystem) parts.push(l10n.t('no {0}', SYSTEM_NAMESPACE));
  if (filter.runningOnly) parts.push(l10n.t('running only'));
  if (filter.namespace !== undefined) parts.push(l10n.t('namespace {0}', filter.namespace));
  if (filter.nameContains !== undefined) parts.push(l10n.t('name contains "{0}"', filter.nameContains));
  return parts.join(', ');
}

/** What the view's description says while the filter is on, e.g. `filtered: no kube-system`. */
export function filterSummary(filter: TreeFilter): string | undefined {
  const parts = filterParts(filter);
  return parts === undefined ? undefined : l10n.t('filtered: {0}', parts);
}

/**
 * The filter the view talks about: none while signed out (a message above the tree would also
 * hide the welcome view's sign-in buttons; the filter stays remembered for the next sign-in).
 */
export function filterShown(signedIn: boolean, filter: TreeFilter): TreeFilter {
  return signedIn ? filter : NO_FILTER;
}

/** The message above the tree: the connection's (if any), then the filter while one is on. */
export function withFilterMessage(connectionMessage: string | undefined, filter: TreeFilter): string | undefined {
  const parts = filterParts(filter);
  const filterMessage = parts === undefined ? undefined : l10n.t('Filtered: {0}. Clear Filter in the view title shows everything.', parts);
  const present = [connectionMessage, filterMessage].filter((part): part is string => part !== undefined && part !== '');
  return present.length > 0 ? present.join(' ') : undefined;
}

/** The view's description: the profile it shows and, while filtering, the filter. */
export function withFilterDescription(profile: string | undefined, filter: TreeFilter): string | undefined {
  const parts = [profile, filterSummary(filter)].filter((part): part is string => part !== undefined && part !== '');
  return parts.length > 0 ? parts.join(' · ') : undefined;
}
