// The activity of every profile: one bounded ring per profile, newest first (the newest 1,000
// entries are kept), and its storage form. An entry that gathers more changes (a state change that
// settles, pods of one cluster changing in a burst) is updated in place and moves to the top. Pure.
import { Emitter, type Disposable } from '../qbo/events';
import { entrySchema, type ActivityEntry } from './entries';

/** Entries kept per profile. */
export const RING_SIZE = 1_000;
/** Profiles whose rings are kept in storage: the most recently active ones. */
export const MAX_STORED_PROFILES = 16;
/** The storage format's version: a file of another version is not read. */
export const STORAGE_VERSION = 1;

export interface ActivityLogChange {
  readonly profile: string;
}

export class ActivityLog implements Disposable {
  /** profile → entries, newest first. */
  private readonly rings = new Map<string, ActivityEntry[]>();
  /** profile → entry id → entry (what the rows look up). */
  private readonly byId = new Map<string, Map<string, ActivityEntry>>();
  /** profile → when its ring last changed (which rings storage keeps). */
  private readonly touched = new Map<string, number>();
  private sequence = 0;
  private readonly changeEmitter = new Emitter<ActivityLogChange>();
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly size = RING_SIZE) {}

  /** A profile's entries, newest first. */
  entries(profile: string): readonly ActivityEntry[] {
    return this.rings.get(profile) ?? [];
  }

  get profiles(): readonly string[] {
    return [...this.rings.keys()];
  }

  find(profile: string, id: string): ActivityEntry | undefined {
    return this.byId.get(profile)?.get(id);
  }

  /** A fresh entry id: unique in this log, and after a reload (it starts with the time). */
  nextId(at: number): string {
    return `${Math.floor(at).toString(36)}-${(++this.sequence).toString(36)}`;
  }

  /** Adds an entry in time order (at the top, unless it happened before the newest), dropping the oldest past the bound. */
  add(profile: string, entry: ActivityEntry): void {
    const ring = this.ring(profile);
    const index = this.index(profile);
    let position = 0;
    while (position < ring.length && (ring[position] as ActivityEntry).at > entry.at) position++;
    ring.splice(position, 0, entry);
    index.set(entry.id, entry);
    for (const dropped of ring.splice(this.size)) index.delete(dropped.id);
    this.changed(profile, entry.at);
  }

  /** Replaces an entry (same id) and moves it to the top; false when it is no longer in the ring. */
  update(profile: string, entry: ActivityEntry): boolean {
    const ring = this.rings.get(profile);
    const index = ring?.findIndex((candidate) => candidate.id === entry.id) ?? -1;
    if (!ring || index < 0) return false;
    ring.splice(index, 1);
    ring.unshift(entry);
    this.index(profile).set(entry.id, entry);
    this.changed(profile, entry.at);
    return true;
  }

  /** Replaces an entry where it is (an own command's outcome: it stays where it started). */
  replace(profile: string, entry: ActivityEntry): boolean {
    const ring = this.rings.get(profile);
    const index = ring?.findIndex((candidate) => candidate.id === entry.id) ?? -1;
    if (!ring || index < 0) return false;
    ring[index] = entry;
    this.index(profile).set(entry.id, entry);
    this.changed(profile, entry.at);
    return true;
  }

  remove(profile: string, id: string): void {
    const ring = this.rings.get(profile);
    const index = ring?.findIndex((candidate) => candidate.id === id) ?? -1;
    if (!ring || index < 0) return;
    ring.splice(index, 1);
    this.index(profile).delete(id);
    this.changed(profile, Date.now());
  }

  /** Empties a profile's ring. */
  clear(profile: string): void {
    if ((this.rings.get(profile)?.length ?? 0) === 0) return;
    this.rings.set(profile, []);
    this.byId.set(profile, new Map());
    this.changed(profile, Date.now());
  }

  /**
   * Entries read from storage go behind what this window recorded since it started (they are
   * older), each profile still bounded. Entries whose id is already here are skipped.
   */
  restore(stored: StoredActivity): void {
    for (const [profile, { entries, touched }] of stored) {
      const ring = this.ring(profile);
      const index = this.index(profile);
      for (const entry of entries) {
        if (ring.length >= this.size) break;
        if (index.has(entry.id)) continue;
        ring.push(entry);
        index.set(entry.id, entry);
      }
      this.touched.set(profile, Math.max(this.touched.get(profile) ?? 0, touched));
      this.changeEmitter.fire({ profile });
    }
  }

  /** The storage form: the most recently active profiles' rings, as JSON. */
  serialise(): string {
    const profiles = [...this.rings.keys()]
      .filter((profile) => (this.rings.get(profile)?.length ?? 0) > 0)
      .sort((a, b) => (this.touched.get(b) ?? 0) - (this.touched.get(a) ?? 0))
      .slice(0, MAX_STORED_PROFILES);
    return JSON.stringify({
      version: STORAGE_VERSION,
      profiles: profiles.map((profile) => ({ name: profile, touched: this.touched.get(profile) ?? 0, entries: this.rings.get(profile) })),
    });
  }

  dispose(): void {
    this.changeEmitter.dispose();
  }

  private ring(profile: string): ActivityEntry[] {
    let ring = this.rings.get(profile);
    if (!ring) this.rings.set(profile, (ring = []));
    return ring;
  }

  private index(profile: string): Map<string, ActivityEntry> {
    let index = this.byId.get(profile);
    if (!index) this.byId.set(profile, (index = new Map()));
    return index;
  }

  private changed(profile: string, at: number): void {
    this.touched.set(profile, Math.max(this.touched.get(profile) ?? 0, at));
    this.changeEmitter.fire({ profile });
  }
}

/** What storage held: each profile's entries (newest first) and when its ring last changed. */
export type StoredActivity = Map<string, { entries: ActivityEntry[]; touched: number }>;

/**
 * Reads the storage form back. Anything malformed is dropped: a file that is not ours (or of
 * another version) reads as nothing, a bad profile or entry is skipped and the rest kept, each
 * ring is cut to the bound.
 */
export function parseStoredActivity(text: string, size = RING_SIZE): StoredActivity {
  const result: StoredActivity = new Map();
  let decoded: unknown;
  try {
    decoded = JSON.parse(text);
  } catch {
    return result;
  }
  if (!isRecord(decoded) || decoded.version !== STORAGE_VERSION || !Array.isArray(decoded.profiles)) return result;
  for (const stored of decoded.profiles.slice(0, MAX_STORED_PROFILES)) {
    if (!isRecord(stored) || typeof stored.name !== 'string' || stored.name === '' || !Array.isArray(stored.entries)) continue;
    if (result.has(stored.name)) continue;
    const entries: ActivityEntry[] = [];
    const ids = new Set<string>();
    for (const candidate of stored.entries) {
      if (entries.length >= size) break;
      const parsed = entrySchema.safeParse(candidate);
      if (!parsed.success || ids.has(parsed.data.id)) continue;
      ids.add(parsed.data.id);
      // A command still running when the window closed: how it ended is not known here.
      entries.push(
        parsed.data.kind === 'own-command' && parsed.data.outcome === 'running' ? { ...parsed.data, outcome: 'unknown' } : parsed.data,
      );
    }
    const touched = typeof stored.touched === 'number' && Number.isFinite(stored.touched) ? stored.touched : 0;
    result.set(stored.name, { entries, touched });
  }
  return result;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
