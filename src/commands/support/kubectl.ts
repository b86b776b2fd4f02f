// Running kubectl for a workload action: find kubectl (the Kubernetes extension's when it is
// installed, else PATH), fetch the cluster's kubeconfig into a private temporary file, and run
// the command in a terminal named after the object. The file goes when the terminal closes.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as vscode from 'vscode';
import type { KubectlV1 } from 'vscode-kubernetes-tools-api';
import { isEntityElement, KIND_OF, type EntityElement } from '../../explorer/treeElements';
import { naturalCompare } from '../../explorer/naturalOrder';
import type { ConnectedProfile } from '../../session/sessionManager';
import { commandText, KUBECTL_INSTALL_URL, kubectlCandidates, kubectlPathFromKubernetesSettings } from '../../kube/kubectl';
import { createTemporaryKubeconfig } from '../../kube/kubeconfigFiles';
import { kubectlApi, kubernetesUserSettings } from '../../kube/kubernetesExtension';
import type { CommandContext } from '../types';
import { fetchKubeconfig, temporaries } from './kubeconfig';
import { Cancelled, orCancel } from './boundary';
import { profileNameIn, readyProfile, requireProfile } from './session';
import { targetByName, targetFromKey } from './targets';
import type { Inventory } from '../../qbo/inventory';
import type { MachineTarget } from '../commandLines';
import { nodeChildProcess } from '../../qbo/builtins';
import { showError, showInformation } from '../../ui/notifications';
import { safePickItem } from '../../ui/safeText';

export interface Kubectl {
  /** The kubectl executable for terminals, when one was found. */
  path: string | undefined;
  /** The Kubernetes extension's kubectl API, when that extension is installed. */
  api: KubectlV1 | undefined;
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await fs.access(file, process.platform === 'win32' ? fs.constants.F_OK : fs.constants.X_OK);
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

/** kubectl as the user has it: the Kubernetes extension's configured path first, then PATH. */
export async function findKubectl(): Promise<Kubectl> {
  const api = await kubectlApi();
  const configured = api ? kubectlPathFromKubernetesSettings(kubernetesUserSettings(), process.platform) : undefined;
  const candidates = [
    ...(configured && /[/\\]/.test(configured) ? [configured.replace(/^~(?=$|[/\\])/, os.homedir())] : []),
    ...kubectlCandidates(process.env.PATH, process.platform, process.env.PATHEXT),
  ];
  for (const candidate of candidates) if (await isExecutable(candidate)) return { path: candidate, api };
  return { path: undefined, api };
}

/** The one message when there is no kubectl anywhere, with a link to install it (the command then ends as Cancelled: the user was told). */
export function reportNoKubectl(context: CommandContext): void {
  context.output.warn('kubectl was not found (Kubernetes extension, PATH)');
  const install = vscode.l10n.t('Install kubectl');
  void showError(vscode.l10n.t('qbo: kubectl was not found. Install it, or the Kubernetes extension, and try again.'), install).then(
    (choice) => {
      if (choice === install) void vscode.env.openExternal(vscode.Uri.parse(KUBECTL_INSTALL_URL));
    },
  );
}

/** An object a workload action acts on, with its profile. */
export interface PickedEntity {
  profile: ConnectedProfile;
  key: string;
  entity: Record<string, unknown>;
}

/**
 * The entity of a tree row of `type`, or a quick pick among those of the profile the arguments
 * name (the only one, or the one the user picks). Cancelled when there is none or none is picked.
 */
export async function pickEntity<T extends EntityElement['type']>(
  context: CommandContext,
  type: T,
  args: unknown[],
  title: string,
): Promise<PickedEntity> {
  const kind = KIND_OF[type];
  const [first] = args;
  if (isEntityElement(first) && first.type === type) {
    const profile = await requireProfile(context, title, first.profile);
    const entity = profile.inventory.get(kind, first.key) as Record<string, unknown> | undefined;
    if (!entity) throw new Cancelled(); // the row went away meanwhile: the tree no longer shows it
    return { profile, key: first.key, entity };
  }
  const profile = await requireProfile(context, title, profileNameIn(args));
  const items = profile.inventory.entries(kind).map(([key, entity]) => {
    const record = entity as Record<string, unknown>;
    const text = (field: string) => (typeof record[field] === 'string' ? (record[field] as string) : undefined);
    return safePickItem({
      label: text('name') ?? key,
      description: [text('namespace'), text('cluster')].filter(Boolean).join(' · '),
      key,
      entity: record,
    });
  });
  if (items.length === 0) {
    void showInformation(vscode.l10n.t('qbo: nothing to act on.'));
    throw new Cancelled();
  }
  const picked = orCancel(
    await vscode.window.showQuickPick(
      items.sort((a, b) => naturalCompare(a.label, b.label)),
      { title, matchOnDescription: true },
    ),
  );
  return { profile, key: picked.key, entity: picked.entity };
}

export interface KubectlRequest {
  /** The profile the cluster belongs to. */
  profile: ConnectedProfile;
  /** The object whose cluster's kubeconfig kubectl uses (its `cluster_id`, else its `cluster` name). */
  of: Record<string, unknown>;
  terminalName: string;
  icon: string;
  /** A terminal is needed (follows, or reads input); otherwise the Kubernetes extension may run it. */
  interactive: boolean;
  /** The kubectl arguments, once the kubeconfig is written (may ask the user; undefined cancels). */
  args: (kubectl: Kubectl, kubeconfig: string) => Promise<string[] | undefined> | string[] | undefined;
  /** Written at the top of the terminal. */
  message?: string;
}

export interface KubectlRun {
  terminal: vscode.Terminal;
  args: string[];
  /** The temporary kubeconfig (mode 0600), removed when the terminal closes. */
  kubeconfig: string;
  /** The kubectl executable run in the terminal, or `kubernetes-extension` when its API ran it. */
  kubectl: string;
}

/** A terminal that shows what the Kubernetes extension's kubectl printed. */
function outputTerminal(name: string, icon: string, api: KubectlV1, command: string, onDone: () => void): vscode.Terminal {
  const writer = new vscode.EventEmitter<string>();
  const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');
  const pty: vscode.Pseudoterminal = {
    onDidWrite: writer.event,
    open: () => {
      writer.fire(`\x1b[2mkubectl ${command.replace(/--kubeconfig .+$/, '--kubeconfig …')}\x1b[0m\r\n`);
      void api
        .invokeCommand(command)
        .then(
          (result) => {
            if (!result) writer.fire(crlf(vscode.l10n.t('The Kubernetes extension could not run kubectl.') + '\n'));
            else writer.fire(crlf(result.stdout + result.stderr));
          },
          (error: unknown) => writer.fire(crlf(`${error instanceof Error ? error.message : String(error)}\n`)),
        )
        .finally(onDone);
    },
    close: () => writer.dispose(),
  };
  return vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon(icon) });
}

/** The cluster an object belongs to: by its `cluster_id` when the inventory has it (names may repeat), else by name. */
export function clusterOf(inventory: Inventory, entity: Record<string, unknown>): MachineTarget | undefined {
  const id = typeof entity.cluster_id === 'string' ? entity.cluster_id : undefined;
  const byId = id !== undefined ? targetFromKey(inventory, 'clusters', id) : undefined;
  if (byId) return byId;
  return typeof entity.cluster === 'string' ? targetByName(inventory, 'clusters', entity.cluster) : undefined;
}

/** Runs kubectl for a workload action; throws (or Cancelled after telling the user) when it cannot. */
export async function runKubectl(context: CommandContext, request: KubectlRequest): Promise<KubectlRun> {
  const kubectl = await findKubectl();
  const viaApi = !request.interactive && kubectl.api !== undefined;
  if (!kubectl.path && !viaApi) {
    reportNoKubectl(context);
    throw new Cancelled();
  }
  const { session, inventory } = await readyProfile(request.profile);
  const cluster = clusterOf(inventory, request.of);
  if (!cluster) throw new Error(vscode.l10n.t('qbo: the cluster of {0} is not known.', request.terminalName));
  // Checked before anything is written: a refused kubeconfig throws here, and kubectl never starts.
  const checked = await fetchKubeconfig(session, cluster);
  const { dir, file: kubeconfig } = await createTemporaryKubeconfig(checked, 'qbo-kubectl-');
  let handedOver = false;
  try {
    const args = await request.args(kubectl, kubeconfig);
    if (!args) throw new Cancelled();
    let terminal: vscode.Terminal;
    if (viaApi && kubectl.api) {
      terminal = outputTerminal(request.terminalName, request.icon, kubectl.api, commandText(args, kubeconfig, process.platform), () => {
        void fs.rm(dir, { recursive: true, force: true });
      });
    } else {
      terminal = vscode.window.createTerminal({
        name: request.terminalName,
        shellPath: kubectl.path,
        shellArgs: args,
        env: { KUBECONFIG: kubeconfig },
        iconPath: new vscode.ThemeIcon(request.icon),
        message: request.message,
      });
    }
    temporaries(context).add(terminal, dir, session.profile.name);
    handedOver = true;
    terminal.show();
    context.output.info(`kubectl ${args.join(' ')} (cluster ${cluster.name ?? cluster.key})`);
    return { terminal, args, kubeconfig, kubectl: viaApi ? 'kubernetes-extension' : (kubectl.path ?? '') };
  } finally {
    if (!handedOver) await fs.rm(dir, { recursive: true, force: true });
  }
}

/** Runs kubectl and returns its standard output (for small queries such as a pod's containers). */
export async function kubectlOutput(kubectl: Kubectl, args: string[], kubeconfig: string): Promise<string | undefined> {
  if (kubectl.api) {
    const result = await kubectl.api.invokeCommand(commandText(args, kubeconfig, process.platform)).catch(() => undefined);
    return result?.code === 0 ? result.stdout : undefined;
  }
  const file = kubectl.path;
  if (!file) return undefined;
  return new Promise((resolve) => {
    nodeChildProcess().execFile(file, args, { env: { ...process.env, KUBECONFIG: kubeconfig }, timeout: 15_000 }, (error, stdout) =>
      resolve(error ? undefined : stdout),
    );
  });
}
