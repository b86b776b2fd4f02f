// Diff with Cluster: `kubectl diff -f` says whether applying the manifest would change anything
// (exit 0: no; 1: yes, not a failure). When it would, VS Code's diff editor opens: the live
// objects on the left (`kubectl get -f … -o yaml`, without what only the server keeps, held in
// memory read-only), the file itself on the right (editable, unsaved changes included).
import * as vscode from 'vscode';
import { diffArgs, liveObjectsArgs } from '../manifests/kubectlArgs';
import { liveDocumentText, liveObjectsFrom } from '../manifests/liveObjects';
import { diffOutcome, failureText } from '../manifests/results';
import { safeName } from '../ui/safeText';
import { liveDocuments } from './support/liveDocuments';
import { manifestCluster, manifestOf, reportResult, requireKubectl, runOnManifest, withClusterKubeconfig } from './support/manifests';
import type { QboCommand } from './types';

export const diffManifest: QboCommand = {
  id: 'qbo.diffManifest',
  async run(context, ...args) {
    const manifest = await manifestOf(args);
    const kubectl = await requireKubectl(context);
    const target = await manifestCluster(context, args, vscode.l10n.t('Diff {0} with which cluster?', safeName(manifest.name)));
    const base = { kubectl, manifest, cluster: target };
    const live = await withClusterKubeconfig(target, async (kubeconfig) => {
      const diff = await runOnManifest(context, {
        ...base,
        args: diffArgs(manifest.source),
        kubeconfig,
        title: vscode.l10n.t('Comparing {0} with {1}…', manifest.name, target.name),
        // kubectl diff masks a Secret's data: its output may be logged.
        logOutput: true,
      });
      const outcome = diffOutcome(diff.code);
      // kubectl's own message: the boundary's notification makes it safe to show (src/ui/notifications.ts).
      if (outcome === 'failed') throw new Error(failureText('diff', target.name, diff.stderr));
      if (outcome === 'same') return undefined;
      const got = await runOnManifest(context, {
        ...base,
        args: liveObjectsArgs(manifest.source),
        kubeconfig,
        title: vscode.l10n.t('Reading the live objects of {0} from {1}…', manifest.name, target.name),
        // `get -o yaml` prints a Secret's data: never logged.
        logOutput: false,
      });
      if (got.code !== 0) throw new Error(failureText('get', target.name, got.stderr));
      return got.stdout;
    });
    if (live === undefined) {
      reportResult(vscode.l10n.t('qbo: no differences between {0} and {1}.', manifest.name, target.name));
      return { differs: false, cluster: target.name };
    }
    let objects: ReturnType<typeof liveObjectsFrom>;
    try {
      objects = liveObjectsFrom(live);
    } catch (error) {
      throw new Error(
        vscode.l10n.t('qbo: kubectl get printed no readable objects ({0}).', error instanceof Error ? error.message : String(error)),
      );
    }
    const text = liveDocumentText(manifest.objects, objects, manifest.format, target.name);
    const left = liveDocuments().hold(target.profile.name, target.name, manifest.name, manifest.format, text);
    const title = vscode.l10n.t('{0}: live in {1} ↔ file', safeName(manifest.name), safeName(target.name));
    await vscode.commands.executeCommand('vscode.diff', left, manifest.uri, title, { preview: true });
    return { differs: true, cluster: target.name, left: left.toString(), right: manifest.uri.toString() };
  },
};
