// View Logs: `kubectl logs -f` of a pod (the container picked when it has several) in a terminal named after it.
import * as vscode from 'vscode';
import { podLogsArgs } from '../kube/kubectl';
import { runContainerAction } from './support/podContainer';
import type { QboCommand } from './types';

export const viewPodLogs: QboCommand = {
  id: 'qbo.viewPodLogs',
  run: (context, ...args) =>
    runContainerAction(context, args, {
      title: vscode.l10n.t('View Logs'),
      terminalSuffix: vscode.l10n.t('logs'),
      icon: 'output',
      argsFor: podLogsArgs,
    }),
};
