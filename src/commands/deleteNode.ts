import { runMachineAction } from './support/machineAction';
import type { QboCommand } from './types';

export const deleteNode: QboCommand = {
  id: 'qbo.deleteNode',
  run: (context, ...args) => runMachineAction(context, 'delete', 'nodes', args),
};
