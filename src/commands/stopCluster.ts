import { runMachineAction } from './support/machineAction';
import type { QboCommand } from './types';

export const stopCluster: QboCommand = {
  id: 'qbo.stopCluster',
  run: (context, ...args) => runMachineAction(context, 'stop', 'clusters', args),
};
