// The elements of the Clusters tree. An element is only an identity (its stable `id` and the
// inventory key it shows); what it looks like is computed from the inventory when VS Code asks,
// so one element object lives as long as its row and can be refreshed on its own.
import type { InventoryKind } from '../qbo/inventory';

export type FolderKind = 'nodes' | 'services' | 'networks' | 'ipvs';

export type TreeElement =
  | { type: 'cluster'; id: string; key: string }
  | { type: 'folder'; id: string; folder: FolderKind; clusterKey: string }
  | { type: 'node'; id: string; key: string }
  | { type: 'pod'; id: string; key: string }
  | { type: 'service'; id: string; key: string }
  | { type: 'network'; id: string; key: string }
  | { type: 'ipvs'; id: string; key: string }
  | { type: 'placeholder'; id: string; placeholder: 'loading' | 'error' | 'empty'; message: string };

export type EntityElement = Extract<TreeElement, { key: string }>;
export type EntityElementType = EntityElement['type'];

/** Inventory kind shown by each entity element type. */
export const KIND_OF: Record<EntityElementType, InventoryKind> = {
  cluster: 'clusters',
  node: 'nodes',
  pod: 'pods',
  service: 'services',
  network: 'networks',
  ipvs: 'ipvs',
};

/** Element type that shows each inventory kind in the tree. */
export const ELEMENT_OF: Partial<Record<InventoryKind, EntityElementType>> = {
  clusters: 'cluster',
  nodes: 'node',
  pods: 'pod',
  services: 'service',
  networks: 'network',
  ipvs: 'ipvs',
};

/** Stable ids: the same object always gets the same id, so expansion and selection survive updates. */
export function entityId(type: EntityElementType, key: string): string {
  return `qbo:${type}:${key}`;
}

export function folderId(clusterKey: string, folder: FolderKind): string {
  return `qbo:cluster:${clusterKey}/${folder}`;
}
