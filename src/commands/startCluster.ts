import { runMachineAction } from './support/machineAction';
import type { QboCommand } from './types';

export const startCluster: QboCommand = {
  id: 'qbo.startCluster',
  run: (context, ...args) => runMachineAction(context, 'start', 'clusters', args),
};
