// Describe: `kubectl describe pod` in a terminal named after the pod.
import * as vscode from 'vscode';
import { describePodArgs, terminalName } from '../kube/kubectl';
import { pickEntity, runKubectl } from './support/kubectl';
import { podRef } from './support/podContainer';
import type { QboCommand } from './types';

export const describePod: QboCommand = {
  id: 'qbo.describePod',
  async run(context, ...args) {
    const pod = await pickEntity(context, 'pod', args, vscode.l10n.t('Describe Pod'));
    const ref = podRef(pod.entity);
    return runKubectl(context, {
      profile: pod.profile,
      of: pod.entity,
      terminalName: terminalName(ref.name, vscode.l10n.t('describe')),
      icon: 'info',
      interactive: false,
      args: () => describePodArgs(ref),
    });
  },
};
