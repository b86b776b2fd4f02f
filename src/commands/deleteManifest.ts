// Delete from Cluster: after a modal that lists the manifest's objects (unless qbo.confirm.delete
// is off), `kubectl delete -f … --ignore-not-found` on a running cluster the user picks.
import * as vscode from 'vscode';
import { readSettings } from '../settings';
import { deleteArgs } from '../manifests/kubectlArgs';
import { objectLabel } from '../manifests/manifest';
import { countResults, deleteSummary, failureText } from '../manifests/results';
import { shownText } from '../manifests/shownText';
import { confirmModal } from './support/confirm';
import { manifestCluster, manifestOf, reportResult, requireKubectl, runOnManifest, withClusterKubeconfig } from './support/manifests';
import type { QboCommand } from './types';

/** Objects named in the confirmation; the rest are counted. */
const LISTED = 20;

export const deleteManifest: QboCommand = {
  id: 'qbo.deleteManifest',
  async run(context, ...args) {
    const manifest = await manifestOf(args);
    const kubectl = await requireKubectl(context);
    const target = await manifestCluster(
      context,
      args,
      vscode.l10n.t('Delete the objects of {0} from which cluster?', shownText(manifest.name)),
    );
    const count = manifest.objects.length;
    if (readSettings().confirmDelete) {
      const lines = manifest.objects
        .slice(0, LISTED)
        .map((object) => shownText(objectLabel(object), { maxChars: 120, fullTextLogged: false }));
      if (count > LISTED) lines.push(vscode.l10n.t('… and {0} more', count - LISTED));
      await confirmModal(
        shownText(
          count === 1
            ? vscode.l10n.t('Delete 1 object of {0} from {1}?', manifest.name, target.name)
            : vscode.l10n.t('Delete {0} objects of {1} from {2}?', count, manifest.name, target.name),
          { fullTextLogged: false },
        ),
        lines.join('\n'),
        vscode.l10n.t('Delete'),
      );
    }
    const kubectlArgs = deleteArgs(manifest.source);
    const exit = await withClusterKubeconfig(target, (kubeconfig) =>
      runOnManifest(context, {
        kubectl,
        args: kubectlArgs,
        kubeconfig,
        manifest,
        cluster: target,
        title: vscode.l10n.t('Deleting the objects of {0} from {1}…', manifest.name, target.name),
        logOutput: true,
      }),
    );
    const counts = countResults(exit.stdout);
    if (exit.code !== 0) throw new Error(shownText(failureText('delete', target.name, exit.stderr, counts)));
    reportResult(deleteSummary(counts, count, target.name));
    return {
      cluster: target.name,
      profile: target.profile.name,
      args: kubectlArgs,
      standardInput: manifest.source.kind === 'stdin',
      deleted: counts.get('deleted') ?? 0,
    };
  },
};
