import { runMachineAction } from './support/machineAction';
import type { QboCommand } from './types';

export const deleteCluster: QboCommand = {
  id: 'qbo.deleteCluster',
  run: (context, ...args) => runMachineAction(context, 'delete', 'clusters', args),
};
