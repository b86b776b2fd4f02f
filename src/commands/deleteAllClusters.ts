import { runAllClustersAction } from './support/machineAction';
import type { QboCommand } from './types';

export const deleteAllClusters: QboCommand = {
  id: 'qbo.deleteAllClusters',
  run: (context, ...args) => runAllClustersAction(context, 'delete', args),
};
