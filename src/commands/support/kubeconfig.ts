// What the kubeconfig commands (get, merge, open terminal) share: the cluster to act on, its
// kubeconfig fetched with progress, and writing it where only the user can read it.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { kubeconfigCommand } from '../../qbo/commands';
import type { QboSession } from '../../session/session';
import { commandTarget, type MachineTarget } from '../commandLines';
import type { CommandContext } from '../types';
import { FAILED } from './boundary';
import { runReported } from './report';
import { runWithProgress } from './run';
import { requireProfile } from './session';
import { resolveTarget, targetFromKey } from './targets';
import type { ConnectedProfile } from '../../session/sessionManager';

/** The one cluster the arguments name (or the user picks), with its connected profile. */
export async function sessionAndCluster(
  context: CommandContext,
  args: unknown[],
  title: string,
): Promise<{ profile: ConnectedProfile; session: QboSession; cluster: MachineTarget }> {
  const { profile, target } = await resolveTarget(context, 'clusters', undefined, args, title);
  return { profile, session: profile.session, cluster: target };
}

/** Fetches a cluster's kubeconfig text. */
export async function fetchKubeconfig(session: QboSession, cluster: MachineTarget): Promise<string> {
  const line = kubeconfigCommand(commandTarget(cluster, session.inventory).ref);
  const result = await runWithProgress(
    session,
    vscode.l10n.t('Getting the kubeconfig of {0}', cluster.name ?? cluster.key),
    line,
    'notification',
  );
  const kubeconfig = result.outputItems.find((item) => typeof item.kubeconfig === 'string')?.kubeconfig;
  if (!kubeconfig) throw new Error(vscode.l10n.t('qbo returned no kubeconfig for {0}', cluster.name ?? cluster.key));
  return kubeconfig;
}

/** Writes a kubeconfig readable only by the user (it holds cluster credentials). */
export async function writePrivateFile(file: string, text: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, text, { mode: 0o600 });
  await fs.chmod(file, 0o600);
}

/** What the log names when the Kubernetes extension's Clouds view asked for a kubeconfig. */
const CLOUD_EXPLORER_ORIGIN = 'Kubernetes Clouds view';

/** The kubeconfig of a profile's cluster (for the Kubernetes extension's Clouds view); undefined after telling the user. */
export async function kubeconfigOfCluster(context: CommandContext, profileName: string, key: string): Promise<string | undefined> {
  const kubeconfig = await runReported(context.output, CLOUD_EXPLORER_ORIGIN, async () => {
    const profile = await requireProfile(context, CLOUD_EXPLORER_ORIGIN, profileName);
    const cluster = targetFromKey(profile.inventory, 'clusters', key);
    if (!cluster) throw new Error(vscode.l10n.t('qbo: that cluster is gone.'));
    return fetchKubeconfig(profile.session, cluster);
  });
  return kubeconfig === FAILED ? undefined : kubeconfig;
}
