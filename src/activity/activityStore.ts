// The activity rings across reloads: one JSON file in the extension's global storage folder
// (`activity.json`, mode 0600), read once on first need and written a second after the last change
// (and when the extension stops), through a temporary file renamed over it. A file that does not
// read back is ignored and replaced. No VS Code API (the folder is given).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Disposable } from '../qbo/events';
import { parseStoredActivity, type ActivityLog } from './activityLog';
import { systemClock, type Clock, type Timer } from './clock';
import type { RecentActions } from './recentActions';

export const ACTIVITY_FILE = 'activity.json';
/** Writes wait this long after the last change, so a burst is one write. */
export const WRITE_DELAY_MS = 1_000;
/** A file larger than this is not ours (16 rings of 1,000 entries are ~5 MB at most). */
const MAX_FILE_BYTES = 32 * 1024 * 1024;

export class ActivityStore implements Disposable {
  private loading: Promise<void> | undefined;
  private loaded = false;
  private dirty = false;
  private timer: Timer | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly subscription: Disposable;

  constructor(
    private readonly folder: string,
    private readonly log: ActivityLog,
    private readonly recent: RecentActions,
    private readonly clock: Clock = systemClock,
    private readonly delayMs = WRITE_DELAY_MS,
  ) {
    this.subscription = log.onDidChange(() => {
      this.dirty = true;
      if (this.loaded) this.schedule();
    });
  }

  get file(): string {
    return path.join(this.folder, ACTIVITY_FILE);
  }

  /** Reads the stored rings once (later calls return the same promise); what was recorded before stays in front. */
  load(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const stat = await fs.promises.stat(this.file);
        if (stat.size <= MAX_FILE_BYTES) {
          this.log.restore(parseStoredActivity(await fs.promises.readFile(this.file, 'utf8')));
          rebuildRecentActions(this.log, this.recent);
        }
      } catch {
        // No file yet, or unreadable: start empty (the next write replaces it).
      }
      this.loaded = true;
      if (this.dirty) this.schedule();
    })();
    return this.loading;
  }

  /** Writes now what changed, after any write under way; resolves when both are done. */
  async flush(): Promise<void> {
    this.timer?.cancel();
    this.timer = undefined;
    if (this.dirty && this.loaded) {
      this.dirty = false;
      const text = this.log.serialise();
      this.writing = this.writing.then(() => this.write(text));
    }
    await this.writing;
  }

  dispose(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.subscription.dispose();
    // The extension host is stopping: write synchronously, an await would not be waited for.
    if (this.dirty && this.loaded) {
      try {
        writeFileAtomically(this.folder, this.file, this.log.serialise());
        this.dirty = false;
      } catch {
        // Nothing to do about it now; the entries of this window are lost.
      }
    }
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = this.clock.after(this.delayMs, () => {
      this.timer = undefined;
      void this.flush();
    });
  }

  private async write(text: string): Promise<void> {
    try {
      await fs.promises.mkdir(this.folder, { recursive: true, mode: 0o700 });
      const temporary = `${this.file}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
      await fs.promises.writeFile(temporary, text, { mode: 0o600, flag: 'wx' });
      await fs.promises.rename(temporary, this.file);
    } catch {
      // A full disk or a vanished folder loses this write, not the entries: the next change retries.
      this.dirty = true;
    }
  }
}

function writeFileAtomically(folder: string, file: string, text: string): void {
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  fs.writeFileSync(temporary, text, { mode: 0o600, flag: 'wx' });
  fs.renameSync(temporary, file);
}

/** Who last acted on each cluster, as the restored entries tell it (the conflict guard survives a reload). */
export function rebuildRecentActions(log: ActivityLog, recent: RecentActions): void {
  for (const profile of log.profiles) {
    // Oldest first, so each cluster ends with its latest action.
    for (const entry of [...log.entries(profile)].reverse()) {
      const scope =
        entry.kind === 'other-command' || entry.kind === 'own-command'
          ? entry.all
            ? { everything: true as const }
            : { clusters: entry.clusters }
          : undefined;
      if (!scope) continue;
      if (entry.kind === 'other-command' && entry.action)
        recent.recordOther(profile, scope, {
          at: entry.at,
          who: entry.who,
          verb: entry.action.verb,
          on: entry.action.on,
          all: entry.all,
          line: entry.line,
        });
      else if (entry.kind === 'own-command' && entry.changesState) recent.recordOwn(profile, scope, entry.startedAt);
    }
  }
}
