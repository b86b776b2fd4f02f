// Open Shell: `kubectl exec -it POD -- sh` (the container picked when the pod has several) in a terminal named after it.
import * as vscode from 'vscode';
import { podShellArgs, terminalName } from '../kube/kubectl';
import { pickEntity, runKubectl } from './support/kubectl';
import { chooseContainer, podActionOptions, podRef } from './support/podContainer';
import type { QboCommand } from './types';

export const openPodShell: QboCommand = {
  id: 'qbo.openPodShell',
  async run(context, ...args) {
    const title = vscode.l10n.t('Open Shell');
    const pod = await pickEntity(context, 'pod', args, title);
    const given = podActionOptions(args[1]);
    const ref = podRef(pod.entity);
    return runKubectl(context, {
      cluster: typeof pod.entity.cluster === 'string' ? pod.entity.cluster : undefined,
      terminalName: terminalName(ref.name, vscode.l10n.t('shell')),
      icon: 'terminal',
      interactive: true,
      args: async (kubectl, kubeconfig) => {
        const choice = given ?? (await chooseContainer(pod.entity, kubectl, kubeconfig, title));
        return choice ? podShellArgs(ref, choice.container) : undefined;
      },
    });
  },
};
