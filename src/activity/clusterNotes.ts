// The Clusters view's note on a cluster another client acted on in the last 5 minutes
// ("alex@qbo.io stopped it 20 s ago"): the ClusterNotes the tree model reads, with a change event
// when a note appears, when its "… ago" reads differently, and when it expires. Pure (the clock is
// passed in).
import { Emitter, type Disposable } from '../qbo/events';
import type { ClusterActivityNote } from '../explorer/presentation';
import type { ClusterNotes } from '../explorer/treeModel';
import { clusterNote, nextRelativeChange } from './activityText';
import { systemClock, type Clock, type Timer } from './clock';
import type { RecentActions } from './recentActions';

/** How long a cluster row says another client acted on it. */
export const NOTE_WINDOW_MS = 5 * 60_000;

export class RecentActivityNotes implements ClusterNotes, Disposable {
  private readonly changeEmitter = new Emitter<{ readonly profile: string; readonly clusters: readonly string[] | 'all' }>();
  readonly onDidChange = this.changeEmitter.event;
  private timer: Timer | undefined;
  private readonly subscription: Disposable;

  constructor(
    private readonly recent: RecentActions,
    private readonly clock: Clock = systemClock,
  ) {
    this.subscription = recent.onDidChange((change) => {
      this.changeEmitter.fire(change);
      this.schedule();
    });
  }

  noteFor(profile: string, cluster: string): ClusterActivityNote | undefined {
    const now = this.clock.now();
    const action = this.recent.lastOther(profile, cluster, now, NOTE_WINDOW_MS);
    return action && clusterNote(action, now);
  }

  dispose(): void {
    this.timer?.cancel();
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }

  /** One timer, for the earliest moment a note reads differently or expires. */
  private schedule(): void {
    this.timer?.cancel();
    this.timer = undefined;
    const now = this.clock.now();
    const notes = this.recent.othersWithin(now, NOTE_WINDOW_MS);
    if (notes.length === 0) return;
    const next = Math.min(...notes.map(({ action }) => Math.min(nextRelativeChange(action.at, now), action.at + NOTE_WINDOW_MS + 1)));
    this.timer = this.clock.after(next - now, () => {
      this.timer = undefined;
      const at = this.clock.now();
      // Every note that was showing may read differently now (or be gone): refresh their rows.
      const byProfile = new Map<string, Set<string> | 'all'>();
      for (const { profile, cluster } of this.recent.othersWithin(at, NOTE_WINDOW_MS + (at - now) + 1)) {
        const current = byProfile.get(profile);
        if (cluster === 'all' || current === 'all') byProfile.set(profile, 'all');
        else byProfile.set(profile, (current ?? new Set()).add(cluster));
      }
      for (const [profile, clusters] of byProfile)
        this.changeEmitter.fire({ profile, clusters: clusters === 'all' ? 'all' : [...clusters] });
      this.schedule();
    });
  }
}
