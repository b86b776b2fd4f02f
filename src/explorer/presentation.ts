// How each tree row looks: label, description, icon, tooltip, contextValue. Pure functions of
// the inventory's objects, unit-tested without VS Code; the tree provider only converts them.
import type { Cluster, Ipvs, Network, Pod, QboNode, Service } from '../qbo/messages';
import type { FolderKind } from './treeElements';

export type StateClass = 'running' | 'stopped' | 'transitional' | 'failed' | 'unknown';

export interface IconSpec {
  /** A codicon id, e.g. `vm-running` or `sync~spin`. */
  id: string;
  /** A theme color id, e.g. `charts.green`. */
  color?: string;
}

export type Collapsible = 'none' | 'collapsed' | 'expanded';

export interface Presentation {
  label: string;
  description?: string;
  /** Markdown. */
  tooltip?: string;
  icon: IconSpec;
  contextValue: string;
  collapsible: Collapsible;
}

const RUNNING = new Set(['running', 'ready', 'active', 'up', 'succeeded', 'completed']);
const STOPPED = new Set(['stopped', 'exited', 'created', 'paused', 'down', 'inactive']);
const TRANSITIONAL = new Set(['starting', 'stopping', 'deleting', 'creating', 'restarting', 'pending', 'containercreating', 'podinitializing', 'terminating', 'scaling', 'adding', 'removing']);
const FAILED = new Set(['failed', 'error', 'dead', 'crashloopbackoff', 'imagepullbackoff', 'errimagepull', 'unknown-error', 'oomkilled', 'evicted']);

/** Classifies a state or status string as the tree shows it. */
export function stateClass(state: string | undefined): StateClass {
  if (!state) return 'unknown';
  const normal = state.trim().toLowerCase();
  if (RUNNING.has(normal)) return 'running';
  if (STOPPED.has(normal)) return 'stopped';
  if (TRANSITIONAL.has(normal) || normal.endsWith('ing')) return 'transitional';
  if (FAILED.has(normal)) return 'failed';
  return 'unknown';
}

/** Icon for a cluster or node by state: running green, stopped grey, transitional spinning, failed red. */
export function stateIcon(state: string | undefined, idle: string, running: string): IconSpec {
  switch (stateClass(state)) {
    case 'running':
      return { id: running, color: 'charts.green' };
    case 'stopped':
      return { id: idle, color: 'disabledForeground' };
    case 'transitional':
      return { id: 'sync~spin' };
    case 'failed':
      return { id: 'error', color: 'charts.red' };
    default:
      return { id: idle };
  }
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Natural order: node-2 before node-10, case-insensitive, ties broken by exact text. */
export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Escapes text for a MarkdownString so a server value cannot inject links or formatting. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (char) => `\\${char}`);
}

function tooltip(title: string, rows: [string, string | number | undefined][]): string {
  const lines = rows
    .filter((row): row is [string, string | number] => row[1] !== undefined && row[1] !== '')
    .map(([name, value]) => `| ${name} | ${escapeMarkdown(String(value))} |`);
  return [`**${escapeMarkdown(title)}**`, '', '| | |', '|---|---|', ...lines].join('\n');
}

/** The first 8 characters of an id, as qbo accepts wherever a name is. */
export function shortId(id: string | undefined): string | undefined {
  return id ? id.slice(0, 8) : undefined;
}

function display(value: string | undefined, fallback: string): string {
  return value && value.trim() !== '' ? value : fallback;
}

export function clusterPresentation(cluster: Cluster, key: string): Presentation {
  const state = stateClass(cluster.state);
  return {
    label: display(cluster.name, shortId(key) ?? key),
    description: cluster.state ?? '',
    tooltip: tooltip(`Cluster ${display(cluster.name, key)}`, [
      ['State', cluster.state],
      ['Address', cluster.address],
      ['Control plane', cluster.control_plane],
      ['ID', cluster.id],
      ['Owner', cluster.user],
    ]),
    icon: stateIcon(cluster.state, 'server-environment', 'server-environment'),
    contextValue: `qbo.cluster.${state}`,
    collapsible: 'collapsed',
  };
}

export const FOLDER_LABELS: Record<FolderKind, string> = {
  nodes: 'Nodes',
  services: 'Services',
  networks: 'Networks',
  ipvs: 'Load Balancers',
};

const FOLDER_ICONS: Record<FolderKind, string> = {
  nodes: 'server',
  services: 'plug',
  networks: 'type-hierarchy',
  ipvs: 'arrow-swap',
};

export function folderPresentation(folder: FolderKind, count: number, clusterState?: string): Presentation {
  return {
    label: FOLDER_LABELS[folder],
    description: String(count),
    icon: { id: FOLDER_ICONS[folder] },
    // "Add Nodes" sits on the Nodes folder; only offered while the cluster can take nodes.
    contextValue: folder === 'nodes' && stateClass(clusterState) === 'running' ? 'qbo.folder.nodes.running' : `qbo.folder.${folder}`,
    collapsible: count > 0 ? 'collapsed' : 'none',
  };
}

export function nodePresentation(node: QboNode, key: string, podCount: number): Presentation {
  const state = stateClass(node.state);
  return {
    label: display(node.name, shortId(key) ?? key),
    description: [node.state, node.address].filter(Boolean).join(' · '),
    tooltip: tooltip(`Node ${display(node.name, key)}`, [
      ['State', node.state],
      ['Address', node.address],
      ['Image', node.image],
      ['OS', node.os],
      ['Kernel', node.kernel],
      ['Cluster', node.cluster],
      ['Short ID', shortId(node.id)],
      ['Pods', podCount],
    ]),
    icon: stateIcon(node.state, 'vm', 'vm-running'),
    contextValue: `qbo.node.${state}`,
    collapsible: podCount > 0 ? 'collapsed' : 'none',
  };
}

/** `ready/started` as kubectl shows readiness, when both are known. */
function readiness(pod: Pod): string | undefined {
  if (pod.ready === undefined && pod.started === undefined) return undefined;
  return `${pod.ready ?? 0}/${pod.started ?? 0}`;
}

export function podPresentation(pod: Pod, key: string): Presentation {
  const state = stateClass(pod.status);
  const icon: IconSpec =
    state === 'running' ? { id: 'symbol-event', color: 'charts.green' } : state === 'failed' ? { id: 'error', color: 'charts.red' } : state === 'transitional' ? { id: 'sync~spin' } : { id: 'symbol-event', color: 'disabledForeground' };
  return {
    label: display(pod.name, shortId(key) ?? key),
    description: [pod.status, readiness(pod), pod.namespace].filter(Boolean).join(' · '),
    tooltip: tooltip(`Pod ${display(pod.name, key)}`, [
      ['Status', pod.status],
      ['Ready / started', readiness(pod)],
      ['Namespace', pod.namespace],
      ['Address', pod.address],
      ['Node', pod.node],
      ['Node status', pod.node_status],
      ['Cluster', pod.cluster],
      ['ID', pod.id],
    ]),
    icon,
    contextValue: `qbo.pod.${state}`,
    collapsible: 'none',
  };
}

/** `80→8080/TCP` or `80:30080→8080/TCP` for a NodePort. */
export function servicePorts(service: Service): string | undefined {
  if (service.port_number === undefined) return undefined;
  const nodePort = service.node_port ? `:${service.node_port}` : '';
  const target = service.target_port !== undefined && service.target_port !== service.port_number ? `→${service.target_port}` : '';
  const protocol = service.protocol ? `/${service.protocol}` : '';
  return `${service.port_number}${nodePort}${target}${protocol}`;
}

export function servicePresentation(service: Service, key: string): Presentation {
  const addresses = [service.address, service.external_address].filter((value) => value && value !== 'none' && value !== '<none>').join(', ');
  return {
    label: display(service.name, shortId(key) ?? key),
    description: [service.type, servicePorts(service), addresses].filter(Boolean).join(' · '),
    tooltip: tooltip(`Service ${display(service.name, key)}`, [
      ['Type', service.type],
      ['Namespace', service.namespace],
      ['Cluster IP', service.address],
      ['External address', service.external_address],
      ['Port', service.port_name ? `${servicePorts(service) ?? ''} (${service.port_name})` : servicePorts(service)],
      ['Cluster', service.cluster],
    ]),
    icon: { id: 'plug' },
    contextValue: 'qbo.service',
    collapsible: 'none',
  };
}

export function networkPresentation(network: Network, key: string): Presentation {
  return {
    label: display(network.name, shortId(key) ?? key),
    description: [network.subnet, network.state].filter(Boolean).join(' · '),
    tooltip: tooltip(`Network ${display(network.name, key)}`, [
      ['Subnet', network.subnet],
      ['State', network.state],
      ['ID', network.id],
    ]),
    icon: stateClass(network.state) === 'running' ? { id: 'type-hierarchy', color: 'charts.green' } : { id: 'type-hierarchy' },
    contextValue: 'qbo.network',
    collapsible: 'none',
  };
}

function endpoint(address: string | undefined, port: string | undefined): string {
  return `${address ?? '?'}${port ? `:${port}` : ''}`;
}

export function ipvsPresentation(entry: Ipvs, key: string): Presentation {
  const label = `${endpoint(entry.vip, entry.vip_port)} → ${endpoint(entry.rip, entry.rip_port)}`;
  return {
    label,
    description: [entry.scheduler, entry.protocol, entry.weight !== undefined ? `weight ${entry.weight}` : undefined].filter(Boolean).join(' · '),
    tooltip: tooltip(`Load balancer ${label}`, [
      ['Scheduler', entry.scheduler],
      ['Protocol', entry.protocol],
      ['Forwarding', entry.forward],
      ['Weight', entry.weight],
      ['State', entry.state],
      ['Node', entry.node],
      ['ID', entry.id ?? key],
    ]),
    icon: { id: 'arrow-swap' },
    contextValue: 'qbo.ipvs',
    collapsible: 'none',
  };
}

export function placeholderPresentation(placeholder: 'loading' | 'error' | 'empty', message: string): Presentation {
  switch (placeholder) {
    case 'loading':
      return { label: message, icon: { id: 'loading~spin' }, contextValue: 'qbo.placeholder.loading', collapsible: 'none' };
    case 'error':
      return { label: message, description: 'click to retry', icon: { id: 'error', color: 'errorForeground' }, contextValue: 'qbo.placeholder.error', collapsible: 'none' };
    default:
      return { label: message, icon: { id: 'info' }, contextValue: 'qbo.placeholder.empty', collapsible: 'none' };
  }
}
