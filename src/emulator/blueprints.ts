// The simulated inventories (`--world small|large|FILE`). A world is a blueprint instantiated
// per user: every user gets their own copy, with their e-mail as `user` and ids drawn from a
// generator seeded by world and e-mail — stable across restarts, different between users.
//
// World FILE format (JSON), objects in the protocol shapes of docs/PROTOCOL.md §4/§7:
//   {
//     "clusters": [{"name": "dev", "id"?: uuid, "state"?: "running"|"stopped", "image"?: "...", "domain"?: "localhost", ...}],
//     "networks"?: [{"name": "<cluster>", "subnet"?: "172.18.0.0/24", ...}],
//     "nodes"?:    [{"name": "control-1.localhost", "cluster": "<cluster>", "state"?: "running"|"stopped", "address"?: ..., ...}],
//     "pods"?:     [{"name": "...", "cluster": "<cluster>", "node"?: "<node name>", "namespace"?: ..., "status"?: ..., ...}],
//     "services"?: [{"name": "...", "cluster": "<cluster>", "type"?: ..., "port_number"?: ..., ...}],
//     "ipvs"?:     [{"cluster": "<cluster>", "node"?: ..., "vip"?: ..., "rip"?: ..., ...}]
//   }
// Only names and the `cluster` links are required; missing fields get realistic defaults, extra
// fields are served unchanged, `user` is always replaced by the owner's e-mail. A node whose name
// starts with "control" is a control-plane node. Cluster state is derived from node states.
import * as fs from 'node:fs';
import { z } from 'zod';
import { NAME_PATTERN } from '../qbo/commandLine';
import {
  addAppWorkload,
  createClusterRecord,
  DEFAULT_DOMAIN,
  DEFAULT_IMAGE,
  addNode,
  NODE_KERNEL,
  NODE_OS,
  nodeImage,
  provisionCluster,
  setPodPhase,
} from './objects';
import { Random } from './random';
import type { IpvsWire, NodeRole, PodStatus, PodWire, ServiceWire, UserWire } from './types';
import { deriveClusterState, type ClusterRecord, type NodeRecord, UserWorld } from './userWorld';

/** Builds one user's world. */
export type WorldBlueprint = (user: string) => UserWorld;

export const LARGE_WORLD = { clusters: 100, nodesPerCluster: 10, podsPerCluster: 200, servicesPerCluster: 50 } as const;
/** Ten times `large`: how the client's costs grow with the object count. */
export const HUGE_WORLD = { ...LARGE_WORLD, clusters: 1_000 } as const;

function userWire(user: string, random: Random): UserWire {
  const id = random.uuid();
  return { name: user.split('@')[0] ?? user, id, uuid: id, email: user, picture: '', self: 1, type: 1, status: 1, shell: '/bin/bash' };
}

function newWorld(seed: string, user: string): UserWorld {
  const random = new Random(`${seed}\u0000${user}`);
  return new UserWorld(user, random, userWire(user, random));
}

/** Marks a freshly built (running) cluster stopped, as `stop` would leave it. */
function stopBuiltCluster(record: ClusterRecord): void {
  for (const node of record.nodes.values()) node.wire.state = 'stopped';
  for (const pod of record.pods.values()) setPodPhase(pod, 'Unknown', 'stopped');
  for (const entry of record.ipvs.values()) entry.state = 'stopped';
  record.wire.state = 'stopped';
}

function buildCluster(world: UserWorld, name: string, subnetIndex: number, nodes: number, running: boolean): ClusterRecord {
  const record = createClusterRecord(world, { name, image: DEFAULT_IMAGE, domain: DEFAULT_DOMAIN, state: 'running', subnetIndex });
  addNode(world, record, 'control-plane', 'running');
  for (let i = 1; i < nodes; i++) addNode(world, record, 'worker', 'running');
  provisionCluster(world, record, 'Running');
  if (!running) stopBuiltCluster(record);
  world.addCluster(record);
  return record;
}

/**
 * `small`: `dev` running (control plane + 2 workers, kube-system pods, `kubernetes` and
 * `kube-dns`), `prod` stopped (3 nodes stopped, pods `Unknown`, load balancers stopped).
 */
export const smallWorld: WorldBlueprint = (user) => {
  const world = newWorld('small', user);
  buildCluster(world, 'dev', 0, 3, true);
  buildCluster(world, 'prod', 1, 3, false);
  return world;
};

function scaledWorld(kind: 'large' | 'huge', size: typeof LARGE_WORLD | typeof HUGE_WORLD, user: string): UserWorld {
  const world = newWorld(kind, user);
  const digits = String(size.clusters).length;
  for (let i = 0; i < size.clusters; i++) {
    const name = `cluster-${String(i + 1).padStart(digits, '0')}`;
    const record = buildCluster(world, name, i, size.nodesPerCluster, true);
    addAppWorkload(world, record, size.podsPerCluster, size.servicesPerCluster - record.services.size, 'Running');
    if (i % 10 === 9) stopBuiltCluster(record);
  }
  return world;
}

/** `large`: 100 clusters × 10 nodes, 200 pods and 50 services each; every tenth cluster stopped. */
export const largeWorld: WorldBlueprint = (user) => scaledWorld('large', LARGE_WORLD, user);

/** `huge`: `large` × 10 (1,000 clusters, 10,000 nodes, 200,000 pods, 50,000 services), for the bench. */
export const hugeWorld: WorldBlueprint = (user) => scaledWorld('huge', HUGE_WORLD, user);

export const emptyWorld: WorldBlueprint = (user) => newWorld('empty', user);

// ---------------------------------------------------------------------------------------------
// World FILE

const optionalText = z.string().optional();
const optionalNumber = z.number().optional();
const clusterEntry = z.looseObject({
  name: z.string().regex(NAME_PATTERN),
  id: optionalText,
  state: optionalText,
  image: optionalText,
  domain: optionalText,
  address: optionalText,
  control_plane: optionalText,
});
const networkEntry = z.looseObject({ name: z.string().min(1), id: optionalText, subnet: optionalText, state: optionalText });
const nodeEntry = z.looseObject({
  name: z.string().regex(NAME_PATTERN),
  cluster: z.string().min(1),
  id: optionalText,
  image: optionalText,
  state: optionalText,
  address: optionalText,
  os: optionalText,
  kernel: optionalText,
});
const podEntry = z.looseObject({
  name: z.string().min(1),
  cluster: z.string().min(1),
  node: optionalText,
  id: optionalText,
  namespace: optionalText,
  address: optionalText,
  status: optionalText,
  ready: optionalNumber,
  started: optionalNumber,
});
const serviceEntry = z.looseObject({
  name: z.string().min(1),
  cluster: z.string().min(1),
  id: optionalText,
  namespace: optionalText,
  address: optionalText,
  external_address: optionalText,
  type: optionalText,
  port_name: optionalText,
  port_number: optionalNumber,
  target_port: optionalNumber,
  node_port: optionalNumber,
  protocol: optionalText,
});
const ipvsEntry = z.looseObject({
  cluster: z.string().min(1),
  node: optionalText,
  id: optionalText,
  vip: optionalText,
  vip_port: optionalText,
  rip: optionalText,
  rip_port: optionalText,
  protocol: optionalText,
  scheduler: optionalText,
  forward: optionalText,
  weight: optionalNumber,
  state: optionalText,
});

export const worldFileSchema = z.object({
  clusters: z.array(clusterEntry),
  networks: z.array(networkEntry).optional(),
  nodes: z.array(nodeEntry).optional(),
  pods: z.array(podEntry).optional(),
  services: z.array(serviceEntry).optional(),
  ipvs: z.array(ipvsEntry).optional(),
});
export type WorldFile = z.infer<typeof worldFileSchema>;

export class WorldFileError extends Error {
  override readonly name = 'WorldFileError';
}

/** The fields a file gave, without `undefined`s and without `user` (always the owner). */
function given(entry: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(entry)) if (value !== undefined && key !== 'user') result[key] = value;
  return result;
}

function subnetIndexOf(subnet: string | undefined): number | undefined {
  const match = subnet ? /^172\.(\d+)\.(\d+)\.0\/24$/.exec(subnet) : null;
  if (!match) return undefined;
  const second = Number(match[1]);
  const third = Number(match[2]);
  if (second < 18 || second > 31) return undefined;
  return third * 14 + (second - 18);
}

/** Checks a world file's links (every child names a known cluster; names unique). */
export function validateWorldFile(input: unknown, source = 'world file'): WorldFile {
  const parsed = worldFileSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new WorldFileError(`${source}: invalid ${issue?.path.join('.') || 'document'}: ${issue?.message ?? 'malformed'}`);
  }
  const file = parsed.data;
  const clusters = new Set<string>();
  for (const cluster of file.clusters) {
    if (clusters.has(cluster.name)) throw new WorldFileError(`${source}: cluster "${cluster.name}" appears twice`);
    clusters.add(cluster.name);
  }
  const children: [string, { cluster: string }[] | undefined][] = [
    ['nodes', file.nodes],
    ['pods', file.pods],
    ['services', file.services],
    ['ipvs', file.ipvs],
  ];
  for (const [kind, entries] of children) {
    for (const entry of entries ?? []) {
      if (!clusters.has(entry.cluster)) throw new WorldFileError(`${source}: ${kind} entry names unknown cluster "${entry.cluster}"`);
    }
  }
  for (const network of file.networks ?? []) {
    if (!clusters.has(network.name)) throw new WorldFileError(`${source}: network "${network.name}" matches no cluster`);
  }
  return file;
}

export function loadWorldFile(file: string): WorldBlueprint {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new WorldFileError(`cannot read world file ${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new WorldFileError(`world file ${file} is not valid JSON`);
  }
  return worldFromFile(validateWorldFile(json, file));
}

export function worldFromFile(file: WorldFile): WorldBlueprint {
  return (user) => {
    const world = newWorld('file', user);
    const random = world.random;
    const usedIndexes = new Set<number>();
    const networks = new Map((file.networks ?? []).map((network) => [network.name, network]));
    for (const network of networks.values()) {
      const index = subnetIndexOf(network.subnet);
      if (index !== undefined) usedIndexes.add(index);
    }
    let nextIndex = 0;
    for (const entry of file.clusters) {
      const network = networks.get(entry.name);
      let subnetIndex = subnetIndexOf(network?.subnet);
      if (subnetIndex === undefined) {
        while (usedIndexes.has(nextIndex)) nextIndex++;
        subnetIndex = nextIndex;
        usedIndexes.add(subnetIndex);
      }
      const record = createClusterRecord(world, {
        name: entry.name,
        image: entry.image ?? DEFAULT_IMAGE,
        domain: entry.domain ?? DEFAULT_DOMAIN,
        state: entry.state ?? 'stopped',
        subnetIndex,
        ...(entry.id ? { id: entry.id } : {}),
      });
      Object.assign(record.wire, given(entry));
      if (network) Object.assign(record.network, given(network), { id: network.id ?? record.wire.id });
      record.provisioned = true;
      const defaultState = entry.state === 'running' ? 'running' : 'stopped';

      for (const nodeEntryValue of (file.nodes ?? []).filter((node) => node.cluster === entry.name)) {
        const role: NodeRole = nodeEntryValue.name.startsWith('control') ? 'control-plane' : 'worker';
        const created = addNode(world, record, role, nodeEntryValue.state ?? defaultState);
        if (!created) throw new WorldFileError(`cluster "${entry.name}" has more nodes than its /24 holds`);
        record.nodes.delete(created.wire.id);
        Object.assign(created.wire, { image: nodeImage(record.wire.image), os: NODE_OS, kernel: NODE_KERNEL }, given(nodeEntryValue), {
          cluster: record.wire.name,
          cluster_id: record.wire.id,
        });
        record.nodes.set(created.wire.id, created);
      }
      const nodesByName = new Map([...record.nodes.values()].map((node) => [node.wire.name, node]));
      const firstNode: NodeRecord | undefined = record.nodes.values().next().value;

      for (const podEntryValue of (file.pods ?? []).filter((pod) => pod.cluster === entry.name)) {
        const node = (podEntryValue.node ? nodesByName.get(podEntryValue.node) : undefined) ?? firstNode;
        const nodeState = node?.wire.state ?? 'stopped';
        const status: PodStatus = nodeState === 'running' ? 'Running' : 'Unknown';
        const pod: PodWire = {
          name: podEntryValue.name,
          id: random.uuid(),
          namespace: 'default',
          address: '',
          status,
          ready: 0,
          started: 0,
          node: node?.wire.name ?? '',
          node_status: nodeState,
          cluster: record.wire.name,
          cluster_id: record.wire.id,
          user,
        };
        setPodPhase(pod, status, nodeState);
        Object.assign(pod, given(podEntryValue), { user });
        record.pods.set(pod.id, pod);
      }
      for (const serviceValue of (file.services ?? []).filter((service) => service.cluster === entry.name)) {
        const service: ServiceWire = {
          name: serviceValue.name,
          id: random.uuid(),
          namespace: 'default',
          address: '',
          external_address: '',
          type: 'ClusterIP',
          port_name: '',
          port_number: 80,
          target_port: 80,
          protocol: 'TCP',
          cluster: record.wire.name,
          user,
        };
        Object.assign(service, given(serviceValue), { user });
        record.services.set(service.id, service);
      }
      for (const ipvsValue of (file.ipvs ?? []).filter((ipvs) => ipvs.cluster === entry.name)) {
        const node = (ipvsValue.node ? nodesByName.get(ipvsValue.node) : undefined) ?? firstNode;
        const ipvs: IpvsWire = {
          id: random.uuid(),
          vip: record.wire.address,
          vip_port: '6443',
          rip: node?.wire.address ?? '',
          rip_port: '6443',
          protocol: 'TCP',
          scheduler: 'rr',
          forward: 'masq',
          weight: 1,
          state: node?.wire.state ?? 'stopped',
          node: node?.wire.name ?? '',
          cluster: record.wire.name,
          user,
        };
        Object.assign(ipvs, given(ipvsValue), { user });
        record.ipvs.set(ipvs.id, ipvs);
      }
      if (record.nodes.size > 0) record.wire.state = deriveClusterState(record);
      world.addCluster(record);
    }
    return world;
  };
}
