// Waiting until the mirror shows clusters (and their nodes) in a state: what qbo tasks and the
// API's waitForCluster end on. Driven only by inventory change events (mirror pushes and the
// re-lists after commands, docs/DECISIONS.md "Reconcile"): nothing is polled, the only timer is
// the deadline. Pure but for that timer: no `vscode`, the inventory and the link come in as
// interfaces, so the unit tests drive it with fake events.
import * as l10n from '@vscode/l10n';
import { stateClass } from '../qbo/domain';
import type { Disposable, Event } from '../qbo/events';
import type { Inventory } from '../qbo/inventory';
import type { WaitState } from './taskDefinition';

/** What the wait reads of a profile's inventory. */
export interface ClusterMirror {
  /** The clusters named `name` (normally one). */
  clusters(name: string): readonly { readonly state?: string | undefined }[];
  /** The nodes of the cluster(s) named `cluster`. */
  nodes(cluster: string): readonly { readonly state?: string | undefined }[];
  /** Fires when anything in the inventory may have changed. */
  readonly onDidChange: Event<unknown>;
}

/** Whether the mirror can still be followed: false once the link to the server is lost. */
export interface MirrorLink {
  /** Why the mirror cannot be followed now; undefined while it can. */
  readonly lost: string | undefined;
  /** Fires (with the reason) when the link is lost. */
  readonly onDidLose: Event<string>;
}

export function inventoryMirror(inventory: Inventory): ClusterMirror {
  return {
    clusters: (name) => inventory.all('clusters').filter((cluster) => cluster.name === name),
    nodes: (cluster) => inventory.inCluster(cluster, 'nodes').map(([, node]) => node),
    onDidChange: inventory.onDidChange,
  };
}

/** Where one cluster stands against the wanted state. */
export interface ClusterStanding {
  readonly name: string;
  readonly present: boolean;
  readonly reached: boolean;
  /** `prod: starting, 1 of 3 nodes running` */
  readonly text: string;
}

function stateWord(state: WaitState): string {
  switch (state) {
    case 'running':
      return l10n.t('running');
    case 'stopped':
      return l10n.t('stopped');
    case 'gone':
      return l10n.t('gone');
  }
}

/**
 * One cluster against `wanted`: `running` and `stopped` need every cluster of that name and each
 * of its nodes (at least one) in that state class; `gone` needs no cluster and no node left.
 */
export function clusterStanding(mirror: ClusterMirror, name: string, wanted: WaitState): ClusterStanding {
  const clusters = mirror.clusters(name);
  const nodes = mirror.nodes(name);
  const present = clusters.length > 0;
  if (!present) {
    const reached = wanted === 'gone' && nodes.length === 0;
    return { name, present, reached, text: reached ? l10n.t('{0}: gone', name) : l10n.t('{0}: not there', name) };
  }
  const states = [...new Set(clusters.map((cluster) => cluster.state ?? l10n.t('unknown')))].join('/');
  if (wanted === 'gone') return { name, present, reached: false, text: l10n.t('{0}: still there ({1})', name, states) };
  const inState = nodes.filter((node) => stateClass(node.state) === wanted).length;
  const reached = clusters.every((cluster) => stateClass(cluster.state) === wanted) && nodes.length > 0 && inState === nodes.length;
  const text = l10n.t('{0}: {1}, {2} of {3} nodes {4}', name, states, inState, nodes.length, stateWord(wanted));
  return { name, present, reached, text };
}

export type WaitFailure = 'timeout' | 'deleted' | 'link-lost' | 'cancelled';

export type WaitOutcome =
  | { readonly ok: true; readonly standings: readonly ClusterStanding[] }
  | { readonly ok: false; readonly reason: WaitFailure; readonly message: string; readonly standings: readonly ClusterStanding[] };

export interface WaitOptions {
  readonly timeoutMs: number;
  /** Ends the wait (outcome `cancelled`): the task's terminal was closed. */
  readonly signal?: AbortSignal;
  /** Called with a cluster's standing whenever its text changes (and once at the start). */
  readonly onStanding?: (standing: ClusterStanding) => void;
}

/** A wait in progress: its outcome, and a way to read where the clusters stand now. */
export interface ClusterWait {
  readonly outcome: Promise<WaitOutcome>;
  standings(): readonly ClusterStanding[];
}

function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

/**
 * Waits until every cluster of `names` is in `wanted` as the mirror shows it. Ends early when a
 * cluster seen during the wait disappears (unless `gone` is wanted), when the link is lost, or
 * when `signal` aborts; at `timeoutMs` it ends saying where each cluster stood.
 */
export function waitForClusters(
  mirror: ClusterMirror,
  link: MirrorLink,
  names: readonly string[],
  wanted: WaitState,
  options: WaitOptions,
): ClusterWait {
  const seen = new Set<string>();
  const lastText = new Map<string, string>();
  const standings = (): ClusterStanding[] => names.map((name) => clusterStanding(mirror, name, wanted));
  const outcome = new Promise<WaitOutcome>((resolve) => {
    const subscriptions: Disposable[] = [];
    const deadline: { timer?: NodeJS.Timeout } = {};
    let settled = false;
    const settle = (result: WaitOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline.timer);
      for (const subscription of subscriptions) subscription.dispose();
      options.signal?.removeEventListener('abort', onAbort);
      resolve(result);
    };
    const failure = (reason: WaitFailure, message: string): void => settle({ ok: false, reason, message, standings: standings() });
    const evaluate = (): void => {
      if (settled) return;
      const now = standings();
      for (const standing of now) {
        if (lastText.get(standing.name) !== standing.text) {
          lastText.set(standing.name, standing.text);
          options.onStanding?.(standing);
        }
        if (standing.present) seen.add(standing.name);
        else if (wanted !== 'gone' && seen.has(standing.name)) {
          failure('deleted', l10n.t('{0} was deleted while waiting for it to be {1}.', standing.name, stateWord(wanted)));
          return;
        }
      }
      if (now.every((standing) => standing.reached)) settle({ ok: true, standings: now });
    };
    const onAbort = (): void => failure('cancelled', l10n.t('The wait was cancelled.'));
    const onLost = (reason: string): void =>
      failure('link-lost', l10n.t('The connection to qbo was lost ({0}); the mirror may have missed changes.', reason));

    if (options.signal?.aborted) return onAbort();
    if (link.lost !== undefined) return onLost(link.lost);
    subscriptions.push(
      mirror.onDidChange(() => evaluate()),
      link.onDidLose((reason) => onLost(reason)),
    );
    options.signal?.addEventListener('abort', onAbort);
    // The only timer: the deadline. Everything else is an event.
    deadline.timer = setTimeout(() => {
      const pending = standings().filter((standing) => !standing.reached);
      failure(
        'timeout',
        l10n.t(
          'Timed out after {0} s waiting for {1}: {2}.',
          seconds(options.timeoutMs),
          stateWord(wanted),
          pending.map((s) => s.text).join('; '),
        ),
      );
    }, options.timeoutMs);
    evaluate();
  });
  return { outcome, standings };
}
