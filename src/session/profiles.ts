// What the session layer needs to know about profiles, without VS Code: a profile with its
// credentials, and the source that says which profiles are connected (ProfileStore in the
// extension; a plain object in tests and benchmarks).
import type { QboCredentials } from '../qbo/credentials';
import type { Event } from '../qbo/events';
import type { ConnectionProfile } from './session';

/** Where a profile's credentials come from. */
export type ProfileOrigin = 'secret-storage' | 'environment' | 'cli-json';

export interface ActiveProfile {
  profile: ConnectionProfile;
  credentials: QboCredentials;
  origin: ProfileOrigin;
}

/** One profile the user wants connected: usable, or why not. */
export type ProfileResolution =
  { ok: true; name: string; active: ActiveProfile } | { ok: false; name: string; reason: 'invalid'; message: string };

export interface ProfileSource {
  /** Fires when the profiles, their credentials or the set of connected profiles change. */
  readonly onDidChange: Event<void>;
  /** The profiles to connect, in the order the user connected them; empty when signed out. */
  resolveConnected(): Promise<readonly ProfileResolution[]>;
}
