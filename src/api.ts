// What another extension may rely on: `vscode.extensions.getExtension('qbo-explorer.qbo-explorer')
// .activate()` resolves to this, documented in the README ("API for other extensions") and
// versioned by `apiVersion`. Read-only and secret-free: the clusters of the active profile and
// when they change; nothing else of the extension is exported. No `vscode` import at run time,
// so it is unit-tested.
import type * as vscode from 'vscode';
import { naturalCompare } from './explorer/naturalOrder';
import { eventTouchesKind, type Inventory, type InventoryChangeEvent } from './qbo/inventory';

/** Raised only by a change another extension would have to adapt to. */
export const API_VERSION = 1;

/** One cluster of the active profile, as the tree lists it. */
export interface QboCluster {
  readonly name: string;
  readonly id: string;
  /** As qbo reports it, e.g. `running`, `stopped`; undefined while unknown. */
  readonly state: string | undefined;
}

export interface QboExplorerApi {
  readonly apiVersion: typeof API_VERSION;
  /** Fires when a cluster is added, removed or changes (including when the profile changes). */
  readonly onDidChangeClusters: vscode.Event<void>;
  /** The clusters of the active profile, by name; empty when signed out or not yet connected. */
  getClusters(): readonly QboCluster[];
}

/** Every key of the exported object: a test checks nothing else leaks out. */
export const PUBLIC_API_KEYS: readonly (keyof QboExplorerApi)[] = ['apiVersion', 'getClusters', 'onDidChangeClusters'];

export function touchesClusters(event: InventoryChangeEvent): boolean {
  return eventTouchesKind(event, 'clusters');
}

export function createPublicApi(inventory: Inventory): QboExplorerApi {
  const onDidChangeClusters: vscode.Event<void> = (listener, thisArgs?, disposables?) => {
    const subscription = inventory.onDidChange((event) => {
      if (touchesClusters(event)) listener.call(thisArgs, undefined);
    });
    disposables?.push(subscription);
    return subscription;
  };
  const getClusters = (): readonly QboCluster[] =>
    Object.freeze(
      inventory
        .entries('clusters')
        .map(([key, cluster]) => Object.freeze({ name: cluster.name ?? key, id: cluster.id ?? key, state: cluster.state }))
        .sort((a, b) => naturalCompare(a.name, b.name)),
    );
  return Object.freeze({ apiVersion: API_VERSION, onDidChangeClusters, getClusters });
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
