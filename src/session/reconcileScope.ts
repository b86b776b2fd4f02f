// What another client's start/stop/add/delete touched (seen as `input`, a command line), so the
// session re-lists exactly that: the clusters it names, or everything. Servers may not push
// deletions (docs/PROTOCOL.md §8), so the re-list is what removes ghosts. The session's own commands
// carry their scope in their value (commandScope in src/qbo/commands.ts). Pure.
import type { ParsedCommand } from '../qbo/commandLine';
import type { CommandScope } from '../qbo/commands';
import type { Inventory } from '../qbo/inventory';

/** Everything (an `-A` command, or a name the inventory cannot place), or the named clusters. */
export type ReconcileScope = CommandScope;

const EVERYTHING: ReconcileScope = { everything: true };

/**
 * The scope of a command, or undefined for one that changes nothing (`get`, `version`). Names,
 * short ids and full ids are resolved against the inventory; one that matches nothing there makes
 * the scope everything (cluster names excepted: a cluster being added is not listed yet).
 */
export function reconcileScope(command: ParsedCommand, inventory: Inventory): ReconcileScope | undefined {
  switch (command.verb) {
    case 'version':
    case 'get':
      return undefined;
    case 'add':
      return { clusters: command.kind === 'clusters' ? [...command.names] : [clusterName(command.cluster, inventory) ?? command.cluster] };
    default: {
      if ('all' in command.target || command.target.names.length === 0) return EVERYTHING;
      const clusters = new Set<string>();
      for (const token of command.target.names) {
        const found = command.kind === 'clusters' ? clustersNamedBy(token, inventory) : clustersOfNodesNamedBy(token, inventory);
        // A cluster name unknown here is still a cluster name; an unknown node could be anywhere.
        if (found.length === 0 && command.kind === 'nodes') return EVERYTHING;
        for (const cluster of found.length > 0 ? found : [token]) clusters.add(cluster);
      }
      return { clusters: [...clusters] };
    }
  }
}

function matchesId(id: string | undefined, token: string): boolean {
  if (!id) return false;
  const lower = token.toLowerCase();
  const own = id.toLowerCase();
  return own === lower || (/^[0-9a-f]{8}$/.test(lower) && own.startsWith(lower));
}

function clusterName(token: string, inventory: Inventory): string | undefined {
  return clustersNamedBy(token, inventory)[0];
}

/** Clusters a token names: by name, else by full or 8-hex short id. */
function clustersNamedBy(token: string, inventory: Inventory): string[] {
  if (inventory.findCluster(token)) return [token];
  const names: string[] = [];
  for (const cluster of inventory.all('clusters')) if (cluster.name && matchesId(cluster.id, token)) names.push(cluster.name);
  return names;
}

/** The clusters of the nodes a token names (node names may repeat across clusters). */
function clustersOfNodesNamedBy(token: string, inventory: Inventory): string[] {
  const byName = new Set<string>();
  const byId = new Set<string>();
  for (const node of inventory.all('nodes')) {
    if (!node.cluster) continue;
    if (node.name === token) byName.add(node.cluster);
    else if (matchesId(node.id, token)) byId.add(node.cluster);
  }
  return [...(byName.size > 0 ? byName : byId)];
}
