// Start, stop and delete of clusters and nodes share one flow: resolve targets, confirm deletes,
// run one command per kind with progress.
import * as vscode from 'vscode';
import { ALL, deleteCommand, startCommand, stopCommand, type MachineKind } from '../../qbo/commandLine';
import { machineCommandLines, type MachineTarget, type MachineVerb } from '../commandLines';
import type { CommandContext } from '../types';
import { confirmByTyping, confirmModal } from './confirm';
import { reportFailure, runWithProgress } from './run';
import { requireSession } from './session';
import { readSettings } from '../../settings';
import { resolveTargets } from './targets';

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

/** Runs a verb on the targets the arguments name (or the user picks). Returns true on success. */
export async function runMachineAction(context: CommandContext, verb: MachineVerb, kind: MachineKind, args: unknown[]): Promise<boolean> {
  const session = await requireSession(context);
  if (!session) return false;
  const title = pickTitle(verb, kind);
  const targets = await resolveTargets(context, kind, verb, args, title);
  if (!targets) return false;
  if (verb === 'delete' && readSettings().confirmDelete) {
    const what = kind === 'clusters' ? vscode.l10n.t('cluster(s)') : vscode.l10n.t('node(s)');
    const confirmed = await confirmModal(
      vscode.l10n.t('Delete {0} {1}?', what, describeTargets(targets)),
      vscode.l10n.t('Their containers and data are removed. This cannot be undone.'),
      vscode.l10n.t('Delete'),
    );
    if (!confirmed) return false;
  }
  let lines;
  try {
    lines = machineCommandLines(verb, targets);
  } catch (error) {
    reportFailure(context, error);
    return false;
  }
  let ok = true;
  for (const line of lines) {
    ok = (await runWithProgress(context, session, progressTitle(verb, describeTargets(targets)), line, 'view')) !== undefined && ok;
  }
  return ok;
}

/** `start|stop|delete clusters -A`, after a modal confirmation (typing "delete" for delete). */
export async function runAllClustersAction(context: CommandContext, verb: MachineVerb): Promise<boolean> {
  const session = await requireSession(context);
  if (!session) return false;
  const count = context.manager.inventory.size('clusters');
  if (verb === 'delete') {
    if (!(await confirmByTyping('delete', vscode.l10n.t('Delete all {0} qbo clusters?', count)))) return false;
  } else if (readSettings().confirmBulkActions) {
    const action = verb === 'start' ? vscode.l10n.t('Start All') : vscode.l10n.t('Stop All');
    const message =
      verb === 'start' ? vscode.l10n.t('Start all {0} qbo clusters?', count) : vscode.l10n.t('Stop all {0} qbo clusters?', count);
    if (!(await confirmModal(message, vscode.l10n.t('This runs on every cluster of {0}.', session.profile.host), action))) return false;
  }
  const build = verb === 'start' ? startCommand : verb === 'stop' ? stopCommand : deleteCommand;
  const title = progressTitle(verb, vscode.l10n.t('all clusters'));
  return (await runWithProgress(context, session, title, build('clusters', ALL), 'view')) !== undefined;
}
