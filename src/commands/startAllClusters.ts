import { runAllClustersAction } from './support/machineAction';
import type { QboCommand } from './types';

export const startAllClusters: QboCommand = {
  id: 'qbo.startAllClusters',
  run: (context, ...args) => runAllClustersAction(context, 'start', args),
};
