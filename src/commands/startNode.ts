import { runMachineAction } from './support/machineAction';
import type { QboCommand } from './types';

export const startNode: QboCommand = {
  id: 'qbo.startNode',
  run: (context, ...args) => runMachineAction(context, 'start', 'nodes', args),
};
