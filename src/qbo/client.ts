// Requests over a QboConnection (PROTOCOL.md §3–4): one frame per command, correlated by a fresh
// uuid, followed through accepted → started → data → CMD_DONE. A command in flight when the link
// drops is failed, never silently re-sent.
import { randomUUID } from 'node:crypto';
import type { CommandLine } from './commandLine';
import type { QboConnection } from './connection';
import { Emitter, type Disposable } from './events';
import { outputMessages, type OutputLine, type ServerMessage } from './messages';

export type RequestPhase = 'sent' | 'accepted' | 'started' | 'data' | 'done';

export interface RequestProgress {
  phase: RequestPhase;
  message?: ServerMessage;
  /** Output lines this message carried. */
  output: string[];
}

export interface CommandResult {
  uuid: string;
  commandId: string | undefined;
  code: number;
  /** The data messages (those with a payload other than output), in order. */
  data: ServerMessage[];
  /** Every output line of the command, in order. */
  output: string[];
  /** Every output element, with fields other than `message` (e.g. `kubeconfig`). */
  outputItems: OutputLine[];
}

/** The server finished the command with a code ≥ 400. `serverMessage` is its own reason. */
export class CommandFailedError extends Error {
  override readonly name = 'CommandFailedError';
  constructor(
    readonly commandLine: string,
    readonly code: number,
    readonly status: string,
    readonly serverMessage: string,
  ) {
    super(`qbo ${commandLine}: ${serverMessage || status} (${code})`);
  }
}

export class CommandTimeoutError extends Error {
  override readonly name = 'CommandTimeoutError';
  constructor(
    readonly commandLine: string,
    readonly timeoutMs: number,
  ) {
    // Sub-second timeouts (tests, tight settings) must not read "for 0 s".
    const waited = timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`;
    super(`qbo ${commandLine}: no answer from the server for ${waited}`);
  }
}

export class DisconnectedError extends Error {
  override readonly name = 'DisconnectedError';
  constructor(
    readonly commandLine: string,
    readonly sent: boolean,
  ) {
    super(
      sent
        ? `qbo ${commandLine}: the connection was lost before the command finished; it was not re-sent, check its effect before retrying`
        : `qbo ${commandLine}: not connected to qbo`,
    );
  }
}

export interface SendOptions {
  /** Inactivity timeout: fails when no message for this command arrives for this long. */
  timeoutMs?: number;
  onProgress?: (progress: RequestProgress) => void;
  /** Called with the uuid before the frame goes out (the inventory uses it to track listings). */
  beforeSend?: (uuid: string) => void;
}

export interface CommandRequest {
  readonly uuid: string;
  readonly done: Promise<CommandResult>;
}

interface Pending {
  uuid: string;
  line: string;
  commandId: string | undefined;
  data: ServerMessage[];
  output: string[];
  outputItems: OutputLine[];
  timeoutMs: number;
  timer: NodeJS.Timeout | undefined;
  onProgress: ((progress: RequestProgress) => void) | undefined;
  resolve: (result: CommandResult) => void;
  reject: (error: Error) => void;
}

export interface ClientOptions {
  requestTimeoutMs?: number;
  uuid?: () => string;
}

export class QboClient implements Disposable {
  private readonly pending = new Map<string, Pending>();
  private readonly subscriptions: Disposable[] = [];
  private readonly messageEmitter = new Emitter<ServerMessage>();
  /** Every valid message, replies and mirror pushes alike, after request bookkeeping. */
  readonly onMessage = this.messageEmitter.event;

  constructor(
    readonly connection: QboConnection,
    private readonly options: ClientOptions = {},
  ) {
    this.subscriptions.push(
      connection.onMessage((message) => this.handle(message)),
      connection.onState((state) => {
        if (state.kind !== 'open' && state.kind !== 'connecting') this.failAll(true);
      }),
    );
  }

  get inFlight(): number {
    return this.pending.size;
  }

  /** Sends a command. The returned promise settles when the command is done or has failed. */
  send(command: CommandLine, options: SendOptions = {}): CommandRequest {
    const uuid = (this.options.uuid ?? randomUUID)();
    const done = new Promise<CommandResult>((resolve, reject) => {
      if (!this.connection.isOpen) {
        reject(new DisconnectedError(command.line, false));
        return;
      }
      const pending: Pending = {
        uuid,
        line: command.line,
        commandId: undefined,
        data: [],
        output: [],
        outputItems: [],
        timeoutMs: options.timeoutMs ?? this.options.requestTimeoutMs ?? 60_000,
        timer: undefined,
        onProgress: options.onProgress,
        resolve,
        reject,
      };
      this.pending.set(uuid, pending);
      this.arm(pending);
      try {
        options.beforeSend?.(uuid);
        this.connection.send(JSON.stringify({ cmd: command.line, uuid }));
      } catch {
        this.settle(pending);
        reject(new DisconnectedError(command.line, false));
        return;
      }
      this.progress(pending, { phase: 'sent', output: [] });
    });
    return { uuid, done };
  }

  dispose(): void {
    this.failAll(false);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.messageEmitter.dispose();
  }

  private arm(pending: Pending): void {
    if (pending.timer) clearTimeout(pending.timer);
    pending.timer = setTimeout(() => {
      this.settle(pending);
      pending.reject(new CommandTimeoutError(pending.line, pending.timeoutMs));
    }, pending.timeoutMs);
  }

  private settle(pending: Pending): void {
    if (pending.timer) clearTimeout(pending.timer);
    pending.timer = undefined;
    this.pending.delete(pending.uuid);
  }

  private progress(pending: Pending, progress: RequestProgress): void {
    try {
      pending.onProgress?.(progress);
    } catch {
      // A progress listener's failure must not break the request.
    }
  }

  private failAll(sent: boolean): void {
    for (const pending of [...this.pending.values()]) {
      this.settle(pending);
      pending.reject(new DisconnectedError(pending.line, sent));
    }
  }

  private handle(message: ServerMessage): void {
    const uuid = message.envelope.uuid;
    const pending = uuid !== undefined ? this.pending.get(uuid) : undefined;
    if (pending) this.track(pending, message);
    this.messageEmitter.fire(message);
  }

  private track(pending: Pending, message: ServerMessage): void {
    const { envelope } = message;
    pending.commandId ??= envelope.command_id;
    const output = outputMessages(message);
    pending.output.push(...output);
    for (const payload of message.payloads) if (payload.key === 'output') pending.outputItems.push(...payload.items);
    const code = envelope.code ?? 200;
    // An error code ends the command even without CMD_DONE: nothing useful follows it.
    if (message.final || code >= 400) {
      this.settle(pending);
      this.progress(pending, { phase: 'done', message, output });
      if (code >= 400) {
        pending.reject(new CommandFailedError(pending.line, code, envelope.status ?? 'Error', output.join('; ')));
      } else {
        pending.resolve({
          uuid: pending.uuid,
          commandId: pending.commandId,
          code,
          data: pending.data,
          output: pending.output,
          outputItems: pending.outputItems,
        });
      }
      return;
    }
    this.arm(pending);
    const hasData = message.payloads.some((payload) => payload.key !== 'output' && payload.key !== 'input');
    if (hasData) pending.data.push(message);
    const phase: RequestPhase = code === 202 ? 'accepted' : code === 201 ? 'started' : 'data';
    this.progress(pending, { phase, message, output });
  }
}
