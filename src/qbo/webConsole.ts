// Where a profile's qbo web console is (docs/DECISIONS.md, "Open Web Console"): the cloud's one
// console for cloud accounts, else the API's own host and port (a Community Edition serves its
// console and API on the same port, docs/PROTOCOL.md §1).
import { nodeNet } from './builtins';
import { defaultScheme, type Scheme } from './connection';

export const CLOUD_CONSOLE_URL = 'https://console.cloud.qbo.io';

/** The cloud's domain: every account host (e.g. nemo.cloud.qbo.io) lives under it. */
const CLOUD_DOMAIN = 'qbo.io';

export function isCloudHost(host: string): boolean {
  const bare = host.trim().toLowerCase().replace(/\.$/, '');
  return bare === CLOUD_DOMAIN || bare.endsWith(`.${CLOUD_DOMAIN}`);
}

/** The web console of the profile's server; the cloud's console when there is no profile. */
export function webConsoleUrl(profile?: { host: string; port: number; scheme?: Scheme }): string {
  if (!profile || isCloudHost(profile.host)) return CLOUD_CONSOLE_URL;
  const scheme = (profile.scheme ?? defaultScheme(profile.host)) === 'wss' ? 'https' : 'http';
  const host = nodeNet().isIPv6(profile.host) ? `[${profile.host}]` : profile.host;
  return `${scheme}://${host}:${profile.port}/`;
}
