// The suite's access to the extension: its public API (what another extension gets), and its
// internals through the test-only path (src/testHooks.ts), which exists because VS Code runs the
// extension under test here.
import * as vscode from 'vscode';
import type { QboExplorerApi } from '../../../src/api';
import type { Inventory } from '../../../src/qbo/inventory';
import { singleState, type ConnectedProfile, type SingleState } from '../../../src/session/sessionManager';
import { TEST_INTERNALS_COMMAND, type TestInternals } from '../../../src/testHooks';
import { waitForValue } from '../../support/wait';

export const EXTENSION_ID = 'qbo-explorer.qbo-explorer';

/** What tests use: the same names the extension's exports had before the public API was narrowed. */
export type TestApi = TestInternals;

/** The exports another extension receives (activating the extension first). */
export async function publicApi(): Promise<QboExplorerApi> {
  const extension = vscode.extensions.getExtension<QboExplorerApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this VS Code`);
  return extension.activate();
}

/** The extension's manager, model, provider, tree view, status bar, emulator, activationMs and logUri. */
export async function testApi(): Promise<TestApi> {
  await publicApi();
  const internals = await vscode.commands.executeCommand<TestInternals | undefined>(TEST_INTERNALS_COMMAND);
  if (!internals) throw new Error(`${TEST_INTERNALS_COMMAND} returned nothing: is the extension running in ExtensionMode.Test?`);
  return internals;
}

/** The one connected profile's state (undefined unless exactly one profile is connected, or signed out). */
export function soleState(api: TestApi): SingleState | undefined {
  return singleState(api.manager.state);
}

/** The session status of the one connected profile, or its kind (`signed-out`, `invalid`, `idle`) when it has none. */
export function soleStatus(api: TestApi): string {
  const state = soleState(api);
  if (!state) return 'several profiles';
  return state.kind === 'session' ? state.status.kind : state.kind;
}

/** The inventory of the one connected profile; throws when there is not exactly one. */
export function soleInventory(api: TestApi): Inventory {
  const sole = api.manager.sole;
  if (!sole) throw new Error('expected exactly one connected profile');
  return sole.inventory;
}

/** The connected profile named `name` (undefined while it is not connected). */
export function connected(api: TestApi, name: string): ConnectedProfile | undefined {
  return api.manager.profile(name);
}

/** Resolves once `profile` is the only connected profile and its session has listed everything. */
export function profileReady(api: TestApi, profile: string): Promise<true> {
  return waitForValue(() => {
    const state = soleState(api);
    return state?.kind === 'session' && state.status.kind === 'ready' && state.name === profile;
  }, `profile ${profile} ready`);
}

/** Resolves once exactly `profiles` are connected (in any order), each listed everything. */
export function profilesReady(api: TestApi, profiles: readonly string[]): Promise<true> {
  return waitForValue(
    () => {
      const state = api.manager.state;
      if (state.kind !== 'ready' || state.profiles.length !== profiles.length) return false;
      return profiles.every((name) => api.manager.profile(name)?.session.status.kind === 'ready');
    },
    `profiles ${profiles.join(', ')} ready`,
  );
}

/** Signs out of every connected profile, one after the other, and waits for the signed-out state. */
export async function signOutOfEverything(api: TestApi): Promise<void> {
  for (let i = 0; i < 6; i++) {
    const state = api.manager.state;
    const next = state.kind === 'ready' ? state.profiles[0] : undefined;
    if (!next) break;
    await vscode.commands.executeCommand('qbo.signOut', { profile: next.name });
  }
  await waitForValue(() => soleStatus(api) === 'signed-out', 'signed out');
}
