// Wire shapes of the objects the emulator serves (docs/PROTOCOL.md §4, the AsyncAPI document's components):
// exactly what goes into a payload array, nothing the emulator needs only for itself.

export const EMULATOR_VERSION = '0.1.0';
export const EMULATOR_AGENT = `qbo-emulator/${EMULATOR_VERSION}`;

/** States a cluster or node moves through (docs/PROTOCOL.md §4, decided). */
export type MachineState = 'starting' | 'running' | 'stopping' | 'stopped' | 'deleting' | 'deleted';
export type PodStatus = 'Pending' | 'Running' | 'Unknown' | 'Succeeded' | 'Failed';
export type NodeRole = 'control-plane' | 'worker';

/** Extra fields (from a world FILE) are kept and served unchanged. */
type Extra = { [field: string]: unknown };

export interface ClusterWire extends Extra {
  id: string;
  name: string;
  state: string;
  address: string;
  control_plane: string;
  image: string;
  user: string;
}

export interface NodeWire extends Extra {
  id: string;
  name: string;
  image: string;
  cluster: string;
  cluster_id: string;
  state: string;
  address: string;
  os: string;
  kernel: string;
  user: string;
}

export interface PodWire extends Extra {
  id: string;
  name: string;
  namespace: string;
  address: string;
  status: string;
  ready: number;
  started: number;
  node: string;
  node_status: string;
  cluster: string;
  cluster_id: string;
  user: string;
}

export interface ServiceWire extends Extra {
  id: string;
  name: string;
  namespace: string;
  address: string;
  external_address: string;
  type: string;
  port_name: string;
  port_number: number;
  target_port: number;
  node_port?: number;
  protocol: string;
  cluster: string;
  user: string;
}

export interface NetworkWire extends Extra {
  id: string;
  name: string;
  subnet: string;
  state: string;
  user: string;
}

export interface IpvsWire extends Extra {
  id: string;
  vip: string;
  vip_port: string;
  rip: string;
  rip_port: string;
  protocol: string;
  scheduler: string;
  forward: string;
  weight: number;
  state: string;
  node: string;
  cluster: string;
  user: string;
}

export interface ImageWire extends Extra {
  name: string;
  registry: string;
  /** The registry namespace (`kindest`), as observed — not an e-mail. */
  user: string;
  repository: string;
  image: string;
  tag: string;
}

export interface UserWire extends Extra {
  id: string;
  uuid: string;
  name: string;
  email: string;
  picture: string;
  self: number;
  type: number;
  status: number;
  shell: string;
}

/** Payload keys of the objects a world holds, in the order the emulator sends them. */
export const WORLD_KINDS = ['clusters', 'networks', 'nodes', 'pods', 'services', 'ipvs'] as const;
export type WorldKind = (typeof WORLD_KINDS)[number];

export interface WireTypes {
  clusters: ClusterWire;
  networks: NetworkWire;
  nodes: NodeWire;
  pods: PodWire;
  services: ServiceWire;
  ipvs: IpvsWire;
}

/** Changed objects, per kind, as they were at the moment of the change (snapshots). */
export type ChangeBatch = { kind: WorldKind; objects: Record<string, unknown>[] }[];
