// The Activity view's filter: which kinds of entries, and which clusters' entries, it shows.
// Remembered per workspace (like the Clusters view's filter) and validated when read back. Pure.
import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';
import { ACTIVITY_KINDS, entryClusters, type ActivityEntry, type ActivityKind } from './entries';
import { displayText } from './safeText';

export interface ActivityFilter {
  /** Only these kinds; undefined for every kind. */
  readonly kinds?: readonly ActivityKind[];
  /** Only entries about these clusters (a command on every cluster counts for each); undefined for every cluster. */
  readonly clusters?: readonly string[];
}

export const NO_ACTIVITY_FILTER: ActivityFilter = {};

const storedSchema = z.object({
  kinds: z.optional(z.array(z.string()).check(z.maxLength(20))),
  clusters: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(300))).check(z.maxLength(100))),
});

/** Drops unknown kinds and repeats; "all kinds" and "no cluster named" read as no restriction. */
export function normalizeActivityFilter(filter: {
  kinds?: readonly string[] | undefined;
  clusters?: readonly string[] | undefined;
}): ActivityFilter {
  const kinds = ACTIVITY_KINDS.filter((kind) => filter.kinds?.includes(kind));
  const clusters = [...new Set(filter.clusters ?? [])].sort();
  return {
    ...(filter.kinds !== undefined && kinds.length > 0 && kinds.length < ACTIVITY_KINDS.length ? { kinds } : {}),
    ...(clusters.length > 0 ? { clusters } : {}),
  };
}

/** A filter from storage or a caller: anything malformed reads as no filter. */
export function parseActivityFilter(value: unknown): ActivityFilter {
  const parsed = storedSchema.safeParse(value);
  return parsed.success ? normalizeActivityFilter(parsed.data) : NO_ACTIVITY_FILTER;
}

export function isActivityFiltering(filter: ActivityFilter): boolean {
  return filter.kinds !== undefined || filter.clusters !== undefined;
}

export function sameActivityFilter(a: ActivityFilter, b: ActivityFilter): boolean {
  return JSON.stringify(normalizeActivityFilter(a)) === JSON.stringify(normalizeActivityFilter(b));
}

export function activityPasses(filter: ActivityFilter, entry: ActivityEntry): boolean {
  if (filter.kinds && !filter.kinds.includes(entry.kind)) return false;
  if (!filter.clusters) return true;
  const clusters = entryClusters(entry);
  return clusters === 'all' || clusters.some((cluster) => filter.clusters?.includes(cluster));
}

/** `filtered: dev, prod` / `filtered: 2 kinds` / both, for the view's description. */
export function activityFilterText(filter: ActivityFilter): string | undefined {
  const parts: string[] = [];
  if (filter.clusters)
    parts.push(
      filter.clusters.length <= 2
        ? filter.clusters.map((cluster) => displayText(cluster, 40)).join(', ')
        : l10n.t('{0} clusters', filter.clusters.length),
    );
  if (filter.kinds) parts.push(filter.kinds.length === 1 ? l10n.t('1 kind') : l10n.t('{0} kinds', filter.kinds.length));
  return parts.length > 0 ? l10n.t('filtered: {0}', parts.join(' · ')) : undefined;
}
