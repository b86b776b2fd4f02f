import { runMachineAction } from './support/machineAction';
import type { QboCommand } from './types';

export const stopNode: QboCommand = {
  id: 'qbo.stopNode',
  run: (context, ...args) => runMachineAction(context, 'stop', 'nodes', args),
};
