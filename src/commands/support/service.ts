// What the service actions share: the service's port entries (a service with several ports is
// several objects of one name), the addresses it can be reached at, and asking which port.
import type * as net from 'node:net';
import { nodeNet } from '../../qbo/builtins';
import * as vscode from 'vscode';
import { stateClass } from '../../qbo/domain';
import type { Inventory } from '../../qbo/inventory';
import type { Service } from '../../qbo/messages';
import { naturalCompare } from '../../explorer/naturalOrder';
import { serviceEndpoints, suggestedLocalPorts, type ServiceEndpoint } from '../../kube/serviceUrl';
import type { CommandContext } from '../types';
import { Cancelled } from './boundary';
import { pickEntity } from './kubectl';
import { showInformation } from '../../ui/notifications';
import { safePickItem } from '../../ui/safeText';

/** Every port entry of the service `entity` belongs to, in port order. */
export function servicePortEntries(inventory: Inventory, entity: Service): Service[] {
  const siblings = entity.cluster
    ? inventory
        .inCluster(entity.cluster, 'services')
        .map(([, service]) => service)
        .filter((service) => service.name === entity.name && (service.namespace ?? '') === (entity.namespace ?? ''))
    : [];
  const entries = siblings.length > 0 ? siblings : [entity];
  return [...entries].sort((a, b) => (a.port_number ?? 0) - (b.port_number ?? 0));
}

/** Addresses of the cluster's running nodes, in name order (node ports are served on each). */
export function runningNodeAddresses(inventory: Inventory, cluster: string | undefined): string[] {
  if (!cluster) return [];
  return inventory
    .inCluster(cluster, 'nodes')
    .map(([, node]) => node)
    .filter((node) => stateClass(node.state) === 'running' && node.address)
    .sort((a, b) => naturalCompare(a.name ?? '', b.name ?? ''))
    .map((node) => node.address as string);
}

export function endpointsOf(inventory: Inventory, entity: Service): ServiceEndpoint[] {
  return serviceEndpoints(servicePortEntries(inventory, entity), runningNodeAddresses(inventory, entity.cluster));
}

/** The endpoint to use: the only one, the one of `port` when given, or the user's pick. */
export async function pickEndpoint(endpoints: ServiceEndpoint[], title: string, port?: number): Promise<ServiceEndpoint | undefined> {
  if (port !== undefined) return endpoints.find((endpoint) => endpoint.port === port);
  if (endpoints.length <= 1) return endpoints[0];
  const picked = await vscode.window.showQuickPick(
    endpoints.map((endpoint) =>
      safePickItem({
        label: endpoint.url,
        description: [endpoint.portName, String(endpoint.port), endpoint.via].filter(Boolean).join(' · '),
        endpoint,
      }),
    ),
    { title },
  );
  return picked?.endpoint;
}

/** Tells the user a service has no address reachable from here, offering Port Forward instead. */
export function reportNoEndpoint(service: Service, element: unknown): void {
  const forward = vscode.l10n.t('Port Forward');
  void showInformation(
    vscode.l10n.t('qbo: {0} has no external address or node port. Forward a local port to it instead?', service.name ?? ''),
    forward,
  ).then((choice) => {
    if (choice === forward) void vscode.commands.executeCommand('qbo.portForwardService', element);
  });
}

/** Whether nothing listens on `port` of 127.0.0.1 (where kubectl port-forward listens, as `localhost`). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = nodeNet().createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A free local port to suggest for forwarding `servicePort`: a memorable one when free (and not forwarded already), else any. */
export async function freeLocalPort(servicePort: number, forwarded: (port: number) => boolean = () => false): Promise<number> {
  for (const port of suggestedLocalPorts(servicePort)) if (!forwarded(port) && (await portIsFree(port))) return port;
  return new Promise((resolve, reject) => {
    const server = nodeNet().createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The service (picked when not given) and one of its endpoints (asked when it has several); Cancelled when it has none. */
export async function pickServiceEndpoint(context: CommandContext, args: unknown[], title: string): Promise<ServiceEndpoint> {
  const picked = await pickEntity(context, 'service', args, title);
  const service = picked.entity as Service;
  const endpoints = endpointsOf(picked.profile.inventory, service);
  if (endpoints.length === 0) {
    reportNoEndpoint(service, args[0]);
    throw new Cancelled();
  }
  const endpoint = await pickEndpoint(endpoints, title, typeof args[1] === 'number' ? args[1] : undefined);
  if (!endpoint) throw new Cancelled();
  return endpoint;
}
