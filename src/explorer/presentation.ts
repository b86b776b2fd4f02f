// How each tree row looks: label, description, icon, tooltip, contextValue. Pure functions of
// the inventory's objects, unit-tested without VS Code; the tree provider only converts them.
import { shortId, stateClass } from '../qbo/domain';
import type { Cluster, Ipvs, Network, Pod, QboNode, Service } from '../qbo/messages';
import { untranslated, type Translate } from '../translate';
import type { FolderKind } from './treeElements';

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

function display(value: string | undefined, fallback: string): string {
  return value && value.trim() !== '' ? value : fallback;
}

export function clusterPresentation(cluster: Cluster, key: string, t: Translate = untranslated): Presentation {
  const state = stateClass(cluster.state);
  return {
    label: display(cluster.name, shortId(key) ?? key),
    description: cluster.state ?? '',
    tooltip: tooltip(t('Cluster {0}', display(cluster.name, key)), [
      [t('State'), cluster.state],
      [t('Address'), cluster.address],
      [t('Control plane'), cluster.control_plane],
      [t('ID'), cluster.id],
      [t('Owner'), cluster.user],
    ]),
    icon: stateIcon(cluster.state, 'server-environment', 'server-environment'),
    contextValue: `qbo.cluster.${state}`,
    collapsible: 'collapsed',
  };
}

export function folderLabel(folder: FolderKind, t: Translate = untranslated): string {
  switch (folder) {
    case 'nodes':
      return t('Nodes');
    case 'services':
      return t('Services');
    case 'networks':
      return t('Networks');
    case 'ipvs':
      return t('Load Balancers');
  }
}

const FOLDER_ICONS: Record<FolderKind, string> = {
  nodes: 'server',
  services: 'plug',
  networks: 'type-hierarchy',
  ipvs: 'arrow-swap',
};

export function folderPresentation(folder: FolderKind, count: number, clusterState?: string, t: Translate = untranslated): Presentation {
  return {
    label: folderLabel(folder, t),
    description: String(count),
    icon: { id: FOLDER_ICONS[folder] },
    // "Add Nodes" sits on the Nodes folder; only offered while the cluster can take nodes.
    contextValue: folder === 'nodes' && stateClass(clusterState) === 'running' ? 'qbo.folder.nodes.running' : `qbo.folder.${folder}`,
    collapsible: count > 0 ? 'collapsed' : 'none',
  };
}

export function nodePresentation(node: QboNode, key: string, podCount: number, t: Translate = untranslated): Presentation {
  const state = stateClass(node.state);
  return {
    label: display(node.name, shortId(key) ?? key),
    description: [node.state, node.address].filter(Boolean).join(' · '),
    tooltip: tooltip(t('Node {0}', display(node.name, key)), [
      [t('State'), node.state],
      [t('Address'), node.address],
      [t('Image'), node.image],
      [t('OS'), node.os],
      [t('Kernel'), node.kernel],
      [t('Cluster'), node.cluster],
      [t('Short ID'), shortId(node.id)],
      [t('Pods'), podCount],
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

export function podPresentation(pod: Pod, key: string, t: Translate = untranslated): Presentation {
  const state = stateClass(pod.status);
  const icon: IconSpec =
    state === 'running'
      ? { id: 'symbol-event', color: 'charts.green' }
      : state === 'failed'
        ? { id: 'error', color: 'charts.red' }
        : state === 'transitional'
          ? { id: 'sync~spin' }
          : { id: 'symbol-event', color: 'disabledForeground' };
  return {
    label: display(pod.name, shortId(key) ?? key),
    description: [pod.status, readiness(pod), pod.namespace].filter(Boolean).join(' · '),
    tooltip: tooltip(t('Pod {0}', display(pod.name, key)), [
      [t('Status'), pod.status],
      [t('Ready / started'), readiness(pod)],
      [t('Namespace'), pod.namespace],
      [t('Address'), pod.address],
      [t('Node'), pod.node],
      [t('Node status'), pod.node_status],
      [t('Cluster'), pod.cluster],
      [t('ID'), pod.id],
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

export function servicePresentation(service: Service, key: string, t: Translate = untranslated): Presentation {
  const addresses = [service.address, service.external_address]
    .filter((value) => value && value !== 'none' && value !== '<none>')
    .join(', ');
  return {
    label: display(service.name, shortId(key) ?? key),
    description: [service.type, servicePorts(service), addresses].filter(Boolean).join(' · '),
    tooltip: tooltip(t('Service {0}', display(service.name, key)), [
      [t('Type'), service.type],
      [t('Namespace'), service.namespace],
      [t('Cluster IP'), service.address],
      [t('External address'), service.external_address],
      [t('Port'), service.port_name ? `${servicePorts(service) ?? ''} (${service.port_name})` : servicePorts(service)],
      [t('Cluster'), service.cluster],
    ]),
    icon: { id: 'plug' },
    contextValue: 'qbo.service',
    collapsible: 'none',
  };
}

export function networkPresentation(network: Network, key: string, t: Translate = untranslated): Presentation {
  return {
    label: display(network.name, shortId(key) ?? key),
    description: [network.subnet, network.state].filter(Boolean).join(' · '),
    tooltip: tooltip(t('Network {0}', display(network.name, key)), [
      [t('Subnet'), network.subnet],
      [t('State'), network.state],
      [t('ID'), network.id],
    ]),
    icon: stateClass(network.state) === 'running' ? { id: 'type-hierarchy', color: 'charts.green' } : { id: 'type-hierarchy' },
    contextValue: 'qbo.network',
    collapsible: 'none',
  };
}

function endpoint(address: string | undefined, port: string | undefined): string {
  return `${address ?? '?'}${port ? `:${port}` : ''}`;
}

export function ipvsPresentation(entry: Ipvs, key: string, t: Translate = untranslated): Presentation {
  const label = `${endpoint(entry.vip, entry.vip_port)} → ${endpoint(entry.rip, entry.rip_port)}`;
  return {
    label,
    description: [entry.scheduler, entry.protocol, entry.weight !== undefined ? t('weight {0}', entry.weight) : undefined]
      .filter(Boolean)
      .join(' · '),
    tooltip: tooltip(t('Load balancer {0}', label), [
      [t('Scheduler'), entry.scheduler],
      [t('Protocol'), entry.protocol],
      [t('Forwarding'), entry.forward],
      [t('Weight'), entry.weight],
      [t('State'), entry.state],
      [t('Node'), entry.node],
      [t('ID'), entry.id ?? key],
    ]),
    icon: { id: 'arrow-swap' },
    contextValue: 'qbo.ipvs',
    collapsible: 'none',
  };
}

export function placeholderPresentation(
  placeholder: 'loading' | 'error' | 'empty',
  message: string,
  t: Translate = untranslated,
): Presentation {
  switch (placeholder) {
    case 'loading':
      return { label: message, icon: { id: 'loading~spin' }, contextValue: 'qbo.placeholder.loading', collapsible: 'none' };
    case 'error':
      return {
        label: message,
        description: t('click to retry'),
        icon: { id: 'error', color: 'errorForeground' },
        contextValue: 'qbo.placeholder.error',
        collapsible: 'none',
      };
    default:
      return { label: message, icon: { id: 'info' }, contextValue: 'qbo.placeholder.empty', collapsible: 'none' };
  }
}
