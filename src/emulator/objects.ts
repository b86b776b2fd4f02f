// Builders of realistic objects: what a kind (Kubernetes-in-Docker) cluster run by qbo looks like.
// Addresses: cluster network 172.A.B.0/24 (.1 gateway, .2 the cluster's load-balancer address,
// nodes from .3, LoadBalancer services from .200); pods 10.244.N.x; services 10.96.x.y.
import type { Random } from './random';
import type { ClusterRecord, NodeRecord, UserWorld } from './userWorld';
import type { ImageWire, IpvsWire, NodeRole, PodStatus, PodWire, ServiceWire } from './types';

export const DEFAULT_IMAGE = 'hub.docker.com/kindest/node:v1.27.2';
export const DEFAULT_DOMAIN = 'localhost';
/** Nodes a new cluster gets when `add cluster` has no `-n`: one control plane, two workers. */
export const DEFAULT_CLUSTER_NODES = 3;
export const NODE_OS = 'Debian GNU/Linux 11 (bullseye)';
export const NODE_KERNEL = '6.3.5-200.fc38.x86_64';
const FIRST_NODE_HOST = 3;
const LAST_NODE_HOST = 199;
const FIRST_LB_HOST = 200;
const LAST_LB_HOST = 254;

/**
 * The 25 `kindest/node` tags of the vendor's API page, v1.18.20 to v1.27.2 (real kind release
 * images), oldest first as a registry lists them: the client sorts them for its picker.
 */
export const IMAGE_TAGS = [
  'v1.18.20',
  'v1.19.16',
  'v1.20.15',
  'v1.21.12',
  'v1.21.14',
  'v1.22.9',
  'v1.22.15',
  'v1.22.17',
  'v1.23.6',
  'v1.23.13',
  'v1.23.17',
  'v1.24.0',
  'v1.24.7',
  'v1.24.13',
  'v1.24.15',
  'v1.25.3',
  'v1.25.8',
  'v1.25.9',
  'v1.25.11',
  'v1.26.0',
  'v1.26.3',
  'v1.26.4',
  'v1.26.6',
  'v1.27.1',
  'v1.27.2',
];

/** `get images`: the kindest/node tags, in the observed shape and field order (docs/PROTOCOL.md §7). */
export function imageList(): ImageWire[] {
  return IMAGE_TAGS.map((tag) => ({
    name: `hub.docker.com/kindest/node:${tag}`,
    registry: 'hub.docker.com',
    user: 'kindest',
    repository: '',
    image: 'node',
    tag,
  }));
}

/** Nodes show the image without the registry host, as observed (`kindest/node:v1.27.2`). */
export function nodeImage(image: string): string {
  return image.startsWith('hub.docker.com/') ? image.slice('hub.docker.com/'.length) : image;
}

/** Subnet index → `172.A.B`: 14 second octets (18–31) first, then the third octet. */
export function subnetPrefix(index: number): string {
  return `172.${18 + (index % 14)}.${Math.floor(index / 14) % 256}`;
}

export interface NewClusterSpec {
  name: string;
  image: string;
  domain: string;
  state: string;
  subnetIndex: number;
  id?: string;
}

export function createClusterRecord(world: UserWorld, spec: NewClusterSpec): ClusterRecord {
  const id = spec.id ?? world.random.uuid();
  const prefix = subnetPrefix(spec.subnetIndex);
  const address = `${prefix}.2`;
  return {
    // Field order as the vendor's API page writes objects: name and id first (docs/PROTOCOL.md §7).
    wire: {
      name: spec.name,
      id,
      state: spec.state,
      address,
      control_plane: `https://${address}:6443`,
      image: spec.image,
      user: world.user,
    },
    // Observed: the network carries the cluster's id and name.
    network: { name: spec.name, id, subnet: `${prefix}.0/24`, state: 'ready', user: world.user },
    domain: spec.domain,
    subnetPrefix: prefix,
    subnetIndex: spec.subnetIndex,
    nodes: new Map(),
    pods: new Map(),
    services: new Map(),
    ipvs: new Map(),
    provisioned: false,
    deleting: false,
  };
}

/** Node hosts still free in the cluster's /24. */
export function freeNodeAddresses(record: ClusterRecord): number {
  return LAST_NODE_HOST - FIRST_NODE_HOST + 1 - record.nodes.size;
}

function freeNodeAddress(record: ClusterRecord): string | undefined {
  const used = new Set([...record.nodes.values()].map((node) => node.wire.address));
  for (let host = FIRST_NODE_HOST; host <= LAST_NODE_HOST; host++) {
    const address = `${record.subnetPrefix}.${host}`;
    if (!used.has(address)) return address;
  }
  return undefined;
}

function freePodRange(record: ClusterRecord): number {
  const used = new Set([...record.nodes.values()].map((node) => node.podRange));
  let range = 0;
  while (used.has(range)) range++;
  return range;
}

/** Adds a node (address, name from its id and the cluster's domain). Undefined when the /24 is full. */
export function addNode(world: UserWorld, record: ClusterRecord, role: NodeRole, state: string): NodeRecord | undefined {
  const address = freeNodeAddress(record);
  if (!address) return undefined;
  const id = world.random.containerId();
  const prefix = role === 'control-plane' ? 'control' : 'worker';
  const node: NodeRecord = {
    // The observed order: name, id, image, cluster, state, address, os, kernel, user, cluster_id.
    wire: {
      name: `${prefix}-${id.slice(0, 8)}.${record.domain}`,
      id,
      image: nodeImage(record.wire.image),
      cluster: record.wire.name,
      state,
      address,
      os: NODE_OS,
      kernel: NODE_KERNEL,
      user: world.user,
      cluster_id: record.wire.id,
    },
    role,
    podRange: freePodRange(record),
    lastPodHost: 1,
    op: 0,
  };
  record.nodes.set(id, node);
  return node;
}

/** Pod fields that follow the pod's phase and its node. */
export function setPodPhase(pod: PodWire, status: PodStatus, nodeState: string): void {
  pod.status = status;
  pod.ready = status === 'Running' ? 1 : 0;
  pod.started = status === 'Running' ? 1 : 0;
  pod.node_status = nodeState;
}

interface PodSpec {
  name: string;
  namespace: string;
  /** Host-network pods (etcd, kube-proxy, kindnet, ...) use the node's address. */
  hostNetwork: boolean;
}

function addPod(world: UserWorld, record: ClusterRecord, node: NodeRecord, spec: PodSpec, status: PodStatus): PodWire {
  let address = node.wire.address;
  if (!spec.hostNetwork) {
    node.lastPodHost = node.lastPodHost >= 254 ? 2 : node.lastPodHost + 1;
    address = `10.244.${node.podRange}.${node.lastPodHost}`;
  }
  const pod: PodWire = {
    name: spec.name,
    id: world.random.uuid(),
    namespace: spec.namespace,
    address,
    status,
    ready: 0,
    started: 0,
    node: node.wire.name,
    node_status: node.wire.state,
    cluster: record.wire.name,
    cluster_id: record.wire.id,
    user: world.user,
  };
  setPodPhase(pod, status, node.wire.state);
  record.pods.set(pod.id, pod);
  return pod;
}

/** `name-<replicaset hash>-<suffix>` as a Deployment names its pods. */
function deploymentPodName(random: Random, deployment: string, hash: string): string {
  return `${deployment}-${hash}-${random.k8sSuffix(5)}`;
}

/** Pods a DaemonSet puts on every node: kube-proxy and kindnet. */
export function addDaemonPods(world: UserWorld, record: ClusterRecord, node: NodeRecord, status: PodStatus): PodWire[] {
  return [
    addPod(world, record, node, { name: `kube-proxy-${world.random.k8sSuffix(5)}`, namespace: 'kube-system', hostNetwork: true }, status),
    addPod(world, record, node, { name: `kindnet-${world.random.k8sSuffix(5)}`, namespace: 'kube-system', hostNetwork: true }, status),
  ];
}

function controlPlaneOf(record: ClusterRecord): NodeRecord | undefined {
  for (const node of record.nodes.values()) if (node.role === 'control-plane') return node;
  return record.nodes.values().next().value;
}

function workersOf(record: ClusterRecord): NodeRecord[] {
  const workers = [...record.nodes.values()].filter((node) => node.role === 'worker');
  if (workers.length > 0) return workers;
  const control = controlPlaneOf(record);
  return control ? [control] : [];
}

/**
 * What `kind create cluster` leaves behind: static control-plane pods, coredns ×2 and
 * local-path-provisioner spread over the workers, kube-proxy and kindnet on every node, the
 * `kubernetes` and `kube-dns` services and the API server's load-balancer entries.
 */
export function provisionCluster(world: UserWorld, record: ClusterRecord, status: PodStatus): PodWire[] {
  const control = controlPlaneOf(record);
  if (!control) return [];
  record.provisioned = true;
  const random = world.random;
  const pods: PodWire[] = [];
  const controlName = control.wire.name;
  for (const component of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) {
    pods.push(addPod(world, record, control, { name: `${component}-${controlName}`, namespace: 'kube-system', hostNetwork: true }, status));
  }
  const workers = workersOf(record);
  const corednsHash = random.k8sSuffix(10);
  for (let replica = 0; replica < 2; replica++) {
    const node = workers[replica % workers.length] as NodeRecord;
    pods.push(
      addPod(
        world,
        record,
        node,
        { name: deploymentPodName(random, 'coredns', corednsHash), namespace: 'kube-system', hostNetwork: false },
        status,
      ),
    );
  }
  const storageNode = workers[workers.length - 1] as NodeRecord;
  pods.push(
    addPod(
      world,
      record,
      storageNode,
      {
        name: deploymentPodName(random, 'local-path-provisioner', random.k8sSuffix(10)),
        namespace: 'local-path-storage',
        hostNetwork: false,
      },
      status,
    ),
  );
  for (const node of record.nodes.values()) pods.push(...addDaemonPods(world, record, node, status));
  addService(world, record, {
    name: 'kubernetes',
    namespace: 'default',
    address: '10.96.0.1',
    type: 'ClusterIP',
    port_name: 'https',
    port_number: 443,
    target_port: 6443,
    protocol: 'TCP',
  });
  addService(world, record, {
    name: 'kube-dns',
    namespace: 'kube-system',
    address: '10.96.0.10',
    type: 'ClusterIP',
    port_name: 'dns',
    port_number: 53,
    target_port: 53,
    protocol: 'UDP',
  });
  for (const node of record.nodes.values()) addIpvsForNode(world, record, node);
  return pods;
}

type ServiceSpec = Pick<ServiceWire, 'name' | 'namespace' | 'address' | 'type' | 'port_name' | 'port_number' | 'target_port' | 'protocol'>;

function addService(world: UserWorld, record: ClusterRecord, spec: ServiceSpec): ServiceWire {
  const { name, ...rest } = spec;
  const service: ServiceWire = {
    name,
    id: world.random.uuid(),
    ...rest,
    external_address: '',
    cluster: record.wire.name,
    user: world.user,
  };
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') service.node_port = 30000 + world.random.int(2768);
  if (spec.type === 'LoadBalancer') {
    const used = new Set([...record.services.values()].map((other) => other.external_address));
    for (let host = FIRST_LB_HOST; host <= LAST_LB_HOST; host++) {
      const address = `${record.subnetPrefix}.${host}`;
      if (!used.has(address)) {
        service.external_address = address;
        break;
      }
    }
  }
  record.services.set(service.id, service);
  return service;
}

function ipvsEntry(
  world: UserWorld,
  record: ClusterRecord,
  node: NodeRecord,
  vip: string,
  vipPort: number,
  ripPort: number,
  protocol: string,
): IpvsWire {
  const entry: IpvsWire = {
    id: world.random.uuid(),
    vip,
    vip_port: String(vipPort),
    rip: node.wire.address,
    rip_port: String(ripPort),
    protocol,
    scheduler: 'rr',
    forward: 'masq',
    weight: 1,
    state: node.wire.state,
    node: node.wire.name,
    cluster: record.wire.name,
    user: world.user,
  };
  record.ipvs.set(entry.id, entry);
  return entry;
}

/**
 * Load-balancer entries a node is a real server of: control-plane nodes serve the API
 * (cluster address:6443); workers serve every LoadBalancer service on its node port.
 */
export function addIpvsForNode(world: UserWorld, record: ClusterRecord, node: NodeRecord): IpvsWire[] {
  if (node.role === 'control-plane') return [ipvsEntry(world, record, node, record.wire.address, 6443, 6443, 'TCP')];
  const entries: IpvsWire[] = [];
  for (const service of record.services.values()) {
    if (service.type === 'LoadBalancer' && service.external_address && service.node_port !== undefined) {
      entries.push(ipvsEntry(world, record, node, service.external_address, service.port_number, service.node_port, 'TCP'));
    }
  }
  return entries;
}

const APP_NAMES = ['web', 'api', 'worker', 'cache', 'queue', 'auth', 'search', 'billing', 'metrics', 'gateway', 'frontend', 'backend'];
const APP_NAMESPACES = ['default', 'apps', 'monitoring', 'staging'];
const APP_PORTS: [string, number, number][] = [
  ['http', 80, 8080],
  ['https', 443, 8443],
  ['grpc', 9090, 9090],
  ['metrics', 9100, 9100],
  ['redis', 6379, 6379],
  ['postgres', 5432, 5432],
];

/**
 * Application workload for the large world: `serviceCount` services (mostly ClusterIP, some
 * NodePort and LoadBalancer) and pods spread round-robin over the workers until the cluster
 * holds `podTotal` pods.
 */
export function addAppWorkload(world: UserWorld, record: ClusterRecord, podTotal: number, serviceCount: number, status: PodStatus): void {
  const random = world.random;
  for (let i = 0; i < serviceCount; i++) {
    const [portName, port, target] = APP_PORTS[i % APP_PORTS.length] as [string, number, number];
    const type = i % 10 === 9 ? 'LoadBalancer' : i % 5 === 4 ? 'NodePort' : 'ClusterIP';
    addService(world, record, {
      name: `${APP_NAMES[i % APP_NAMES.length]}-${Math.floor(i / APP_NAMES.length) + 1}`,
      namespace: APP_NAMESPACES[i % APP_NAMESPACES.length] as string,
      address: `10.96.${1 + Math.floor(i / 250)}.${(i % 250) + 2}`,
      type,
      port_name: portName,
      port_number: port,
      target_port: target,
      protocol: 'TCP',
    });
  }
  const workers = workersOf(record);
  let deployment = 0;
  let hash = random.k8sSuffix(10);
  for (let i = 0; record.pods.size < podTotal; i++) {
    if (i % 8 === 0) {
      deployment++;
      hash = random.k8sSuffix(10);
    }
    const node = workers[i % workers.length] as NodeRecord;
    const name = deploymentPodName(
      random,
      `${APP_NAMES[deployment % APP_NAMES.length]}-${Math.floor(deployment / APP_NAMES.length) + 1}`,
      hash,
    );
    addPod(
      world,
      record,
      node,
      { name, namespace: APP_NAMESPACES[deployment % APP_NAMESPACES.length] as string, hostNetwork: false },
      status,
    );
  }
  for (const node of record.nodes.values()) if (node.role === 'worker') addIpvsForNode(world, record, node);
}
