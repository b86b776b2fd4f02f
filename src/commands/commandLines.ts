// From tree items to command lines: pure, so the mapping is unit-tested without VS Code.
import { deleteCommand, nameProblem, named, startCommand, stopCommand, type CommandLine, type MachineKind } from '../qbo/commandLine';
import { shortId, stateClass, type StateClass } from '../qbo/domain';

export type MachineVerb = 'start' | 'stop' | 'delete';

/** What a machine action needs of a cluster or node. */
export interface MachineTarget {
  kind: MachineKind;
  key: string;
  name: string | undefined;
  id: string | undefined;
  state: string | undefined;
}

/**
 * The word that names a target on the command line: its name, or its 8-character short id when
 * the server gave it a name the grammar cannot carry safely.
 */
export function commandName(target: MachineTarget): string {
  if (target.name && nameProblem(target.name) === undefined) return target.name;
  const short = shortId(target.id ?? target.key);
  if (short && /^[0-9a-fA-F]{8}$/.test(short)) return short;
  throw new Error(`"${target.name ?? target.key}" cannot be named safely in a qbo command`);
}

/** One command line per kind (clusters and nodes cannot share one), names de-duplicated. */
export function machineCommandLines(verb: MachineVerb, targets: readonly MachineTarget[]): CommandLine[] {
  const lines: CommandLine[] = [];
  for (const kind of ['clusters', 'nodes'] as const) {
    const names = [...new Set(targets.filter((target) => target.kind === kind).map(commandName))];
    if (names.length === 0) continue;
    const build = verb === 'start' ? startCommand : verb === 'stop' ? stopCommand : deleteCommand;
    lines.push(build(kind, named(...names)));
  }
  return lines;
}

/** States in which each verb makes sense (what the context menu offers, and the quick pick lists). */
export const APPLICABLE_STATES: Record<MachineVerb, readonly StateClass[]> = {
  start: ['stopped', 'failed', 'unknown'],
  stop: ['running', 'transitional', 'unknown'],
  delete: ['running', 'stopped', 'failed', 'transitional', 'unknown'],
};

export function applicable(verb: MachineVerb, state: string | undefined): boolean {
  if (verb === 'delete' && state?.toLowerCase() === 'deleting') return false;
  return APPLICABLE_STATES[verb].includes(stateClass(state));
}
