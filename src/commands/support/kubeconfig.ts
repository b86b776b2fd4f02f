// What the kubeconfig commands (get, merge, open terminal) share: the cluster to act on, its
// kubeconfig fetched with progress, and writing it where only the user can read it.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { kubeconfigCommand } from '../../qbo/commandLine';
import type { QboSession } from '../../session/session';
import { commandName, type MachineTarget } from '../commandLines';
import type { CommandContext } from '../types';
import { reportFailure, runWithProgress } from './run';
import { requireSession } from './session';
import { resolveTargets, targetByName } from './targets';

/** A connected session and the one cluster the arguments name (or the user picks); undefined if none. */
export async function sessionAndCluster(
  context: CommandContext,
  args: unknown[],
  title: string,
): Promise<{ session: QboSession; cluster: MachineTarget } | undefined> {
  const session = await requireSession(context);
  if (!session) return undefined;
  const cluster = (await resolveTargets(context, 'clusters', undefined, args, title, false))?.[0];
  return cluster ? { session, cluster } : undefined;
}

/** Fetches a cluster's kubeconfig text; undefined (after telling the user) on failure. */
export async function fetchKubeconfig(context: CommandContext, session: QboSession, cluster: MachineTarget): Promise<string | undefined> {
  let line;
  try {
    line = kubeconfigCommand(commandName(cluster));
  } catch (error) {
    reportFailure(context, error);
    return undefined;
  }
  const result = await runWithProgress(
    context,
    session,
    vscode.l10n.t('Getting the kubeconfig of {0}', cluster.name ?? cluster.key),
    line,
    'notification',
  );
  if (!result) return undefined;
  const kubeconfig = result.outputItems.find((item) => typeof item.kubeconfig === 'string')?.kubeconfig;
  if (!kubeconfig) {
    reportFailure(context, new Error(vscode.l10n.t('qbo returned no kubeconfig for {0}', cluster.name ?? cluster.key)));
    return undefined;
  }
  return kubeconfig;
}

/** Writes a kubeconfig readable only by the user (it holds cluster credentials). */
export async function writePrivateFile(file: string, text: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, text, { mode: 0o600 });
  await fs.chmod(file, 0o600);
}

/** The kubeconfig of the cluster named `name` (for the Kubernetes extension's Clouds view); undefined after telling the user. */
export async function kubeconfigOfCluster(context: CommandContext, name: string): Promise<string | undefined> {
  const session = await requireSession(context);
  if (!session) return undefined;
  const cluster = targetByName(context.manager.inventory, 'clusters', name);
  if (!cluster) {
    reportFailure(context, new Error(vscode.l10n.t('qbo: no cluster named {0}.', name)));
    return undefined;
  }
  return fetchKubeconfig(context, session, cluster);
}
