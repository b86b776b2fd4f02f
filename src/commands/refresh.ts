// Refresh: re-list everything now (never debounced), or reconnect if the link is down.
import type { QboCommand } from './types';

export const refresh: QboCommand = {
  id: 'qbo.refresh',
  async run(context) {
    await context.manager.ensureStarted();
    const session = context.manager.session;
    if (!session) {
      await context.manager.reload();
      return;
    }
    await session.refresh();
  },
};
