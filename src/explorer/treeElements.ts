// The elements of the Clusters tree. An element is only an identity (its stable `id`, the profile
// it belongs to and the inventory key it shows); what it looks like is computed from that
// profile's inventory when VS Code asks, so one element object lives as long as its row and can be
// refreshed on its own.
import type { InventoryKind } from '../qbo/inventory';

export type FolderKind = 'nodes' | 'services' | 'networks' | 'ipvs';
export type PlaceholderKind = 'loading' | 'error' | 'empty';

export type TreeElement =
  | { type: 'profile'; id: string; profile: string }
  | { type: 'cluster'; id: string; profile: string; key: string }
  | { type: 'folder'; id: string; profile: string; folder: FolderKind; clusterKey: string }
  | { type: 'node'; id: string; profile: string; key: string }
  | { type: 'pod'; id: string; profile: string; key: string }
  | { type: 'service'; id: string; profile: string; key: string }
  | { type: 'network'; id: string; profile: string; key: string }
  | { type: 'ipvs'; id: string; profile: string; key: string }
  /** A running port forward, under the row of the service (port entry) it forwards to. */
  | { type: 'forward'; id: string; profile: string; serviceKey: string; localPort: number }
  /** A status row: the whole view's (no profile), or one profile's under its row. */
  | { type: 'placeholder'; id: string; profile: string | undefined; placeholder: PlaceholderKind; message: string };

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

/** A profile name as a part of an id (names may hold any character, ids must not be ambiguous). */
function idPart(profile: string): string {
  return encodeURIComponent(profile);
}

/**
 * Stable ids: the same object of the same profile always gets the same id, whether one profile is
 * connected or several, so expansion and selection survive updates, reconnects and a second
 * profile connecting.
 */
export function entityId(profile: string, type: EntityElementType, key: string): string {
  return `qbo:${idPart(profile)}:${type}:${key}`;
}

export function folderId(profile: string, clusterKey: string, folder: FolderKind): string {
  return `qbo:${idPart(profile)}:cluster:${clusterKey}/${folder}`;
}

/** A forward's row: below its service row's id, known by its local port (one forward per port). */
export function forwardId(profile: string, serviceKey: string, localPort: number): string {
  return `${entityId(profile, 'service', serviceKey)}/forward:${localPort}`;
}

export function profileId(profile: string): string {
  return `qbo:profile:${idPart(profile)}`;
}

/** The view's own status row has no profile: it reads the same before and after the profile is known. */
export function placeholderId(profile: string | undefined, placeholder: PlaceholderKind): string {
  return profile === undefined ? `qbo:placeholder:${placeholder}` : `qbo:${idPart(profile)}:placeholder:${placeholder}`;
}

/** Whether a value passed to a command is one of our tree elements. */
export function isTreeElement(value: unknown): value is TreeElement {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { type?: unknown }).type === 'string' &&
    typeof (value as { id?: unknown }).id === 'string' &&
    (typeof (value as { profile?: unknown }).profile === 'string' || (value as { type?: unknown }).type === 'placeholder')
  );
}

export function isEntityElement(value: unknown): value is EntityElement {
  return isTreeElement(value) && typeof (value as { key?: unknown }).key === 'string';
}
