// Frame filters for emulator tests: object changes apart from the mirror's other traffic (the
// `clients` list pushed when a client comes or goes, the `input` command log of other clients).
import type { Frame } from '../../support/emulator';

/** A `clients` or `input` message: mirror traffic that is not about objects. */
export function isMirrorNotice(frame: Frame): boolean {
  return 'clients' in frame || 'input' in frame;
}

/** Frames without mirror notices. */
export function withoutNotices(frames: readonly Frame[]): Frame[] {
  return frames.filter((frame) => !isMirrorNotice(frame));
}

/** Mirror pushes that carry object changes. */
export function changePushes(socket: { pushes(): Frame[] }): Frame[] {
  return withoutNotices(socket.pushes());
}
