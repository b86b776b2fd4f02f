// Several profiles at once, as the extension runs them: a SessionManager over a fixed list of bench
// profiles (the ProfileSource that ProfileStore is in the extension) and a TreeModel bound to it the
// way extension.ts binds it (setProfiles on every state change, each profile's own status and row).
import type { QboCredentials } from '../src/qbo/credentials';
import { Emitter, type Disposable } from '../src/qbo/events';
import { TreeModel, type TreeProfile } from '../src/explorer/treeModel';
import type { ProfileResolution, ProfileSource } from '../src/session/profiles';
import { SessionManager, type ConnectedProfile, type ManagerState } from '../src/session/sessionManager';
import { explorerStatus, profileRow } from '../src/ui/viewText';
import { SESSION_COALESCE_MS } from './constants';
import { silentLogger } from './lib';

/** The profiles the bench connects, in order; `set` is a user connecting or disconnecting one. */
export class BenchProfileSource implements ProfileSource, Disposable {
  private readonly emitter = new Emitter<void>();
  readonly onDidChange = this.emitter.event;

  constructor(private resolutions: readonly ProfileResolution[]) {}

  set(resolutions: readonly ProfileResolution[]): void {
    this.resolutions = resolutions;
    this.emitter.fire();
  }

  resolveConnected(): Promise<readonly ProfileResolution[]> {
    return Promise.resolve(this.resolutions);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

/** A stored profile named `name` with the bench emulator's credentials. */
export function benchProfile(name: string, credentials: QboCredentials): ProfileResolution {
  return {
    ok: true,
    name,
    active: { profile: { name, host: credentials.host, port: credentials.port }, credentials, origin: 'secret-storage' },
  };
}

/** The manager as the extension makes one (10 ms coalescing), with no pings during a measurement. */
export function benchManager(source: ProfileSource, requestTimeoutMs = 60_000): SessionManager {
  return new SessionManager({
    source,
    logger: silentLogger,
    settings: () => ({ requestTimeoutMs }),
    sessionOptions: { coalesceMs: SESSION_COALESCE_MS, connection: { pingIntervalMs: 600_000 } },
  });
}

function treeProfiles(manager: SessionManager, state: ManagerState): TreeProfile[] {
  return (state.kind === 'ready' ? state.profiles : []).map((profile) => ({
    name: profile.name,
    inventory: manager.profile(profile.name)?.inventory,
    status: explorerStatus(profile),
    row: profileRow(profile, undefined, (origin) => origin),
  }));
}

/** A tree model following the manager's profiles, as extension.ts keeps it; dispose both together. */
export function boundModel(manager: SessionManager): { model: TreeModel; dispose(): void } {
  const model = new TreeModel(explorerStatus({ kind: 'idle' }));
  const subscription = manager.onDidChangeState((state) => model.setProfiles(treeProfiles(manager, state)));
  return {
    model,
    dispose: () => {
      subscription.dispose();
      model.dispose();
    },
  };
}

/** Resolves once every named profile's session has listed everything; rejects after `timeoutMs`. */
export async function whenProfilesReady(
  manager: SessionManager,
  names: readonly string[],
  timeoutMs = 60_000,
): Promise<ConnectedProfile[]> {
  const deadline = Date.now() + timeoutMs;
  const profiles: ConnectedProfile[] = [];
  for (const name of names) {
    for (;;) {
      const profile = manager.profile(name);
      if (profile && (await profile.session.whenReady(Math.max(1, deadline - Date.now())))) {
        profiles.push(profile);
        break;
      }
      if (Date.now() >= deadline) throw new Error(`profile "${name}" not ready after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  return profiles;
}
