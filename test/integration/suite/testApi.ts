// The suite's access to the extension: its public API (what another extension gets), and its
// internals through the test-only path (src/testHooks.ts), which exists because VS Code runs the
// extension under test here.
import * as vscode from 'vscode';
import type { QboExplorerApi } from '../../../src/api';
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

/** Resolves once `profile` is the active profile and its session has listed everything. */
export function profileReady(api: TestApi, profile: string): Promise<true> {
  return waitForValue(
    () =>
      api.manager.state.kind === 'session' &&
      api.manager.state.status.kind === 'ready' &&
      api.manager.activeProfile?.profile.name === profile,
    `profile ${profile} ready`,
  );
}
