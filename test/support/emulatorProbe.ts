// An independent client of the emulator (its own socket, same account): what the server really
// holds, not what the tree says. Used by the integration and UI suites.
import { QboClient } from '../../src/qbo/client';
import { byNames, getCommand } from '../../src/qbo/commands';
import { QboConnection } from '../../src/qbo/connection';
import { buildCookie, type QboCredentials } from '../../src/qbo/credentials';
import { waitForValue } from './wait';

/** How the probe names itself to the emulator (other clients see it in `clients` and `input`). */
export const PROBE_AGENT = 'qbo-test-probe';

export class EmulatorProbe {
  private readonly connection: QboConnection;
  private readonly client: QboClient;
  constructor(creds: QboCredentials) {
    this.connection = new QboConnection({ host: creds.host, port: creds.port, cookie: () => buildCookie(creds), userAgent: PROBE_AGENT });
    this.client = new QboClient(this.connection, { requestTimeoutMs: 10_000 });
  }
  async open(): Promise<void> {
    this.connection.connect();
    await waitForValue(() => this.connection.isOpen, 'the probe connection');
  }
  async list(kind: 'clusters' | 'nodes', cluster?: string): Promise<Record<string, unknown>[]> {
    const result = await this.client.send(getCommand(kind, cluster ? byNames(cluster) : undefined)).done;
    return result.data.flatMap((message) =>
      message.payloads.filter((payload) => payload.key === kind).flatMap((payload) => payload.items as Record<string, unknown>[]),
    );
  }
  async clusterState(name: string): Promise<string | undefined> {
    return (await this.list('clusters')).find((cluster) => cluster.name === name)?.state as string | undefined;
  }
  dispose(): void {
    this.client.dispose();
    this.connection.dispose();
  }
}
