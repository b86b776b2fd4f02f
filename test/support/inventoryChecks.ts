// Comparing a client's inventory with the emulator's world: shared by the system tests that drive
// a real session against the real emulator.
import * as assert from 'node:assert/strict';
import type { EmulatorState } from '../../src/emulator';
import type { Inventory } from '../../src/qbo';

/** The kinds a session lists (`get KIND -A`), which its inventory must mirror. */
export const LISTED_KINDS = ['clusters', 'nodes', 'pods', 'services', 'networks', 'ipvs'] as const;

/** The inventory holds exactly the user's objects on the emulator (ids) with their states: no ghost, none missing. */
export function assertInventoryMatches(inventory: Inventory, state: EmulatorState, user: string): void {
  for (const kind of LISTED_KINDS) {
    const server = state.list(user, kind) as { id: string; state?: string; status?: string }[];
    const local = inventory.entries(kind) as [string, { state?: string; status?: string }][];
    assert.deepEqual(local.map(([key]) => key).sort(), server.map((object) => object.id).sort(), `${kind}: same objects`);
    const serverState = new Map(server.map((object) => [object.id, object.state ?? object.status]));
    for (const [key, entity] of local) assert.equal(entity.state ?? entity.status, serverState.get(key), `${kind} ${key}: same state`);
  }
}

/** Whether the inventory holds the same objects (ids) as the emulator for the user; states aside. */
export function inventoryHasSameObjects(inventory: Inventory, state: EmulatorState, user: string): boolean {
  return LISTED_KINDS.every((kind) => {
    const local = inventory.entries(kind).map(([key]) => key);
    const server = (state.list(user, kind) as { id: string }[]).map((object) => object.id);
    return local.length === server.length && server.every((id) => inventory.get(kind, id) !== undefined);
  });
}
