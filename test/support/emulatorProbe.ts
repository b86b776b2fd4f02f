// An independent client of the emulator (its own socket, same account): what the server really
// holds, not what the tree says. Used by the integration and UI suites.
import { QboClient } from '../../src/qbo/client';
import { byNames, clientsCommand, getCommand, type QboCommand } from '../../src/qbo/commands';
import { QboConnection } from '../../src/qbo/connection';
import { buildCookie, type QboCredentials } from '../../src/qbo/credentials';
import { waitForValue } from './wait';

/** How the probe names itself to the emulator (other clients see it in `clients` and `input`). */
export const PROBE_AGENT = 'qbo-test-probe';

export class EmulatorProbe {
  private readonly connection: QboConnection;
  private readonly client: QboClient;
  /** `agent`: how it names itself, for a test where it plays another client (say, the qbo CLI). */
  constructor(creds: QboCredentials, agent = PROBE_AGENT) {
    this.connection = new QboConnection({ host: creds.host, port: creds.port, cookie: () => buildCookie(creds), userAgent: agent });
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
  /** Runs a command as this client (another client of the same user, as far as the extension sees). */
  async run(command: QboCommand): Promise<void> {
    await this.client.send(command).done;
  }
  /** The clients of the account's mirror, as the server lists them now (`get clients`), this probe included. */
  async clients(): Promise<Record<string, unknown>[]> {
    const result = await this.client.send(clientsCommand()).done;
    return result.data.flatMap((message) =>
      message.payloads.filter((payload) => payload.key === 'clients').flatMap((payload) => payload.items as Record<string, unknown>[]),
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
