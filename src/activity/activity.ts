// The Activity view's parts that need no VS Code, put together for one session manager: the log,
// who last acted on each cluster, the recorder that fills both, the Clusters view's notes, the
// view's model and the file that keeps the log across reloads. The extension adds the view itself
// (activityView.ts); the system tests use this as it is.
import type { Disposable } from '../qbo/events';
import type { SessionManager } from '../session/sessionManager';
import { ActivityLog } from './activityLog';
import { ActivityStore } from './activityStore';
import { ActivityTreeModel } from './activityTree';
import { systemClock, type Clock } from './clock';
import { RecentActivityNotes } from './clusterNotes';
import { RecentActions } from './recentActions';
import { ActivityRecorder, type RecorderOptions } from './recorder';

export interface ActivityOptions {
  /** Where activity.json lives (the extension's global storage folder). */
  storageFolder: string;
  clock?: Clock;
  recorder?: Omit<RecorderOptions, 'clock'>;
}

export class Activity implements Disposable {
  readonly log = new ActivityLog();
  readonly recent = new RecentActions();
  readonly recorder: ActivityRecorder;
  readonly notes: RecentActivityNotes;
  readonly tree: ActivityTreeModel;
  readonly store: ActivityStore;
  readonly clock: Clock;
  private readonly subscription: Disposable;

  constructor(
    readonly manager: SessionManager,
    options: ActivityOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.recorder = new ActivityRecorder(manager, this.log, this.recent, { ...options.recorder, clock: this.clock });
    this.notes = new RecentActivityNotes(this.recent, this.clock);
    this.store = new ActivityStore(options.storageFolder, this.log, this.recent, this.clock);
    this.tree = new ActivityTreeModel(
      this.log,
      {
        profiles: () => manager.profiles.map((profile) => profile.name),
        othersOf: (profile) => this.recorder.othersOf(profile),
        otherClientCount: () => this.recorder.otherClientCount(),
      },
      this.clock,
    );
    // The stored log is read when it is first needed: a session starting (or the view showing it).
    this.subscription = manager.onDidStartSession(() => void this.store.load());
  }

  /** Another client's latest action on a cluster of a profile, when it is the latest action on it and at most `windowMs` old. */
  lastOtherAction(profile: string, cluster: string, windowMs: number): ReturnType<RecentActions['lastOther']> {
    return this.recent.lastOther(profile, cluster, this.clock.now(), windowMs);
  }

  dispose(): void {
    this.subscription.dispose();
    this.tree.dispose();
    this.notes.dispose();
    this.recorder.dispose();
    this.store.dispose();
    this.recent.dispose();
    this.log.dispose();
  }
}
