// Where a browser can reach a service from outside the cluster: its external (load-balancer)
// address, else a node's address and the service's node port. Pure, unit-tested.
import type { Service } from '../qbo/messages';

export interface ServiceEndpoint {
  url: string;
  /** The service port this endpoint serves (what a user picks when there are several). */
  port: number;
  portName: string | undefined;
  via: 'external address' | 'node port';
}

/** A TCP port: a whole number from 1 to 65535 (a server's `3.5`, `-7` or `70000` is none). */
export function isPort(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 65535;
}

/** Ports whose service speaks TLS by convention. */
const HTTPS_PORTS = new Set([443, 8443]);

export function schemeFor(port: number | undefined): 'http' | 'https' {
  return port !== undefined && HTTPS_PORTS.has(port) ? 'https' : 'http';
}

/** An address as a URL host: IPv6 in brackets. */
export function urlHost(address: string): string {
  return address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
}

/** A usable address: not empty, not kubectl's `<none>`/`<pending>` placeholders. */
export function usableAddress(address: string | undefined): string | undefined {
  const text = address?.trim();
  if (!text || /^<?(none|pending)>?$/i.test(text)) return undefined;
  // An address goes into a URL: a host name or IP, nothing that could carry a path or credentials.
  return /^[A-Za-z0-9.:-]+$/.test(text) ? text : undefined;
}

/** `scheme://host[:port]`, leaving out the scheme's default port. Throws on a port that is not one. */
export function buildUrl(scheme: 'http' | 'https', address: string, port: number): string {
  if (!isPort(port)) throw new RangeError(`not a port: ${String(port)}`);
  const defaultPort = scheme === 'https' ? 443 : 80;
  return `${scheme}://${urlHost(address)}${port === defaultPort ? '' : `:${port}`}/`;
}

/**
 * Endpoints of a service, one per port entry (a qbo service object carries one port; a service
 * with several ports arrives as several objects of the same name). `nodeAddresses` are the
 * addresses of the cluster's running nodes, for node ports.
 */
export function serviceEndpoints(ports: readonly Service[], nodeAddresses: readonly string[]): ServiceEndpoint[] {
  const endpoints: ServiceEndpoint[] = [];
  const nodeAddress = nodeAddresses.map(usableAddress).find((address) => address !== undefined);
  for (const entry of ports) {
    const port = entry.port_number;
    if (!isPort(port) || (entry.protocol !== undefined && entry.protocol.toUpperCase() !== 'TCP')) continue;
    const scheme = schemeFor(port);
    const external = usableAddress(entry.external_address);
    if (external) endpoints.push({ url: buildUrl(scheme, external, port), port, portName: entry.port_name, via: 'external address' });
    else if (isPort(entry.node_port) && nodeAddress)
      endpoints.push({ url: buildUrl(scheme, nodeAddress, entry.node_port), port, portName: entry.port_name, via: 'node port' });
  }
  return endpoints;
}

/** The URL of a port-forward to `localPort` of a service port. */
export function forwardedUrl(localPort: number, servicePort: number): string {
  return buildUrl(schemeFor(servicePort), 'localhost', localPort);
}

/** Local ports worth suggesting for a forward, best first: the service port itself when unprivileged, then 8000 + it. */
export function suggestedLocalPorts(servicePort: number): number[] {
  if (!isPort(servicePort)) return [];
  const candidates = [servicePort, 8000 + (servicePort % 1000), 18000 + (servicePort % 1000)];
  return [...new Set(candidates.filter((port) => port >= 1024 && port <= 65535))];
}
