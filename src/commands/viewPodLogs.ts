// View Logs: `kubectl logs -f` of a pod (the container picked when it has several) in a terminal named after it.
import * as vscode from 'vscode';
import { podLogsArgs, terminalName } from '../kube/kubectl';
import { pickEntity, runKubectl } from './support/kubectl';
import { chooseContainer, podActionOptions, podRef } from './support/podContainer';
import type { QboCommand } from './types';

export const viewPodLogs: QboCommand = {
  id: 'qbo.viewPodLogs',
  async run(context, ...args) {
    const title = vscode.l10n.t('View Logs');
    const pod = await pickEntity(context, 'pod', args, title);
    const given = podActionOptions(args[1]);
    const ref = podRef(pod.entity);
    return runKubectl(context, {
      cluster: typeof pod.entity.cluster === 'string' ? pod.entity.cluster : undefined,
      terminalName: terminalName(ref.name, vscode.l10n.t('logs')),
      icon: 'output',
      interactive: true,
      args: async (kubectl, kubeconfig) => {
        const choice = given ?? (await chooseContainer(pod.entity, kubectl, kubeconfig, title));
        return choice ? podLogsArgs(ref, choice.container) : undefined;
      },
    });
  },
};
