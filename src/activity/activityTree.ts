// The Activity view as plain data: with one profile connected its entries are the roots (newest
// first); with several, each profile is a root row (its other clients in the description) with its
// entries below. What each row says comes from activityText.ts; the TreeDataProvider only converts.
// No VS Code here.
import * as l10n from '@vscode/l10n';
import { Emitter, type Disposable } from '../qbo/events';
import type { Client } from '../qbo/messages';
import { naturalCompare } from '../explorer/naturalOrder';
import type { ActivityLog } from './activityLog';
import {
  activityFilterText,
  activityPasses,
  NO_ACTIVITY_FILTER,
  normalizeActivityFilter,
  sameActivityFilter,
  type ActivityFilter,
} from './activityFilter';
import { entryPresentation, nextRelativeChange, presenceText, presenceTotal, type EntryPresentation } from './activityText';
import { systemClock, type Clock, type Timer } from './clock';
import type { ActivityEntry } from './entries';

export type ActivityElement =
  { type: 'profile'; id: string; profile: string } | { type: 'entry'; id: string; profile: string; entryId: string };

export interface ActivityRowPresentation extends EntryPresentation {
  collapsible: 'none' | 'expanded';
}

/** What the model reads besides the log: the connected profiles and their other clients. */
export interface ActivitySource {
  /** Names of the connected profiles. */
  profiles(): readonly string[];
  /** The other clients of a profile's mirror; undefined before its server listed them. */
  othersOf(profile: string): readonly Client[] | undefined;
  /** Every profile's other clients, each counted once; undefined before any server listed them. */
  otherClientCount(): number | undefined;
}

/** Coalesces bursts of log changes into one refresh. */
const REFRESH_DELAY_MS = 50;

export class ActivityTreeModel implements Disposable {
  private readonly elements = new Map<string, ActivityElement>();
  private readonly changeEmitter = new Emitter<void>();
  /** The whole view may look different (rows, the description). */
  readonly onDidChange = this.changeEmitter.event;
  private currentFilter: ActivityFilter = NO_ACTIVITY_FILTER;
  private readonly filterEmitter = new Emitter<ActivityFilter>();
  readonly onDidChangeFilter = this.filterEmitter.event;
  private pending: Timer | undefined;
  private readonly subscription: Disposable;

  constructor(
    private readonly log: ActivityLog,
    private readonly source: ActivitySource,
    private readonly clock: Clock = systemClock,
  ) {
    this.subscription = log.onDidChange(() => this.refreshSoon());
  }

  get filter(): ActivityFilter {
    return this.currentFilter;
  }

  setFilter(filter: ActivityFilter): void {
    const next = normalizeActivityFilter(filter);
    if (sameActivityFilter(next, this.currentFilter)) return;
    this.currentFilter = next;
    this.filterEmitter.fire(next);
    this.changeEmitter.fire();
  }

  /** The profiles, their presence or the clock moved on: everything may read differently. */
  refresh(): void {
    this.pending?.cancel();
    this.pending = undefined;
    this.changeEmitter.fire();
  }

  /** Several profiles: each is a root row. */
  get showsProfiles(): boolean {
    return this.source.profiles().length >= 2;
  }

  children(element?: ActivityElement): ActivityElement[] {
    if (element?.type === 'entry') return [];
    if (element?.type === 'profile') return this.entryElements(element.profile);
    const profiles = [...this.source.profiles()].sort(naturalCompare);
    if (profiles.length >= 2) return profiles.map((profile) => this.profileElement(profile));
    return profiles[0] !== undefined ? this.entryElements(profiles[0]) : [];
  }

  parent(element: ActivityElement): ActivityElement | undefined {
    return element.type === 'entry' && this.showsProfiles ? this.profileElement(element.profile) : undefined;
  }

  entry(element: ActivityElement): ActivityEntry | undefined {
    return element.type === 'entry' ? this.log.find(element.profile, element.entryId) : undefined;
  }

  /** The entries the view shows for a profile, newest first (the filter applied). */
  shown(profile: string): ActivityEntry[] {
    return this.log.entries(profile).filter((entry) => activityPasses(this.currentFilter, entry));
  }

  presentation(element: ActivityElement): ActivityRowPresentation | undefined {
    const now = this.clock.now();
    if (element.type === 'profile') {
      const presence = presenceText(this.source.othersOf(element.profile));
      return {
        label: element.profile,
        description: presence ?? '',
        tooltip: '',
        icon: { id: 'account' },
        contextValue: 'qbo.activity.profile',
        collapsible: 'expanded',
      };
    }
    const entry = this.entry(element);
    return entry && { ...entryPresentation(entry, now), collapsible: 'none' };
  }

  /** The view's description: who else is connected (in all, with several profiles), then the filter. */
  description(): string | undefined {
    const profiles = this.source.profiles();
    const presence =
      profiles.length === 1
        ? presenceText(this.source.othersOf(profiles[0] as string))
        : profiles.length > 1
          ? presenceTotal(this.source.otherClientCount())
          : undefined;
    const parts = [presence, activityFilterText(this.currentFilter)].filter((part): part is string => !!part);
    return parts.length > 0 ? parts.join(' · ') : undefined;
  }

  /** The message above the rows when the filter hides everything (an empty view shows its welcome otherwise). */
  message(): string | undefined {
    const profiles = this.source.profiles();
    const hidden =
      profiles.some((profile) => this.log.entries(profile).length > 0) && profiles.every((profile) => this.shown(profile).length === 0);
    return hidden ? l10n.t('The filter hides every entry.') : undefined;
  }

  /** When a shown row's "… ago" next reads differently (undefined when nothing is shown). */
  nextChange(): number | undefined {
    const now = this.clock.now();
    let next: number | undefined;
    for (const profile of this.source.profiles()) {
      const newest = this.shown(profile)[0];
      // The newest entry changes first (a shorter step), except when older ones cross an hour boundary first: close enough.
      if (newest) next = Math.min(next ?? Infinity, nextRelativeChange(newest.at, now));
    }
    return next;
  }

  dispose(): void {
    this.pending?.cancel();
    this.subscription.dispose();
    this.changeEmitter.dispose();
    this.filterEmitter.dispose();
  }

  private refreshSoon(): void {
    if (this.pending) return;
    this.pending = this.clock.after(REFRESH_DELAY_MS, () => {
      this.pending = undefined;
      this.prune();
      this.changeEmitter.fire();
    });
  }

  private entryElements(profile: string): ActivityElement[] {
    return this.shown(profile).map((entry) => {
      const id = `qbo.activity:${encodeURIComponent(profile)}:${entry.id}`;
      let element = this.elements.get(id);
      if (!element) this.elements.set(id, (element = { type: 'entry', id, profile, entryId: entry.id }));
      return element;
    });
  }

  private profileElement(profile: string): ActivityElement {
    const id = `qbo.activity:profile:${encodeURIComponent(profile)}`;
    let element = this.elements.get(id);
    if (!element) this.elements.set(id, (element = { type: 'profile', id, profile }));
    return element;
  }

  /** Forgets elements whose entries left the ring. */
  private prune(): void {
    for (const [id, element] of this.elements)
      if (element.type === 'entry' && !this.log.find(element.profile, element.entryId)) this.elements.delete(id);
  }
}
