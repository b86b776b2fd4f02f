// Empties the Activity view: the log of every connected profile (or of the profile named). Who last
// acted on each cluster is kept: the conflict guard is a safety net, not a view.
import { profileNameIn } from './support/session';
import type { QboCommand } from './types';

export const clearActivity: QboCommand = {
  id: 'qbo.clearActivity',
  run(context, ...args): true {
    const named = profileNameIn(args);
    const profiles = named !== undefined ? [named] : context.manager.profiles.map((profile) => profile.name);
    for (const profile of profiles) context.activity.log.clear(profile);
    return true;
  },
};
