// The API's waitForCluster (src/api.ts): the same wait as a task's, for one cluster of a connected
// profile, resolving from the mirror. No `vscode`.
import type { ConnectedProfile } from '../session/sessionManager';
import { inventoryMirror, waitForClusters, type WaitFailure } from './clusterWait';
import { ProfileLink } from './profileLink';
import { DEFAULT_READY_TIMEOUT_MS, profileForClusters, type TaskManager } from './runTask';
import type { WaitState } from './taskDefinition';

/** Why a wait failed: the wait's own reasons, no profile to wait in, or arguments it cannot take. */
export type ClusterWaitFailure = WaitFailure | 'profile' | 'invalid';

/** A wait that did not reach its state; `reason` says why (the message says it in words). */
export class ClusterWaitError extends Error {
  override readonly name = 'ClusterWaitError';
  constructor(
    readonly reason: ClusterWaitFailure,
    message: string,
  ) {
    super(message);
  }
}

/** Resolves once the mirror shows cluster `name` of the chosen profile in `state`; rejects with a ClusterWaitError. */
export async function waitForClusterState(
  manager: TaskManager,
  name: string,
  state: WaitState,
  options: { profile: string | undefined; timeoutMs: number },
): Promise<void> {
  const started = Date.now();
  const choice = await profileForClusters(manager, [name], options.profile, false, Math.min(DEFAULT_READY_TIMEOUT_MS, options.timeoutMs));
  if (!choice.ok) throw new ClusterWaitError('profile', choice.message);
  const profile: ConnectedProfile = choice.profile;
  const link = new ProfileLink(manager, profile);
  try {
    const wait = waitForClusters(inventoryMirror(profile.inventory), link, [name], state, {
      timeoutMs: Math.max(0, started + options.timeoutMs - Date.now()),
    });
    const outcome = await wait.outcome;
    if (!outcome.ok) throw new ClusterWaitError(outcome.reason, outcome.message);
  } finally {
    link.dispose();
  }
}
