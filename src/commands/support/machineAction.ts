// Start, stop and delete of clusters and nodes share one flow: resolve targets, confirm deletes,
// run one command per kind with progress.
import * as vscode from 'vscode';
import type { MachineKind } from '../../qbo/commandLine';
import { machineCommand } from '../../qbo/commands';
import { machineCommands, type MachineTarget, type MachineVerb } from '../commandLines';
import type { CommandContext } from '../types';
import { confirmByTyping, confirmModal } from './confirm';
import { runWithProgress } from './run';
import { profileNameIn, requireProfile } from './session';
import { readSettings } from '../../settings';
import { resolveTargets, type ProfileTargets } from './targets';
import { conflictMessage, conflictSentence, findConflict, type Conflict } from '../../activity/conflict';
import type { ConnectedProfile } from '../../session/sessionManager';

/** Titles spelled out so each is its own l10n message. */
function pickTitle(verb: MachineVerb, kind: MachineKind): string {
  if (kind === 'clusters')
    return verb === 'start'
      ? vscode.l10n.t('Start Clusters')
      : verb === 'stop'
        ? vscode.l10n.t('Stop Clusters')
        : vscode.l10n.t('Delete Clusters');
  return verb === 'start' ? vscode.l10n.t('Start Nodes') : verb === 'stop' ? vscode.l10n.t('Stop Nodes') : vscode.l10n.t('Delete Nodes');
}

function progressTitle(verb: MachineVerb, what: string): string {
  return verb === 'start'
    ? vscode.l10n.t('Starting {0}', what)
    : verb === 'stop'
      ? vscode.l10n.t('Stopping {0}', what)
      : vscode.l10n.t('Deleting {0}', what);
}

function describeTargets(targets: readonly MachineTarget[]): string {
  const names = targets.map((target) => target.name ?? target.key);
  return names.length <= 5 ? names.join(', ') : `${names.slice(0, 5).join(', ')} … (+${names.length - 5})`;
}

/**
 * Another client's recent action on one of these clusters of a profile, when the guard is on
 * (`qbo.confirm.recentActivityMinutes`) and it is the latest action on that cluster.
 */
function conflictIn(context: CommandContext, profile: ConnectedProfile, clusters: readonly string[]): Conflict | undefined {
  return findConflict(
    clusters,
    (cluster, windowMs) => context.activity.lastOtherAction(profile.name, cluster, windowMs),
    readSettings().recentActivityMinutes,
  );
}

/** The most recent conflict over every profile's targets (their clusters). */
function conflictOfTargets(context: CommandContext, groups: readonly ProfileTargets[]): Conflict | undefined {
  let found: Conflict | undefined;
  for (const { profile, targets } of groups) {
    const clusters = targets.map((target) => target.cluster).filter((cluster): cluster is string => cluster !== undefined);
    const conflict = conflictIn(context, profile, clusters);
    if (conflict && (!found || conflict.action.at > found.action.at)) found = conflict;
  }
  return found;
}

/** Runs a verb on the targets the arguments name (or the user picks), each in its own profile. True once every command succeeded. */
export async function runMachineAction(context: CommandContext, verb: MachineVerb, kind: MachineKind, args: unknown[]): Promise<true> {
  const title = pickTitle(verb, kind);
  const groups = await resolveTargets(context, kind, verb, args, title);
  const targets = groups.flatMap((group) => group.targets);
  // Another client acted on a cluster of these recently: say who, whatever the other confirmations say.
  const conflict = verb === 'start' ? undefined : conflictOfTargets(context, groups);
  if (conflict && verb !== 'start') {
    await confirmModal(
      conflictMessage(conflict, verb, targets.length, context.activity.clock.now()),
      verb === 'delete'
        ? vscode.l10n.t('Their containers and data are removed. This cannot be undone.')
        : vscode.l10n.t('Another client of your account acted on it recently; it may still be in use.'),
      verb === 'delete' ? vscode.l10n.t('Delete') : vscode.l10n.t('Stop'),
    );
  } else if (verb === 'delete' && readSettings().confirmDelete) {
    const what = kind === 'clusters' ? vscode.l10n.t('cluster(s)') : vscode.l10n.t('node(s)');
    await confirmModal(
      vscode.l10n.t('Delete {0} {1}?', what, describeTargets(targets)),
      vscode.l10n.t('Their containers and data are removed. This cannot be undone.'),
      vscode.l10n.t('Delete'),
    );
  }
  // Clusters and nodes need one command each, and each profile its own: a failure of one does not
  // keep the others from running.
  const failures: string[] = [];
  for (const { profile, targets: ofProfile } of groups) {
    for (const command of machineCommands(verb, ofProfile, profile.inventory)) {
      try {
        await runWithProgress(profile.session, progressTitle(verb, describeTargets(ofProfile)), command, 'view');
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
    }
  }
  if (failures.length > 0) throw new Error(failures.join('; '));
  return true;
}

/** `start|stop|delete clusters -A` in one profile (asked when several are connected), after a modal confirmation (typing "delete" for delete). */
export async function runAllClustersAction(context: CommandContext, verb: MachineVerb, args: unknown[] = []): Promise<true> {
  const pickTitle =
    verb === 'start'
      ? vscode.l10n.t('Start All Clusters')
      : verb === 'stop'
        ? vscode.l10n.t('Stop All Clusters')
        : vscode.l10n.t('Delete All Clusters');
  const profile = await requireProfile(context, pickTitle, profileNameIn(args));
  const session = profile.session;
  const count = profile.inventory.size('clusters');
  const clusters = profile.inventory.all('clusters').flatMap((cluster) => (cluster.name ? [cluster.name] : []));
  const conflict = verb === 'start' ? undefined : conflictIn(context, profile, clusters);
  const warning = conflict ? conflictSentence(conflict, context.activity.clock.now()) : undefined;
  if (verb === 'delete') {
    await confirmByTyping('delete', vscode.l10n.t('Delete all {0} qbo clusters?', count), warning);
  } else if (readSettings().confirmBulkActions || warning) {
    const action = verb === 'start' ? vscode.l10n.t('Start All') : vscode.l10n.t('Stop All');
    const question =
      verb === 'start' ? vscode.l10n.t('Start all {0} qbo clusters?', count) : vscode.l10n.t('Stop all {0} qbo clusters?', count);
    await confirmModal(
      warning ? vscode.l10n.t('{0} {1}', warning, question) : question,
      vscode.l10n.t('This runs on every cluster of {0}.', session.profile.host),
      action,
    );
  }
  const title = progressTitle(verb, vscode.l10n.t('all clusters'));
  await runWithProgress(session, title, machineCommand(verb, 'clusters', 'all'), 'view');
  return true;
}
