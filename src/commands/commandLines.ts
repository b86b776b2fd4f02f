// From tree items to commands: pure, so the mapping is unit-tested without VS Code.
import { addressOf, type AddressBook } from '../qbo/addressing';
import type { MachineKind } from '../qbo/commandLine';
import { machineCommand, type CommandTarget, type MachineVerb, type QboCommand } from '../qbo/commands';
import { stateClass, type StateClass } from '../qbo/domain';

export type { MachineVerb } from '../qbo/commands';

/** What a machine action needs of a cluster or node. */
export interface MachineTarget {
  kind: MachineKind;
  key: string;
  name: string | undefined;
  id: string | undefined;
  state: string | undefined;
  /** The cluster's name (a node's cluster): what the session re-lists after acting on it. */
  cluster: string | undefined;
}

/** The target as a command names it (by name, or by full id when the name cannot be used). Throws AddressingError. */
export function commandTarget(target: MachineTarget, book: AddressBook): CommandTarget {
  return { ref: addressOf(book, target.kind, target), cluster: target.cluster };
}

/** One command per kind (clusters and nodes cannot share one), targets de-duplicated. */
export function machineCommands(verb: MachineVerb, targets: readonly MachineTarget[], book: AddressBook): QboCommand[] {
  const commands: QboCommand[] = [];
  for (const kind of ['clusters', 'nodes'] as const) {
    const ofKind = targets.filter((target) => target.kind === kind);
    const unique = ofKind.filter((target, index) => ofKind.findIndex((other) => other.key === target.key) === index);
    if (unique.length === 0) continue;
    commands.push(
      machineCommand(
        verb,
        kind,
        unique.map((target) => commandTarget(target, book)),
      ),
    );
  }
  return commands;
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
