// How a command names a cluster or node the inventory holds (docs/DECISIONS.md "Addressing"):
// by its name only when that name is a valid token and no other object of its kind has it;
// otherwise by its full id, and only when no object's name is that id (a server resolves names
// first, so such a name would shadow the id). Never by the 8-hex short id, which another object's
// name can shadow. Pure.
import { nameProblem, type MachineKind } from './commandLine';
import type { ObjectRef } from './commands';

/** The part of a cluster or node that addressing looks at. */
export interface Addressable {
  name?: string | undefined;
  id?: string | undefined;
}

/** What addressing needs of the inventory: the objects of a kind. */
export interface AddressBook {
  all(kind: MachineKind): readonly Addressable[];
}

export class AddressingError extends Error {
  override readonly name = 'AddressingError';
}

function shownName(object: Addressable): string {
  // eslint-disable-next-line no-control-regex -- server text in an error message
  return (object.name ?? object.id ?? '?').slice(0, 64).replace(/[\u0000-\u001f\u007f]/g, '?');
}

/** The reference a command uses for `object`, one of `kind` in `book`. Throws AddressingError when it has none. */
export function addressOf(book: AddressBook, kind: MachineKind, object: Addressable): ObjectRef {
  const objects = book.all(kind);
  const { name, id } = object;
  if (name !== undefined && nameProblem(name) === undefined) {
    let sameName = 0;
    for (const other of objects) if (other.name === name) sameName++;
    if (sameName <= 1) return { name };
  }
  if (id !== undefined && id !== '' && nameProblem(id) === undefined) {
    const lower = id.toLowerCase();
    const shadowed = objects.some((other) => other.name !== undefined && other.name.toLowerCase() === lower);
    if (!shadowed) return { id };
  }
  const what = kind === 'clusters' ? 'cluster' : 'node';
  throw new AddressingError(
    `the ${what} "${shownName(object)}" cannot be named safely in a qbo command (its name is not unique or not valid, and its id cannot stand in)`,
  );
}

/**
 * References for the clusters named `names` (what a re-list asks for): each cluster of that name
 * by its own address; a name the inventory does not hold (a cluster being added) by itself.
 * Undefined when one of them cannot be named: then the caller lists everything.
 */
export function clusterRefs(names: readonly string[], book: AddressBook): ObjectRef[] | undefined {
  const clusters = book.all('clusters');
  const refs: ObjectRef[] = [];
  for (const name of names) {
    const matching = clusters.filter((cluster) => cluster.name === name);
    if (matching.length === 0) {
      if (nameProblem(name) !== undefined) return undefined;
      refs.push({ name });
      continue;
    }
    for (const cluster of matching) {
      try {
        refs.push(addressOf(book, 'clusters', cluster));
      } catch {
        return undefined;
      }
    }
  }
  return refs;
}
