// Who last acted on each cluster: the latest start, stop, add or delete that named it (or every
// cluster, `-A`), by another client or by this one. The Clusters view's note ("alex@qbo.io stopped
// it 20 s ago") and the conflict guard read it: both care only when the latest action was another
// client's (an action of ours after it means we have seen it and took over). Pure.
import { Emitter, type Disposable } from '../qbo/events';
import type { Who } from './entries';

export type ActionVerb = 'start' | 'stop' | 'add' | 'delete';

/** An action of another client on a cluster (or on all of them). */
export interface OtherAction {
  readonly at: number;
  readonly who: Who;
  readonly verb: ActionVerb;
  /** On the cluster itself, or on nodes of it. */
  readonly on: 'clusters' | 'nodes';
  /** `-A`: every cluster (or every node). */
  readonly all: boolean;
  /** The command line, `qbo …` (redacted). */
  readonly line: string;
}

/** What an action covers: named clusters, or every cluster of the profile. */
export type ActionScope = { readonly clusters: readonly string[] } | { readonly everything: true };

interface Latest {
  readonly at: number;
  /** Undefined for an action of this client. */
  readonly other: OtherAction | undefined;
}

export interface RecentChange {
  readonly profile: string;
  /** The clusters whose latest action changed, or `all`. */
  readonly clusters: readonly string[] | 'all';
}

/** Actions older than this are forgotten (the longest guard window the setting allows). */
export const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;

export class RecentActions implements Disposable {
  /** profile → cluster name → its latest action. */
  private readonly byCluster = new Map<string, Map<string, Latest>>();
  /** profile → the latest action on every cluster (`-A`). */
  private readonly onAll = new Map<string, Latest>();
  private readonly changeEmitter = new Emitter<RecentChange>();
  /** Fires when a cluster's latest action changes. */
  readonly onDidChange = this.changeEmitter.event;

  /** Another client's action. */
  recordOther(profile: string, scope: ActionScope, action: OtherAction): void {
    this.record(profile, scope, { at: action.at, other: action });
  }

  /** An action of this client (it supersedes what others did before it). */
  recordOwn(profile: string, scope: ActionScope, at: number): void {
    this.record(profile, scope, { at, other: undefined });
  }

  /**
   * The latest action on `cluster` when it was another client's and at most `windowMs` old;
   * undefined otherwise (nobody else acted, it is older, or we acted since).
   */
  lastOther(profile: string, cluster: string, now: number, windowMs: number): OtherAction | undefined {
    const specific = this.byCluster.get(profile)?.get(cluster);
    const all = this.onAll.get(profile);
    const latest = !specific ? all : !all ? specific : all.at > specific.at ? all : specific;
    if (!latest?.other || windowMs <= 0) return undefined;
    const age = now - latest.at;
    return age >= 0 && age <= windowMs ? latest.other : undefined;
  }

  /** Every other client's action still within `windowMs` of `now`, with the clusters it is the latest for. */
  othersWithin(now: number, windowMs: number): { profile: string; cluster: string | 'all'; action: OtherAction }[] {
    const result: { profile: string; cluster: string | 'all'; action: OtherAction }[] = [];
    const within = (latest: Latest | undefined): latest is Latest & { other: OtherAction } =>
      latest?.other !== undefined && now - latest.at <= windowMs && now >= latest.at;
    for (const [profile, clusters] of this.byCluster)
      for (const [cluster, latest] of clusters) if (within(latest)) result.push({ profile, cluster, action: latest.other });
    for (const [profile, latest] of this.onAll) if (within(latest)) result.push({ profile, cluster: 'all', action: latest.other });
    return result;
  }

  dispose(): void {
    this.changeEmitter.dispose();
  }

  private record(profile: string, scope: ActionScope, latest: Latest): void {
    this.prune(latest.at);
    if ('everything' in scope) {
      const current = this.onAll.get(profile);
      if (current && current.at > latest.at) return;
      this.onAll.set(profile, latest);
      this.changeEmitter.fire({ profile, clusters: 'all' });
      return;
    }
    let clusters = this.byCluster.get(profile);
    if (!clusters) this.byCluster.set(profile, (clusters = new Map()));
    const changed: string[] = [];
    for (const cluster of scope.clusters) {
      const current = clusters.get(cluster);
      if (current && current.at > latest.at) continue;
      clusters.set(cluster, latest);
      changed.push(cluster);
    }
    if (changed.length > 0) this.changeEmitter.fire({ profile, clusters: changed });
  }

  private prune(now: number): void {
    for (const [profile, clusters] of this.byCluster) {
      for (const [cluster, latest] of clusters) if (now - latest.at > FORGET_AFTER_MS) clusters.delete(cluster);
      if (clusters.size === 0) this.byCluster.delete(profile);
    }
    for (const [profile, latest] of this.onAll) if (now - latest.at > FORGET_AFTER_MS) this.onAll.delete(profile);
  }
}
