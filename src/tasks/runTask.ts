// Running one qbo task: check the definition, pick the profile, send the one command, print qbo's
// output lines as they arrive, and end when the mirror shows every named cluster in the wanted
// state (clusterWait.ts) — exit 0 — or with the reason — exit 1. Also the `kubeconfig` action.
// No `vscode`: the extension's pseudoterminal (taskTerminal.ts) and the system tests drive it the
// same way; the kubeconfig fetch comes in from outside (it reports progress in the workbench).
import * as l10n from '@vscode/l10n';
import { machineCommands, type MachineTarget } from '../commands/commandLines';
import { saveKubeconfig } from '../kube/kubeconfigFiles';
import type { AllowedKubeconfig } from '../kube/kubeconfigPolicy';
import { addClusterCommand, renderCommand, type QboCommand } from '../qbo/commands';
import { secretsOf } from '../qbo/credentials';
import type { Inventory } from '../qbo/inventory';
import { redact } from '../qbo/redact';
import type { ConnectedProfile } from '../session/sessionManager';
import { inventoryMirror, waitForClusters, type ClusterStanding, type WaitOutcome } from './clusterWait';
import { checkKubeconfigPath } from './kubeconfigPath';
import { chooseProfile, type ProfileChoice } from './profileChoice';
import { ProfileLink, type ProfileDirectory } from './profileLink';
import { whenSettled } from './sessionSettled';
import { parseTaskDefinition, type QboTaskSpec } from './taskDefinition';

/** What a task reads of the session manager. */
export interface TaskManager extends ProfileDirectory {
  ensureStarted(): Promise<void>;
  readonly profiles: readonly ConnectedProfile[];
}

export interface TaskEnvironment {
  readonly manager: TaskManager;
  /** The whole task's deadline (`qbo.tasks.timeoutSeconds`): connecting, the command and the wait. */
  readonly timeoutMs: number;
  /** The workspace folders a `kubeconfig` task may write into (kubeconfigPath.ts). */
  readonly folders: readonly string[];
  /** Fetches and checks a cluster's kubeconfig (commands/support/kubeconfig.ts in the extension). */
  fetchKubeconfig(profile: ConnectedProfile, cluster: MachineTarget): Promise<AllowedKubeconfig>;
  /** Aborted when the task's terminal is closed: the task ends at once (the server's command runs on). */
  readonly signal?: AbortSignal;
  /** How long to wait for connected profiles to finish their first listing (default 15 s). */
  readonly readyTimeoutMs?: number;
}

/** How a line is meant: qbo's own output, a cluster's standing, the command sent, or the end. */
export type LineKind = 'info' | 'command' | 'output' | 'standing' | 'success' | 'failure';

export interface TaskOutput {
  line(text: string, kind: LineKind): void;
}

export const DEFAULT_READY_TIMEOUT_MS = 15_000;

class TaskFailed extends Error {
  override readonly name = 'TaskFailed';
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function targetOf(inventory: Inventory, key: string): MachineTarget | undefined {
  const cluster = inventory.get('clusters', key);
  return cluster && { kind: 'clusters', key, name: cluster.name, id: cluster.id, state: cluster.state, cluster: cluster.name };
}

/** The one cluster of `name` in the profile; undefined when there is none; throws when several share it. */
function clusterNamed(profile: ConnectedProfile, name: string): MachineTarget | undefined {
  const matches = profile.inventory.entries('clusters').filter(([, cluster]) => cluster.name === name);
  if (matches.length > 1)
    throw new TaskFailed(
      l10n.t(
        '{0} clusters are named {1} in the profile "{2}"; act on the one you mean in the Clusters view',
        matches.length,
        name,
        profile.name,
      ),
    );
  const [match] = matches;
  return match ? targetOf(profile.inventory, match[0]) : undefined;
}

function missing(profile: ConnectedProfile, name: string): TaskFailed {
  return new TaskFailed(l10n.t('the profile "{0}" has no cluster named {1}', profile.name, name));
}

/** Runs a qbo task to its end; resolves with its exit code (0 or 1), never rejects. */
export async function runQboTask(definition: unknown, environment: TaskEnvironment, output: TaskOutput): Promise<number> {
  const started = Date.now();
  const parsed = parseTaskDefinition(definition);
  if (!parsed.ok) {
    output.line(parsed.message, 'failure');
    return 1;
  }
  try {
    const profile = await pickProfile(parsed.spec, environment, started);
    const link = new ProfileLink(environment.manager, profile);
    try {
      if (link.lost !== undefined) throw new TaskFailed(l10n.t('not connected to {0} ({1})', profile.session.profile.host, link.lost));
      if (parsed.spec.action === 'kubeconfig') return await writeKubeconfig(parsed.spec, profile, environment, output);
      return await runLifecycle(parsed.spec, profile, link, environment, output, started);
    } finally {
      link.dispose();
    }
  } catch (error) {
    output.line(error instanceof TaskFailed ? error.message : l10n.t('The qbo task failed: {0}', errorText(error)), 'failure');
    return 1;
  }
}

async function pickProfile(spec: QboTaskSpec, environment: TaskEnvironment, started: number): Promise<ConnectedProfile> {
  const readyFor = Math.min(environment.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS, started + environment.timeoutMs - Date.now());
  const clusters = spec.action === 'kubeconfig' ? [spec.cluster] : spec.clusters;
  const choice = await profileForClusters(environment.manager, clusters, spec.profile, spec.action === 'add', readyFor);
  if (!choice.ok) throw new TaskFailed(choice.message);
  return choice.profile;
}

/**
 * The connected profile to act on for `clusters` (profileChoice.ts), once every connected profile
 * still connecting has listed what it holds (at most `readyTimeoutMs`). Starts the manager if it
 * has not started.
 */
export async function profileForClusters(
  manager: TaskManager,
  clusters: readonly string[],
  requested: string | undefined,
  creating: boolean,
  readyTimeoutMs: number,
): Promise<ProfileChoice<ConnectedProfile>> {
  await manager.ensureStarted();
  await Promise.all(manager.profiles.map((profile) => whenSettled(profile.session, readyTimeoutMs)));
  const candidates = manager.profiles.map((profile) => ({
    name: profile.name,
    profile,
    has: (cluster: string) => profile.inventory.findCluster(cluster) !== undefined,
  }));
  const choice = chooseProfile(candidates, clusters, requested, creating);
  return choice.ok ? { ok: true, profile: choice.profile.profile } : choice;
}

/** The command a lifecycle task sends (undefined when there is nothing to send: deleting clusters already gone). */
function commandFor(
  spec: Exclude<QboTaskSpec, { action: 'kubeconfig' }>,
  profile: ConnectedProfile,
  output: TaskOutput,
): QboCommand | undefined {
  const { inventory } = profile;
  if (spec.action === 'add') {
    const existing = spec.clusters.filter((name) => inventory.findCluster(name) !== undefined);
    if (existing.length > 0)
      throw new TaskFailed(l10n.t('the profile "{0}" already has a cluster named {1}', profile.name, existing.join(', ')));
    return addClusterCommand(spec.clusters, {
      ...(spec.image !== undefined ? { image: spec.image } : {}),
      ...(spec.nodes !== undefined ? { nodes: spec.nodes } : {}),
    });
  }
  const targets: MachineTarget[] = [];
  for (const name of spec.clusters) {
    const target = clusterNamed(profile, name);
    if (target) targets.push(target);
    else if (spec.action === 'delete') output.line(l10n.t('{0} is not there: nothing to delete', name), 'info');
    else throw missing(profile, name);
  }
  if (targets.length === 0) return undefined;
  const [command] = machineCommands(spec.action, targets, inventory);
  return command;
}

type CommandEnd = { ok: true } | { ok: false; message: string };

async function runLifecycle(
  spec: Exclude<QboTaskSpec, { action: 'kubeconfig' }>,
  profile: ConnectedProfile,
  link: ProfileLink,
  environment: TaskEnvironment,
  output: TaskOutput,
  started: number,
): Promise<number> {
  const command = commandFor(spec, profile, output);
  const stop = new AbortController();
  const abort = (): void => stop.abort();
  environment.signal?.addEventListener('abort', abort);
  try {
    const secrets = secretsOf(profile.active.credentials);
    if (command) output.line(`> qbo ${renderCommand(command)}`, 'command');
    // The wait starts before the command is sent, so no push it makes can be missed.
    const wait = waitForClusters(inventoryMirror(profile.inventory), link, spec.clusters, spec.waitUntil, {
      timeoutMs: Math.max(0, started + environment.timeoutMs - Date.now()),
      signal: stop.signal,
      onStanding: (standing) => output.line(standing.text, 'standing'),
    });
    let commandEnd: Promise<CommandEnd> = Promise.resolve({ ok: true });
    if (command) {
      commandEnd = profile.session
        .run(command, (progress) => {
          for (const line of progress.output) output.line(redact(line, secrets), 'output');
        })
        .then(
          (): CommandEnd => ({ ok: true }),
          (error: unknown): CommandEnd => ({ ok: false, message: redact(errorText(error), secrets) }),
        );
    }
    let commandDone = false;
    const first = await Promise.race([
      commandEnd.then((end) => {
        commandDone = true;
        return { command: end } as const;
      }),
      wait.outcome.then((outcome) => ({ wait: outcome }) as const),
    ]);
    if ('command' in first) {
      if (!first.command.ok) throw new TaskFailed(l10n.t('The command failed: {0}', first.command.message));
      return finish(await wait.outcome, output, started, true);
    }
    if (!first.wait.ok) return finish(first.wait, output, started, commandDone);
    const end = await commandEnd;
    if (!end.ok) throw new TaskFailed(l10n.t('The command failed: {0}', end.message));
    return finish(first.wait, output, started, true);
  } finally {
    environment.signal?.removeEventListener('abort', abort);
    stop.abort();
  }
}

function summary(standings: readonly ClusterStanding[]): string {
  return standings.map((standing) => standing.text).join('; ');
}

function finish(outcome: WaitOutcome, output: TaskOutput, started: number, commandDone: boolean): number {
  const elapsed = ((Date.now() - started) / 1000).toFixed(1);
  if (outcome.ok) {
    output.line(l10n.t('Done in {0} s: {1}.', elapsed, summary(outcome.standings)), 'success');
    return 0;
  }
  if (outcome.reason === 'cancelled') return 1;
  output.line(outcome.message, 'failure');
  if (!commandDone) output.line(l10n.t('The command may still be running on the server.'), 'info');
  return 1;
}

async function writeKubeconfig(
  spec: Extract<QboTaskSpec, { action: 'kubeconfig' }>,
  profile: ConnectedProfile,
  environment: TaskEnvironment,
  output: TaskOutput,
): Promise<number> {
  // Checked before anything is fetched: a refused path sends nothing.
  const before = await checkKubeconfigPath(spec.path, environment.folders);
  if (!before.ok) throw new TaskFailed(before.message);
  const cluster = clusterNamed(profile, spec.cluster);
  if (!cluster) throw missing(profile, spec.cluster);
  output.line(l10n.t('Getting the kubeconfig of {0} from the profile "{1}"…', spec.cluster, profile.name), 'info');
  const kubeconfig = await environment.fetchKubeconfig(profile, cluster);
  // Again just before writing: the folder may have changed while the kubeconfig was fetched.
  const now = await checkKubeconfigPath(spec.path, environment.folders);
  if (!now.ok) throw new TaskFailed(now.message);
  if (now.file !== before.file) throw new TaskFailed(l10n.t('the kubeconfig path changed while it was fetched; nothing was written'));
  await saveKubeconfig(now.file, kubeconfig);
  output.line(l10n.t('Wrote the kubeconfig of {0} to {1} (mode 0600).', spec.cluster, now.file), 'success');
  return 0;
}
