// A tree model over one profile's inventory (what the extension builds when one profile is
// connected), for tests and benchmarks of the tree itself.
import { TreeModel, type ExplorerStatus, type TreeProfile } from '../../src/explorer/treeModel';
import type { Inventory } from '../../src/qbo/inventory';

export const TEST_PROFILE = 'test profile';

/** A connected profile as the extension hands it to the model. */
export function treeProfile(name: string, inventory: Inventory | undefined, status: ExplorerStatus = { kind: 'ready' }): TreeProfile {
  return {
    name,
    inventory,
    status,
    row: {
      name,
      account: `dev@localhost @ ${name}.example`,
      state: status.kind === 'error' ? 'error' : status.kind === 'loading' ? 'connecting' : 'connected',
      stateText: status.kind,
    },
  };
}

/** The model with one connected profile: the clusters are the roots. */
export function singleProfileModel(inventory: Inventory, status: ExplorerStatus = { kind: 'signed-out' }): TreeModel {
  const model = new TreeModel(status);
  model.setProfiles([treeProfile(TEST_PROFILE, inventory, status)]);
  return model;
}
