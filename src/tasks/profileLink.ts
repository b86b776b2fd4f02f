// The link a wait follows: a connected profile's session, as long as it is that profile's session
// and its connection is up. A reconnect re-lists everything, but a wait that spanned the gap could
// have missed the push it waited for, so the wait ends instead (docs/DECISIONS.md "qbo tasks").
// No `vscode`.
import { Emitter, type Disposable, type Event } from '../qbo/events';
import type { SessionStatus } from '../session/session';
import type { ConnectedProfile } from '../session/sessionManager';
import * as l10n from '@vscode/l10n';
import type { MirrorLink } from './clusterWait';

/** What the link reads of the session manager. */
export interface ProfileDirectory {
  profile(name: string): ConnectedProfile | undefined;
  readonly onDidChangeProfiles: Event<void>;
}

/** Why a session in this status cannot be followed, or undefined when it can. */
export function lostReason(status: SessionStatus): string | undefined {
  switch (status.kind) {
    case 'reconnecting':
      return l10n.t('reconnecting: {0}', status.reason);
    case 'credentials-rejected':
      return l10n.t('the server rejected the credentials');
    case 'closed':
      return l10n.t('closed: {0}', status.reason);
    default:
      return undefined;
  }
}

export class ProfileLink implements MirrorLink, Disposable {
  private reason: string | undefined;
  private readonly emitter = new Emitter<string>();
  readonly onDidLose: Event<string> = this.emitter.event;
  private readonly subscriptions: Disposable[];

  constructor(
    private readonly directory: ProfileDirectory,
    private readonly profile: ConnectedProfile,
  ) {
    this.reason = this.check();
    this.subscriptions = [profile.session.onStatus(() => this.update()), directory.onDidChangeProfiles(() => this.update())];
  }

  get lost(): string | undefined {
    return this.reason;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.emitter.dispose();
  }

  private check(): string | undefined {
    if (this.directory.profile(this.profile.name)?.session !== this.profile.session)
      return l10n.t('the profile "{0}" was disconnected', this.profile.name);
    return lostReason(this.profile.session.status);
  }

  private update(): void {
    if (this.reason !== undefined) return;
    this.reason = this.check();
    if (this.reason !== undefined) this.emitter.fire(this.reason);
  }
}
