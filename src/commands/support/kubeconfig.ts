// What the kubeconfig commands (get, merge, open terminal, the workload actions) share: the
// cluster to act on, its kubeconfig fetched with progress and checked (kubeconfigPolicy.ts) before
// anything else sees it, and the private temporary files handed to kubectl and terminals, removed
// when their terminal closes, at sign-out of their profile and on deactivation.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { kubeconfigFromOutput, type AllowedKubeconfig } from '../../kube/kubeconfigPolicy';
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

/**
 * Fetches a cluster's kubeconfig and checks it: every caller gets the allow-listed object and its
 * serialised text, never the server's text; a refused one throws (KubeconfigRefused) before
 * anything is written or run.
 */
export async function fetchKubeconfig(session: QboSession, cluster: MachineTarget): Promise<AllowedKubeconfig> {
  const label = cluster.name ?? cluster.key;
  const line = kubeconfigCommand(commandTarget(cluster, session.inventory).ref);
  const result = await runWithProgress(session, vscode.l10n.t('Getting the kubeconfig of {0}', label), line, 'notification');
  return kubeconfigFromOutput(result.outputItems, label);
}

/** What the log names when the Kubernetes extension's Clouds view asked for a kubeconfig. */
const CLOUD_EXPLORER_ORIGIN = 'Kubernetes Clouds view';

/** The kubeconfig of a profile's cluster (for the Kubernetes extension's Clouds view); undefined after telling the user. */
export async function kubeconfigOfCluster(context: CommandContext, profileName: string, key: string): Promise<string | undefined> {
  const kubeconfig = await runReported(context.output, CLOUD_EXPLORER_ORIGIN, async () => {
    const profile = await requireProfile(context, CLOUD_EXPLORER_ORIGIN, profileName);
    const cluster = targetFromKey(profile.inventory, 'clusters', key);
    if (!cluster) throw new Error(vscode.l10n.t('qbo: that cluster is gone.'));
    return (await fetchKubeconfig(profile.session, cluster)).text;
  });
  return kubeconfig === FAILED ? undefined : kubeconfig;
}

/** Where older versions kept Open Terminal's kubeconfigs, one per cluster name, never removed. */
function legacyTerminalKubeconfigs(context: CommandContext): string {
  return path.join(context.extension.globalStorageUri.fsPath, 'kubeconfigs');
}

/** Removes each temporary kubeconfig folder when its terminal closes, at sign-out of its profile, and all of them on deactivation. */
class TemporaryKubeconfigs implements vscode.Disposable {
  private readonly byTerminal = new Map<vscode.Terminal, { dir: string; profile: string }>();
  private readonly listener = vscode.window.onDidCloseTerminal((terminal) => {
    const held = this.byTerminal.get(terminal);
    if (held === undefined) return;
    this.byTerminal.delete(terminal);
    void fs.rm(held.dir, { recursive: true, force: true });
  });
  add(terminal: vscode.Terminal, dir: string, profile: string): void {
    this.byTerminal.set(terminal, { dir, profile });
  }
  async removeProfile(profile: string): Promise<void> {
    const dirs: string[] = [];
    for (const [terminal, held] of this.byTerminal)
      if (held.profile === profile) {
        dirs.push(held.dir);
        this.byTerminal.delete(terminal);
      }
    await Promise.all(dirs.map((dir) => fs.rm(dir, { recursive: true, force: true })));
  }
  dispose(): void {
    this.listener.dispose();
    for (const held of this.byTerminal.values()) void fs.rm(held.dir, { recursive: true, force: true });
    this.byTerminal.clear();
  }
}

let temporaryKubeconfigs: TemporaryKubeconfigs | undefined;

/** The one registry of temporary kubeconfig folders, made on first use and disposed with the extension. */
export function temporaries(context: CommandContext): TemporaryKubeconfigs {
  if (!temporaryKubeconfigs) {
    temporaryKubeconfigs = new TemporaryKubeconfigs();
    context.extension.subscriptions.push(temporaryKubeconfigs, { dispose: () => (temporaryKubeconfigs = undefined) });
    // Files an older version left behind (they hold cluster credentials).
    void fs.rm(legacyTerminalKubeconfigs(context), { recursive: true, force: true });
  }
  return temporaryKubeconfigs;
}

/** Sign-out: the temporary kubeconfigs of the profile's terminals go (the terminals stay, their kubectl no longer has credentials). */
export async function removeTemporaryKubeconfigs(context: CommandContext, profile: string): Promise<void> {
  await temporaryKubeconfigs?.removeProfile(profile);
  await fs.rm(legacyTerminalKubeconfigs(context), { recursive: true, force: true });
}
