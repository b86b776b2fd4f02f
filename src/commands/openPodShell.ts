// Open Shell: `kubectl exec -it POD -- sh` (the container picked when the pod has several) in a terminal named after it.
import * as vscode from 'vscode';
import { podShellArgs } from '../kube/kubectl';
import { runContainerAction } from './support/podContainer';
import type { QboCommand } from './types';

export const openPodShell: QboCommand = {
  id: 'qbo.openPodShell',
  run: (context, ...args) =>
    runContainerAction(context, args, {
      title: vscode.l10n.t('Open Shell'),
      terminalSuffix: vscode.l10n.t('shell'),
      icon: 'terminal',
      argsFor: podShellArgs,
    }),
};
