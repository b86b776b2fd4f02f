// What another extension may rely on: `vscode.extensions.getExtension('qbo-explorer.qbo-explorer')
// .activate()` resolves to this, documented in the README ("API for other extensions") and
// versioned by `apiVersion`. Read-only and secret-free: the connected profiles, their clusters,
// when they change, and a wait for a cluster's state; nothing else of the extension is exported.
// No `vscode` import at run time, so it is unit-tested.
import type * as vscode from 'vscode';
import * as z from 'zod/mini';
import { naturalCompare } from './explorer/naturalOrder';
import { nameProblem } from './qbo/commandLine';
import type { Disposable, Event } from './qbo/events';
import { eventTouchesKind, type Inventory, type InventoryChangeEvent } from './qbo/inventory';
import type { ManagerState } from './session/sessionManager';
import { ClusterWaitError } from './tasks/clusterWaits';
import { WAIT_STATES, type WaitState } from './tasks/taskDefinition';

/** Raised only by a change another extension would have to adapt to (a new optional field is not one). */
export const API_VERSION = 1;

/** One cluster of a connected profile, as the tree lists it. */
export interface QboCluster {
  readonly name: string;
  readonly id: string;
  /** As qbo reports it, e.g. `running`, `stopped`; undefined while unknown. */
  readonly state: string | undefined;
  /** The connected profile the cluster belongs to (added in 0.2: the same name may exist in two profiles). */
  readonly profile?: string;
}

/** A connected profile: where it points and how its connection is; never its credentials. */
export interface QboProfile {
  readonly name: string;
  readonly host: string | undefined;
  readonly user: string | undefined;
  /** `connecting`, `loading`, `ready`, `reconnecting`, `list-failed`, `credentials-rejected`, `closed` or `invalid`. */
  readonly state: string;
}

/** What waitForCluster waits for: the cluster and every node of it running or stopped, or the cluster no longer there. */
export type QboClusterState = WaitState;

export interface QboWaitOptions {
  /** The connected profile the cluster belongs to; needed only when several profiles are connected and more than one has the name. */
  readonly profile?: string;
  /** Give up after this long (default: the `qbo.tasks.timeoutSeconds` setting). */
  readonly timeoutMs?: number;
}

export interface QboExplorerApi {
  readonly apiVersion: typeof API_VERSION;
  /** Fires when a cluster is added, removed or changes, and when a profile connects or disconnects. */
  readonly onDidChangeClusters: vscode.Event<void>;
  /** The clusters of every connected profile, by name (then profile); empty when signed out or not yet connected. */
  getClusters(): readonly QboCluster[];
  /** The connected profiles, in the order they were connected (added in 0.2). */
  getProfiles(): readonly QboProfile[];
  /**
   * Resolves once qbo's mirror shows the cluster `name` in `state` (pushes and re-lists, never
   * polling); rejects with an Error whose `reason` is `invalid` (bad arguments), `profile` (no
   * connected profile to wait in), `timeout`, `deleted` (the cluster went away while waited on) or
   * `link-lost`. Connects first if qbo Explorer has not connected yet (added in 0.2).
   */
  waitForCluster(name: string, state: QboClusterState, options?: QboWaitOptions): Promise<void>;
}

/** Every key of the exported object: a test checks nothing else leaks out. */
export const PUBLIC_API_KEYS: readonly (keyof QboExplorerApi)[] = [
  'apiVersion',
  'getClusters',
  'getProfiles',
  'onDidChangeClusters',
  'waitForCluster',
];

/** The longest wait another extension may ask for: a day. */
export const MAX_WAIT_MS = 86_400_000;

export function touchesClusters(event: InventoryChangeEvent): boolean {
  return eventTouchesKind(event, 'clusters');
}

/** What the API reads: the session manager, or a stand-in in tests. */
export interface ApiSource {
  readonly profiles: readonly { readonly name: string; readonly inventory: Inventory }[];
  readonly state: ManagerState;
  readonly onDidChangeProfiles: Event<void>;
  readonly onDidChangeState: Event<ManagerState>;
}

/** What waitForCluster does once its arguments are checked: the mirror wait (src/tasks/clusterWaits.ts). */
export interface ApiWaits {
  /** `qbo.tasks.timeoutSeconds`, in milliseconds. */
  defaultTimeoutMs(): number;
  wait(name: string, state: WaitState, options: { profile: string | undefined; timeoutMs: number }): Promise<void>;
}

const waitArgumentsSchema = z.tuple([
  z.string().check(z.refine((name) => nameProblem(name) === undefined)),
  z.enum(WAIT_STATES),
  z.optional(
    z.object({
      profile: z.optional(z.string()),
      timeoutMs: z.optional(z.number().check(z.refine((ms) => Number.isFinite(ms) && ms > 0 && ms <= MAX_WAIT_MS))),
    }),
  ),
]);

export function createPublicApi(source: ApiSource, waits: ApiWaits): QboExplorerApi {
  const onDidChangeClusters: vscode.Event<void> = (listener, thisArgs?, disposables?) => {
    const fire = (): void => void listener.call(thisArgs, undefined);
    let inventories: Disposable[] = [];
    const bind = (): void => {
      for (const subscription of inventories) subscription.dispose();
      inventories = source.profiles.map((profile) =>
        profile.inventory.onDidChange((event) => {
          if (touchesClusters(event)) fire();
        }),
      );
    };
    bind();
    const profiles = source.onDidChangeProfiles(() => {
      bind();
      fire();
    });
    const subscription = {
      dispose: () => {
        profiles.dispose();
        for (const inventory of inventories) inventory.dispose();
        inventories = [];
      },
    };
    disposables?.push(subscription);
    return subscription;
  };
  const getClusters = (): readonly QboCluster[] =>
    Object.freeze(
      source.profiles
        .flatMap(({ name: profile, inventory }) =>
          inventory
            .entries('clusters')
            .map(([key, cluster]) => Object.freeze({ name: cluster.name ?? key, id: cluster.id ?? key, state: cluster.state, profile })),
        )
        .sort((a, b) => naturalCompare(a.name, b.name) || naturalCompare(a.profile, b.profile)),
    );
  const getProfiles = (): readonly QboProfile[] => {
    const state = source.state;
    const profiles = state.kind === 'ready' ? state.profiles : [];
    return Object.freeze(
      profiles.map((profile) =>
        Object.freeze(
          profile.kind === 'session'
            ? {
                name: profile.name,
                host: profile.active.profile.host,
                user: profile.active.credentials.user,
                state: profile.status.kind,
              }
            : { name: profile.name, host: undefined, user: undefined, state: 'invalid' },
        ),
      ),
    );
  };
  const waitForCluster = async (name: string, state: QboClusterState, options?: QboWaitOptions): Promise<void> => {
    // Another extension's arguments: checked before anything connects or waits.
    const parsed = waitArgumentsSchema.safeParse(options === undefined ? [name, state] : [name, state, options]);
    if (!parsed.success)
      throw new ClusterWaitError(
        'invalid',
        `waitForCluster(name, state, { profile?, timeoutMs? }): name is a qbo cluster name, state one of ${WAIT_STATES.join(', ')}, timeoutMs from 1 to ${MAX_WAIT_MS}`,
      );
    const [, , checked] = parsed.data;
    await waits.wait(name, state, { profile: checked?.profile, timeoutMs: checked?.timeoutMs ?? waits.defaultTimeoutMs() });
  };
  return Object.freeze({ apiVersion: API_VERSION, onDidChangeClusters, getClusters, getProfiles, waitForCluster });
}

/** VS Code's ExtensionMode.Test (the type checker holds it to the enum's value). */
const EXTENSION_MODE_TEST: vscode.ExtensionMode.Test = 3;

/**
 * Whether the extension hands its internals to a test suite: only when VS Code runs it under
 * test (a test module loaded through --extensionTestsPath), never in a user's install.
 */
export function exposesInternalsForTests(mode: vscode.ExtensionMode): boolean {
  return mode === EXTENSION_MODE_TEST;
}
