// Waiting for a session's first listing before names are looked up in its inventory, but only
// while it is still getting there: a profile whose credentials were rejected, or whose link is
// down, will not become ready within a task's patience, so it is not waited for. No `vscode`.
import type { QboSession, SessionStatus } from '../session/session';

/** Statuses from which a session is on its way to `ready` by itself. */
function underWay(status: SessionStatus): boolean {
  return status.kind === 'connecting' || status.kind === 'loading';
}

/** Resolves when the session is no longer connecting or loading (ready, or failed), or after `timeoutMs`. */
export function whenSettled(session: QboSession, timeoutMs: number): Promise<void> {
  if (!underWay(session.status)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, timeoutMs));
    const subscription = session.onStatus((status) => {
      if (!underWay(status)) done();
    });
  });
}
