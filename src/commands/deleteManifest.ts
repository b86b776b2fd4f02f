// Delete from Cluster: after a modal that lists the manifest's objects (unless qbo.confirm.delete
// is off), `kubectl delete -f … --ignore-not-found` on a running cluster the user picks.
import * as vscode from 'vscode';
import { readSettings } from '../settings';
import { deleteArgs } from '../manifests/kubectlArgs';
import { deleteConfirmation } from '../manifests/confirmation';
import { deleteSummary } from '../manifests/results';
import { safeName } from '../ui/safeText';
import { confirmModal } from './support/confirm';
import { manifestCluster, manifestOf, reportResult, requireKubectl, runCountedOnManifest } from './support/manifests';
import type { QboCommand } from './types';

export const deleteManifest: QboCommand = {
  id: 'qbo.deleteManifest',
  async run(context, ...args) {
    const manifest = await manifestOf(args);
    const kubectl = await requireKubectl(context);
    const target = await manifestCluster(
      context,
      args,
      vscode.l10n.t('Delete the objects of {0} from which cluster?', safeName(manifest.name)),
    );
    if (readSettings().confirmDelete) {
      const { message, detail } = deleteConfirmation(manifest.objects, manifest.name, target.name);
      await confirmModal(message, detail, vscode.l10n.t('Delete'));
    }
    const kubectlArgs = deleteArgs(manifest.source);
    const counts = await runCountedOnManifest(context, {
      action: 'delete',
      kubectl,
      args: kubectlArgs,
      manifest,
      cluster: target,
      title: vscode.l10n.t('Deleting the objects of {0} from {1}…', manifest.name, target.name),
    });
    reportResult(deleteSummary(counts, manifest.objects.length, target.name));
    return {
      cluster: target.name,
      profile: target.profile.name,
      args: kubectlArgs,
      standardInput: manifest.source.kind === 'stdin',
      deleted: counts.get('deleted') ?? 0,
    };
  },
};
