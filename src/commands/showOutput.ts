import type { QboCommand } from './types';

export const showOutput: QboCommand = {
  id: 'qbo.showOutput',
  run: (context) => context.output.show(),
};
