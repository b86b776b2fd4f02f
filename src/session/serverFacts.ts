// What a session learns about the server besides the inventory: the clients attached to the
// user's mirror (the `clients` messages, docs/PROTOCOL.md §8), the `version` reply (asked once
// per connection, in the background) and the account's e-mail as the server names it in every
// envelope. No VS Code API here.
import type { QboClient } from '../qbo/client';
import { clientsCommand, versionCommand } from '../qbo/commands';
import { Emitter, type Disposable } from '../qbo/events';
import type { Client, ServerMessage, VersionEntry } from '../qbo/messages';

/** How long the background `version` request may stay silent. */
const VERSION_TIMEOUT_MS = 30_000;

export class ServerFacts implements Disposable {
  private clientList: Client[] | undefined;
  private versionEntries: VersionEntry[] | undefined;
  private serverUser: string | undefined;
  /** `get clients` requests in flight: their replies add up (a long list may come in batches). */
  private readonly collecting = new Map<string, Client[]>();
  private readonly changeEmitter = new Emitter<void>();
  /** Fires when the clients, the version or the user change. */
  readonly onDidChange = this.changeEmitter.event;
  private readonly subscriptions: Disposable[];

  constructor(
    private readonly client: QboClient,
    private readonly trace: (message: string) => void = () => undefined,
  ) {
    this.subscriptions = [
      client.onMessage((message) => this.onMessage(message)),
      client.connection.onState((state) => {
        if (state.kind === 'open') void this.fetchVersion();
        else if (this.clientList !== undefined) {
          // What another connection was told no longer holds once ours is gone.
          this.clientList = undefined;
          this.changeEmitter.fire();
        }
      }),
    ];
  }

  /** The clients of the last `clients` message of this connection; undefined before one came. */
  get clients(): readonly Client[] | undefined {
    return this.clientList;
  }

  /** The `version` reply of this connection (free-form entries). */
  get version(): readonly VersionEntry[] | undefined {
    return this.versionEntries;
  }

  /** The account's e-mail as the server writes it in its envelopes (`user`). */
  get user(): string | undefined {
    return this.serverUser;
  }

  /** Asks the server for the user's clients (`get clients`); the answer becomes the current list. */
  async fetchClients(timeoutMs?: number): Promise<readonly Client[]> {
    const collected: Client[] = [];
    const request = this.client.send(clientsCommand(), {
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      beforeSend: (uuid) => this.collecting.set(uuid, collected),
    });
    try {
      await request.done;
    } finally {
      this.collecting.delete(request.uuid);
    }
    this.clientList = collected;
    this.changeEmitter.fire();
    return collected;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changeEmitter.dispose();
  }

  private onMessage(message: ServerMessage): void {
    let changed = false;
    const user = message.envelope.user;
    if (user && user !== this.serverUser) {
      this.serverUser = user;
      changed = true;
    }
    const collecting = message.envelope.uuid !== undefined ? this.collecting.get(message.envelope.uuid) : undefined;
    for (const payload of message.payloads) {
      if (payload.key === 'clients' && collecting) collecting.push(...payload.items);
      else if (payload.key === 'clients') {
        // A pushed `clients` message lists every client of the user: it replaces the list.
        this.clientList = payload.items;
        changed = true;
      } else if (payload.key === 'version') {
        // Taken from the message itself, whether a server ends the reply with CMD_DONE or not.
        this.versionEntries = payload.items;
        changed = true;
      }
    }
    if (changed) this.changeEmitter.fire();
  }

  private async fetchVersion(): Promise<void> {
    try {
      await this.client.send(versionCommand(), { timeoutMs: VERSION_TIMEOUT_MS }).done;
    } catch (error) {
      // Not every server answers `version`; nothing depends on it.
      this.trace(`version: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
