// What Apply, Diff and Delete with a cluster share: the manifest (a file kubectl reads by its path,
// or an editor's unsaved text, which goes to kubectl's standard input and never to disk), checked
// to be one before anything runs; the running cluster it goes to (the one used last in this
// workspace first); and kubectl run on it, without a shell, with the cluster's kubeconfig in a
// private temporary file removed as soon as kubectl is done. Errors thrown here reach the user through
// the command boundary's notification, which makes file names and kubectl's text safe to show.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { stateClass } from '../../qbo/domain';
import { createTemporaryKubeconfig } from '../../kube/kubeconfigFiles';
import { runKubectl, type KubectlExit } from '../../kube/kubectlProcess';
import { choiceItems, remembering, rememberedCluster, type ClusterChoice } from '../../manifests/clusterChoice';
import { standardInput, type ManifestSource } from '../../manifests/kubectlArgs';
import { countResults, failureText, type ResultVerb } from '../../manifests/results';
import { manifestFormat, MAX_MANIFEST_CHARS, readManifest, type ManifestFormat, type ManifestObject } from '../../manifests/manifest';
import type { ConnectedProfile } from '../../session/sessionManager';
import { showInformation } from '../../ui/notifications';
import { progressText } from '../../ui/safeText';
import type { MachineTarget } from '../commandLines';
import type { CommandContext } from '../types';
import { Cancelled, orCancel } from './boundary';
import { fetchKubeconfig } from './kubeconfig';
import { findKubectl, reportNoKubectl } from './kubectl';
import { pickProfile, readyProfile } from './session';
import { targetByName, targetFromKey } from './targets';

/** Where the cluster used last for a manifest is remembered: per workspace. */
export const LAST_CLUSTER_KEY = 'qbo.manifestCluster';
/** kubectl lines logged per run at most (a diff of a large manifest can be long). */
const MAX_LOGGED_LINES = 2_000;

export interface OpenManifest {
  /** The file's name (or the untitled editor's), for messages and titles. */
  name: string;
  /** The document: the diff's right side. */
  uri: vscode.Uri;
  format: ManifestFormat;
  source: ManifestSource;
  objects: ManifestObject[];
}

/**
 * The manifest a command acts on: the file of its argument (Explorer, editor title or context
 * menu), else the active editor's. An open editor with unsaved changes, an untitled one or one not
 * on disk is read from the editor and goes through standard input. Throws with a clear message when
 * it is not a Kubernetes manifest, before anything runs.
 */
export async function manifestOf(args: readonly unknown[]): Promise<OpenManifest> {
  const uri = args[0] instanceof vscode.Uri ? args[0] : vscode.window.activeTextEditor?.document.uri;
  if (!uri) throw new Error(vscode.l10n.t('qbo: open a Kubernetes manifest (YAML or JSON) first, or right-click one in the Explorer.'));
  const name = path.posix.basename(uri.path) || uri.toString();
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  let text: string;
  let source: ManifestSource;
  let languageId = open?.languageId;
  if (open && (open.isDirty || open.isUntitled || uri.scheme !== 'file')) {
    text = open.getText();
    source = { kind: 'stdin', text };
  } else if (uri.scheme === 'file') {
    const file = uri.fsPath;
    const stat = await fs.stat(file).catch((error: unknown) => {
      throw new Error(vscode.l10n.t('qbo: cannot read {0}: {1}', name, error instanceof Error ? error.message : String(error)));
    });
    if (!stat.isFile()) throw new Error(vscode.l10n.t('qbo: {0} is not a file.', name));
    if (stat.size > MAX_MANIFEST_CHARS * 4) throw new Error(vscode.l10n.t('qbo: {0} is too large for a manifest.', name));
    text = open ? open.getText() : await fs.readFile(file, 'utf8');
    source = { kind: 'file', path: file };
  } else {
    const document = await vscode.workspace.openTextDocument(uri);
    text = document.getText();
    languageId = document.languageId;
    source = { kind: 'stdin', text };
  }
  const format = manifestFormat(languageId, name);
  const reading = readManifest(text, format);
  if (!reading.ok) throw new Error(vscode.l10n.t('qbo: {0} is not a Kubernetes manifest: {1}.', name, reading.reason));
  return { name, uri, format, source, objects: reading.objects };
}

/** The kubectl to run (the Kubernetes extension's setting, else PATH); Cancelled after the one "no kubectl" message. */
export async function requireKubectl(context: CommandContext): Promise<string> {
  const kubectl = await findKubectl();
  if (!kubectl.path) {
    reportNoKubectl(context);
    throw new Cancelled();
  }
  return kubectl.path;
}

export interface ManifestCluster {
  profile: ConnectedProfile;
  cluster: MachineTarget;
  /** For messages. */
  name: string;
}

/** `{ cluster: NAME, profile?: NAME }` passed by another extension or a test instead of the pick. */
function clusterOption(value: unknown): { cluster: string; profile: string | undefined } | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { cluster, profile } = value as Record<string, unknown>;
  return typeof cluster === 'string' ? { cluster, profile: typeof profile === 'string' ? profile : undefined } : undefined;
}

async function namedCluster(
  context: CommandContext,
  option: { cluster: string; profile: string | undefined },
  title: string,
): Promise<ManifestCluster> {
  const candidates =
    option.profile !== undefined ? [context.manager.profile(option.profile)].filter((p) => p !== undefined) : context.manager.profiles;
  if (option.profile !== undefined && candidates.length === 0)
    throw new Error(vscode.l10n.t('qbo: the profile "{0}" is not connected.', option.profile));
  const found = candidates.flatMap((profile) => {
    const target = targetByName(profile.inventory, 'clusters', option.cluster);
    return target ? [{ profile, target }] : [];
  });
  if (found.length === 0) throw new Error(vscode.l10n.t('qbo: there is no cluster "{0}".', option.cluster));
  let entry = found[0];
  if (found.length > 1) {
    // The same name in several accounts: which one is the user's to say, never a guess.
    const picked = await pickProfile(
      found.map((candidate) => candidate.profile),
      title,
    );
    entry = found.find((candidate) => candidate.profile === picked);
  }
  if (!entry) throw new Cancelled();
  if (stateClass(entry.target.state) !== 'running')
    throw new Error(vscode.l10n.t('qbo: {0} is not running.', entry.target.name ?? option.cluster));
  return { profile: await readyProfile(entry.profile), cluster: entry.target, name: entry.target.name ?? entry.target.key };
}

/**
 * The running cluster a manifest goes to: the one the arguments name, else the user's pick among
 * the running clusters of every connected profile (the one used last in this workspace first; the
 * profile named when several are connected). Remembered for the next time.
 */
export async function manifestCluster(context: CommandContext, args: readonly unknown[], title: string): Promise<ManifestCluster> {
  await context.manager.ensureStarted();
  const profiles = context.manager.profiles;
  if (profiles.length === 0) await pickProfile(profiles, title); // throws "not signed in", with Sign In
  const option = clusterOption(args[1]);
  let chosen: ManifestCluster;
  if (option) chosen = await namedCluster(context, option, title);
  else {
    const choices: ClusterChoice[] = profiles.flatMap((profile) =>
      profile.inventory
        .entries('clusters')
        .filter(([, cluster]) => stateClass(cluster.state) === 'running')
        .map(([key, cluster]) => ({ profile: profile.name, key, name: cluster.name ?? key })),
    );
    if (choices.length === 0) {
      void showInformation(vscode.l10n.t('qbo: no cluster is running. Start one first.'));
      throw new Cancelled();
    }
    const remembered = rememberedCluster(context.extension.workspaceState.get(LAST_CLUSTER_KEY));
    const picked = orCancel(
      await vscode.window.showQuickPick(choiceItems(choices, remembered, profiles.length > 1), {
        title,
        placeHolder: vscode.l10n.t('Running cluster'),
        matchOnDescription: true,
      }),
    ).choice;
    const profile = context.manager.profile(picked.profile);
    const cluster = profile ? targetFromKey(profile.inventory, 'clusters', picked.key) : undefined;
    if (!profile || !cluster) throw new Error(vscode.l10n.t('qbo: {0} is gone.', picked.name));
    chosen = { profile: await readyProfile(profile), cluster, name: picked.name };
  }
  await context.extension.workspaceState.update(
    LAST_CLUSTER_KEY,
    remembering({ profile: chosen.profile.name, key: chosen.cluster.key, name: chosen.name }),
  );
  return chosen;
}

/** Runs `work` with the cluster's kubeconfig (fetched, checked) in a fresh private temporary file, removed when it is done. */
export async function withClusterKubeconfig<T>(target: ManifestCluster, work: (kubeconfig: string) => Promise<T>): Promise<T> {
  const checked = await fetchKubeconfig(target.profile.session, target.cluster);
  const { dir, file } = await createTemporaryKubeconfig(checked, 'qbo-kubectl-');
  try {
    return await work(file);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

export interface ManifestRun {
  kubectl: string;
  args: string[];
  kubeconfig: string;
  manifest: OpenManifest;
  cluster: ManifestCluster;
  /** The progress notification's title. */
  title: string;
  /** Whether kubectl's standard output goes to the log line by line (not for `get -o yaml`: a Secret's data would). */
  logOutput: boolean;
}

/** Runs kubectl on the manifest with a cancellable progress notification; its lines go to the log. Cancelled when the user cancels. */
export async function runOnManifest(context: CommandContext, run: ManifestRun): Promise<KubectlExit> {
  const stdin = standardInput(run.manifest.source);
  const verb = run.args[0] ?? 'kubectl';
  context.output.info(
    `kubectl ${run.args.join(' ')} (${run.manifest.name}${stdin !== undefined ? ', unsaved text on standard input' : ''}; cluster ${run.cluster.name}${context.manager.profiles.length > 1 ? ` of ${run.cluster.profile.name}` : ''})`,
  );
  let logged = 0;
  let cancelled = false;
  const exit = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: progressText(run.title), cancellable: true },
    (_progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => {
        cancelled = true;
        abort.abort();
      });
      return runKubectl(
        {
          kubectl: run.kubectl,
          args: run.args,
          kubeconfig: run.kubeconfig,
          ...(stdin !== undefined ? { stdin } : {}),
          onLine: (line, stream) => {
            if (line.trim() === '' || (stream === 'stdout' && !run.logOutput)) return;
            if (++logged > MAX_LOGGED_LINES) return;
            if (stream === 'stderr') context.output.warn(`kubectl ${verb}: ${line}`);
            else context.output.info(`kubectl ${verb}: ${line}`);
          },
        },
        abort.signal,
      );
    },
  );
  if (logged > MAX_LOGGED_LINES) context.output.info(`kubectl ${verb}: … ${logged - MAX_LOGGED_LINES} more lines not logged`);
  if (cancelled) {
    context.output.info(`kubectl ${verb}: cancelled`);
    throw new Cancelled();
  }
  if (exit.startError) throw new Error(vscode.l10n.t('qbo: could not start kubectl ({0}): {1}', run.kubectl, exit.startError));
  if (exit.truncated) throw new Error(vscode.l10n.t('qbo: kubectl printed more than the extension reads; it was stopped.'));
  return exit;
}

/** A notification with the result (made safe to show by showInformation) and Show Output (the log has kubectl's lines). */
/**
 * Apply and Delete: kubectl on the manifest with the cluster's temporary kubeconfig, its lines
 * logged, and the objects it reports counted by verb. A non-zero exit throws kubectl's own message
 * (the boundary's notification makes it safe to show, src/ui/notifications.ts).
 */
export async function runCountedOnManifest(
  context: CommandContext,
  run: Omit<ManifestRun, 'kubeconfig' | 'logOutput'> & { action: 'apply' | 'delete' },
): Promise<Map<ResultVerb, number>> {
  const { action, ...rest } = run;
  const exit = await withClusterKubeconfig(run.cluster, (kubeconfig) => runOnManifest(context, { ...rest, kubeconfig, logOutput: true }));
  const counts = countResults(exit.stdout);
  if (exit.code !== 0) throw new Error(failureText(action, run.cluster.name, exit.stderr, counts));
  return counts;
}

export function reportResult(message: string): void {
  const show = vscode.l10n.t('Show Output');
  void showInformation(message, show).then((choice) => {
    if (choice === show) void vscode.commands.executeCommand('qbo.showOutput');
  });
}
