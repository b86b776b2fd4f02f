import { runAllClustersAction } from './support/machineAction';
import type { QboCommand } from './types';

export const stopAllClusters: QboCommand = {
  id: 'qbo.stopAllClusters',
  run: (context, ...args) => runAllClustersAction(context, 'stop', args),
};
