// How each tree row looks: label, description, icon, tooltip, contextValue. Pure functions of
// the inventory's objects, unit-tested without VS Code; the tree provider only converts them.
import { shortId, stateClass } from '../qbo/domain';
import type { Cluster, Ipvs, Network, Pod, QboNode, Service } from '../qbo/messages';
import * as l10n from '@vscode/l10n';
import type { Forward } from '../forwards/forwardList';
import { forwardLabel } from '../forwards/forwardText';
import type { FolderKind } from './treeElements';
import { safeText, TEXT_LIMITS } from '../ui/safeText';

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

/** Escapes text for a MarkdownString so a server value cannot inject links or formatting. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (char) => `\\${char}`);
}

/** A server value in a tooltip: one line (a newline would end the table), no bare links, bounded, then escaped. */
function tooltipValue(value: string): string {
  return escapeMarkdown(safeText(value, { maxChars: TEXT_LIMITS.tooltip, fullTextLogged: false }));
}

function tooltip(title: string, rows: [string, string | number | undefined][]): string {
  const lines = rows
    .filter((row): row is [string, string | number] => row[1] !== undefined && row[1] !== '')
    .map(([name, value]) => `| ${name} | ${tooltipValue(String(value))} |`);
  return [`**${tooltipValue(title)}**`, '', '| | |', '|---|---|', ...lines].join('\n');
}

function display(value: string | undefined, fallback: string): string {
  return value && value.trim() !== '' ? value : fallback;
}

/**
 * What a cluster row adds while another client's action on it is recent (the Activity view decides
 * when and says it, src/activity): a summary for the description, the full line for the tooltip.
 */
export interface ClusterActivityNote {
  /** `alex@qbo.io stopped it 20 s ago` */
  summary: string;
  /** Who in full, the command and the exact time. */
  detail: string;
}

export function clusterPresentation(cluster: Cluster, key: string, note?: ClusterActivityNote): Presentation {
  const state = stateClass(cluster.state);
  return {
    label: display(cluster.name, shortId(key) ?? key),
    description: note ? [cluster.state, note.summary].filter(Boolean).join(' · ') : (cluster.state ?? ''),
    tooltip: tooltip(l10n.t('Cluster {0}', display(cluster.name, key)), [
      [l10n.t('State'), cluster.state],
      [l10n.t('Address'), cluster.address],
      [l10n.t('Control plane'), cluster.control_plane],
      [l10n.t('ID'), cluster.id],
      [l10n.t('Owner'), cluster.user],
      [l10n.t('Recent activity'), note?.detail],
    ]),
    icon: stateIcon(cluster.state, 'server-environment', 'server-environment'),
    contextValue: `qbo.cluster.${state}`,
    collapsible: 'collapsed',
  };
}

export function folderLabel(folder: FolderKind): string {
  switch (folder) {
    case 'nodes':
      return l10n.t('Nodes');
    case 'services':
      return l10n.t('Services');
    case 'networks':
      return l10n.t('Networks');
    case 'ipvs':
      return l10n.t('Load Balancers');
  }
}

const FOLDER_ICONS: Record<FolderKind, string> = {
  nodes: 'server',
  services: 'plug',
  networks: 'type-hierarchy',
  ipvs: 'arrow-swap',
};

export function folderPresentation(folder: FolderKind, count: number, clusterState?: string): Presentation {
  return {
    label: folderLabel(folder),
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
    tooltip: tooltip(l10n.t('Node {0}', display(node.name, key)), [
      [l10n.t('State'), node.state],
      [l10n.t('Address'), node.address],
      [l10n.t('Image'), node.image],
      [l10n.t('OS'), node.os],
      [l10n.t('Kernel'), node.kernel],
      [l10n.t('Cluster'), node.cluster],
      [l10n.t('Short ID'), shortId(node.id)],
      [l10n.t('Pods'), podCount],
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
    tooltip: tooltip(l10n.t('Pod {0}', display(pod.name, key)), [
      [l10n.t('Status'), pod.status],
      [l10n.t('Ready / started'), readiness(pod)],
      [l10n.t('Namespace'), pod.namespace],
      [l10n.t('Address'), pod.address],
      [l10n.t('Node'), pod.node],
      [l10n.t('Node status'), pod.node_status],
      [l10n.t('Cluster'), pod.cluster],
      [l10n.t('ID'), pod.id],
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

/** A service row; expandable (and expanded) only while port forwards to it run, which are its children. */
export function servicePresentation(service: Service, key: string, forwardCount = 0): Presentation {
  const addresses = [service.address, service.external_address]
    .filter((value) => value && value !== 'none' && value !== '<none>')
    .join(', ');
  return {
    label: display(service.name, shortId(key) ?? key),
    description: [service.type, servicePorts(service), addresses].filter(Boolean).join(' · '),
    tooltip: tooltip(l10n.t('Service {0}', display(service.name, key)), [
      [l10n.t('Type'), service.type],
      [l10n.t('Namespace'), service.namespace],
      [l10n.t('Cluster IP'), service.address],
      [l10n.t('External address'), service.external_address],
      [l10n.t('Port'), service.port_name ? `${servicePorts(service) ?? ''} (${service.port_name})` : servicePorts(service)],
      [l10n.t('Cluster'), service.cluster],
    ]),
    icon: { id: 'plug' },
    contextValue: 'qbo.service',
    collapsible: forwardCount > 0 ? 'expanded' : 'none',
  };
}

/** A running port forward under its service: `localhost:8080 → 80`, spinning until kubectl listens. */
export function forwardPresentation(forward: Forward): Presentation {
  const starting = forward.state === 'starting';
  return {
    label: forwardLabel(forward),
    description: starting ? l10n.t('starting…') : undefined,
    tooltip: tooltip(l10n.t('Port forward {0}', forwardLabel(forward)), [
      [l10n.t('URL'), forward.url],
      [l10n.t('Service'), `${forward.namespace}/${forward.service}`],
      [l10n.t('Service port'), forward.remotePort],
      [l10n.t('Cluster'), forward.cluster],
      [l10n.t('State'), starting ? l10n.t('starting') : l10n.t('running')],
      [l10n.t('kubectl process'), forward.pid],
    ]),
    icon: starting ? { id: 'loading~spin' } : { id: 'arrow-swap', color: 'charts.green' },
    contextValue: `qbo.forward.${forward.state}`,
    collapsible: 'none',
  };
}

export function networkPresentation(network: Network, key: string): Presentation {
  return {
    label: display(network.name, shortId(key) ?? key),
    description: [network.subnet, network.state].filter(Boolean).join(' · '),
    tooltip: tooltip(l10n.t('Network {0}', display(network.name, key)), [
      [l10n.t('Subnet'), network.subnet],
      [l10n.t('State'), network.state],
      [l10n.t('ID'), network.id],
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
    description: [entry.scheduler, entry.protocol, entry.weight !== undefined ? l10n.t('weight {0}', entry.weight) : undefined]
      .filter(Boolean)
      .join(' · '),
    tooltip: tooltip(l10n.t('Load balancer {0}', label), [
      [l10n.t('Scheduler'), entry.scheduler],
      [l10n.t('Protocol'), entry.protocol],
      [l10n.t('Forwarding'), entry.forward],
      [l10n.t('Weight'), entry.weight],
      [l10n.t('State'), entry.state],
      [l10n.t('Node'), entry.node],
      [l10n.t('ID'), entry.id ?? key],
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
      return {
        label: message,
        description: l10n.t('click to retry'),
        icon: { id: 'error', color: 'errorForeground' },
        contextValue: 'qbo.placeholder.error',
        collapsible: 'none',
      };
    default:
      return { label: message, icon: { id: 'info' }, contextValue: 'qbo.placeholder.empty', collapsible: 'none' };
  }
}

/** A connected profile's row (shown when several profiles are connected). */
export interface ProfileRow {
  name: string;
  /** Who and where, e.g. `alex@qbo.io @ nemo.cloud.qbo.io`. */
  account: string | undefined;
  state: 'connecting' | 'connected' | 'reconnecting' | 'rejected' | 'error';
  /** The state in words: "connected", "reconnecting in 4 s", "credentials rejected", an error. */
  stateText: string;
  /** The server's version as the vendor's scripts read it (`qbo_api`), once the server told it. */
  serverVersion?: string;
  /** Where credentials we did not store come from, e.g. `~/.qbo/cli.json`. */
  source?: string;
}

const PROFILE_ICONS: Record<ProfileRow['state'], IconSpec> = {
  connecting: { id: 'sync~spin' },
  connected: { id: 'account', color: 'charts.green' },
  reconnecting: { id: 'sync~spin' },
  rejected: { id: 'error', color: 'charts.red' },
  error: { id: 'warning', color: 'charts.yellow' },
};

export function profilePresentation(row: ProfileRow): Presentation {
  return {
    label: row.name,
    description: [row.account, row.stateText].filter(Boolean).join(' · '),
    tooltip: tooltip(l10n.t('Profile {0}', row.name), [
      [l10n.t('Account'), row.account],
      [l10n.t('State'), row.stateText],
      [l10n.t('Server version'), row.serverVersion],
      [l10n.t('Credentials from'), row.source],
    ]),
    icon: PROFILE_ICONS[row.state],
    contextValue: `qbo.profile.${row.state}`,
    collapsible: 'expanded',
  };
}
