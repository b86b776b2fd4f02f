// Refresh: re-list everything now (never debounced), or reconnect where the link is down: the
// profile of the row it was invoked on, or every connected profile.
import { profileNameIn } from './support/session';
import type { QboCommand } from './types';

export const refresh: QboCommand = {
  id: 'qbo.refresh',
  async run(context, ...args) {
    await context.manager.ensureStarted();
    const named = profileNameIn(args);
    const profiles =
      named !== undefined ? [context.manager.profile(named)].filter((profile) => profile !== undefined) : context.manager.profiles;
    if (profiles.length === 0) {
      await context.manager.reload();
      return;
    }
    await Promise.all(profiles.map((profile) => profile.session.refresh()));
  },
};
