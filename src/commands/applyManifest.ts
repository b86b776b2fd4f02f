// Apply to Cluster: `kubectl apply -f` on the manifest (an editor's unsaved text through standard
// input), on a running cluster the user picks; kubectl's lines go to the log, and one notification
// says what happened ("3 created, 1 configured in dev") or kubectl's own error.
import * as vscode from 'vscode';
import { applyArgs } from '../manifests/kubectlArgs';
import { applySummary } from '../manifests/results';
import { safeName } from '../ui/safeText';
import { manifestCluster, manifestOf, reportResult, requireKubectl, runCountedOnManifest } from './support/manifests';
import type { QboCommand } from './types';

export const applyManifest: QboCommand = {
  id: 'qbo.applyManifest',
  async run(context, ...args) {
    const manifest = await manifestOf(args);
    const kubectl = await requireKubectl(context);
    const target = await manifestCluster(context, args, vscode.l10n.t('Apply {0} to which cluster?', safeName(manifest.name)));
    const kubectlArgs = applyArgs(manifest.source);
    const counts = await runCountedOnManifest(context, {
      action: 'apply',
      kubectl,
      args: kubectlArgs,
      manifest,
      cluster: target,
      title: vscode.l10n.t('Applying {0} to {1}…', manifest.name, target.name),
    });
    reportResult(applySummary(counts, target.name));
    return {
      cluster: target.name,
      profile: target.profile.name,
      args: kubectlArgs,
      standardInput: manifest.source.kind === 'stdin',
      counts: Object.fromEntries(counts),
    };
  },
};
