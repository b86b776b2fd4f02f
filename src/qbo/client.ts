// Requests over a QboConnection (docs/PROTOCOL.md §3–4, §8): one frame per command, correlated by a
// fresh uuid. A command whose first reply is `202 Accepted` (or `201`) is followed through
// started → data → CMD_DONE; any other first reply is the whole answer (single-reply servers).
// A code ≥ 400 always ends it. A command in flight when the link drops is failed, never re-sent.
import { renderCommand, type QboCommand } from './commands';
import type { QboConnection } from './connection';
import { Emitter, type Disposable } from './events';
import { outputMessages, type OutputLine, type ServerMessage } from './messages';
import { nodeCrypto } from './builtins';

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

/** The server sent more for one command than a client keeps (MAX_REPLY_ELEMENTS): it is not waited for any longer. */
export class ReplyTooLargeError extends Error {
  override readonly name = 'ReplyTooLargeError';
  constructor(
    readonly commandLine: string,
    readonly limit: number,
  ) {
    super(
      `qbo ${commandLine}: the server sent more than ${limit.toLocaleString('en-US')} items for this command; stopped reading its reply`,
    );
  }
}

/**
 * The most elements (objects and output lines) one command's reply may carry: as many as the
 * inventory holds (MAX_INVENTORY_OBJECTS). A reply that never ends would otherwise grow without bound.
 */
export const MAX_REPLY_ELEMENTS = 1_000_000;

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
  /** The command's wire text, as sent. */
  readonly line: string;
  readonly done: Promise<CommandResult>;
}

interface Pending {
  uuid: string;
  line: string;
  commandId: string | undefined;
  /** Replies seen so far; the first one decides how the command ends. */
  replies: number;
  /** The first reply was `202 Accepted` or `201 Created`: the command ends at CMD_DONE or an error. */
  lifecycle: boolean;
  data: ServerMessage[];
  output: string[];
  outputItems: OutputLine[];
  /** Elements of every payload of the replies so far (bounded by maxReplyElements). */
  elements: number;
  timeoutMs: number;
  timer: NodeJS.Timeout | undefined;
  onProgress: ((progress: RequestProgress) => void) | undefined;
  resolve: (result: CommandResult) => void;
  reject: (error: Error) => void;
}

export interface ClientOptions {
  requestTimeoutMs?: number;
  /** Default MAX_REPLY_ELEMENTS. */
  maxReplyElements?: number;
  uuid?: () => string;
}

/**
 * Whether `message` ends the command it answers (docs/DECISIONS.md, "When a command ends"): an
 * error code always does; after a `202`/`201` first reply only `CMD_DONE` does; otherwise the
 * first reply is the whole answer.
 */
export function endsCommand(message: ServerMessage, firstReply: boolean, lifecycle: boolean): boolean {
  const code = message.envelope.code ?? 200;
  if (code >= 400 || message.final) return true;
  if (firstReply) return !isLifecycleOpener(code);
  return !lifecycle;
}

/** `202 Accepted` and `201 Created` only open a command that more messages will follow. */
function isLifecycleOpener(code: number): boolean {
  return code === 202 || code === 201;
}

/** An `input` message logs another client's command line (docs/PROTOCOL.md §8): never a reply. */
function isCommandLog(message: ServerMessage): boolean {
  return message.payloads.length > 0 && message.payloads.every((payload) => payload.key === 'input');
}

export class QboClient implements Disposable {
  private readonly pending = new Map<string, Pending>();
  /**
   * Commands waiting for an in-flight command with the same uuid to end (a uuid generator that
   * repeats, as the vendor page's examples do): replies could not be told apart otherwise.
   */
  private readonly queued = new Map<string, (() => void)[]>();
  private readonly subscriptions: Disposable[] = [];
  private disposed = false;
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

  /**
   * Sends a command. The returned promise settles when the command is done or has failed. A
   * command whose uuid is already in flight is sent once that one has ended.
   */
  send(command: QboCommand, options: SendOptions = {}): CommandRequest {
    // Rendered (and validated) once, here: the wire text of every command comes from this line.
    const line = renderCommand(command);
    const uuid = (this.options.uuid ?? (() => nodeCrypto().randomUUID()))();
    const done = new Promise<CommandResult>((resolve, reject) => {
      const launch = (): void => {
        if (this.disposed || !this.connection.isOpen) {
          reject(new DisconnectedError(line, false));
          return;
        }
        const pending: Pending = {
          uuid,
          line,
          commandId: undefined,
          replies: 0,
          lifecycle: false,
          data: [],
          output: [],
          outputItems: [],
          elements: 0,
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
          this.connection.send(JSON.stringify({ cmd: line, uuid }));
        } catch {
          this.settle(pending);
          reject(new DisconnectedError(line, false));
          return;
        }
        this.progress(pending, { phase: 'sent', output: [] });
      };
      if (this.pending.has(uuid)) {
        const waiting = this.queued.get(uuid) ?? [];
        waiting.push(launch);
        this.queued.set(uuid, waiting);
      } else launch();
    });
    return { uuid, line, done };
  }

  dispose(): void {
    this.disposed = true;
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
    if (this.pending.get(pending.uuid) !== pending) return;
    this.pending.delete(pending.uuid);
    const waiting = this.queued.get(pending.uuid);
    const next = waiting?.shift();
    if (waiting && waiting.length === 0) this.queued.delete(pending.uuid);
    // Launched after the current message has been delivered, so it cannot be taken for the reply.
    if (next) queueMicrotask(next);
  }

  private progress(pending: Pending, progress: RequestProgress): void {
    try {
      pending.onProgress?.(progress);
    } catch {
      // A progress listener's failure must not break the request.
    }
  }

  private failAll(sent: boolean): void {
    // Queued commands were never sent; launching them now rejects them as not connected.
    for (const pending of [...this.pending.values()]) {
      this.settle(pending);
      pending.reject(new DisconnectedError(pending.line, sent));
    }
  }

  private handle(message: ServerMessage): void {
    const uuid = message.envelope.uuid;
    const pending = uuid !== undefined && !isCommandLog(message) ? this.pending.get(uuid) : undefined;
    const ended = pending !== undefined && this.track(pending, message);
    // The message that ends a command is marked final, whatever the server's dialect, so the
    // inventory sweeps a listing answered in one message as it does one ended by CMD_DONE.
    this.messageEmitter.fire(ended && !message.final ? { ...message, final: true } : message);
  }

  /** Records a reply; returns true when it ended the command. */
  private track(pending: Pending, message: ServerMessage): boolean {
    const { envelope } = message;
    // The same uuid with another command id is not this command (a repeating uuid generator).
    if (pending.commandId !== undefined && envelope.command_id !== undefined && envelope.command_id !== pending.commandId) return false;
    pending.commandId ??= envelope.command_id;
    const code = envelope.code ?? 200;
    const first = pending.replies === 0;
    pending.replies++;
    for (const payload of message.payloads) pending.elements += payload.items.length;
    const limit = this.options.maxReplyElements ?? MAX_REPLY_ELEMENTS;
    if (pending.elements > limit) {
      // Not "ended": the message is no command's last, so a listing cut short sweeps nothing.
      this.settle(pending);
      pending.reject(new ReplyTooLargeError(pending.line, limit));
      return false;
    }
    if (first) pending.lifecycle = isLifecycleOpener(code);
    const output = outputMessages(message);
    pending.output.push(...output);
    for (const payload of message.payloads) if (payload.key === 'output') pending.outputItems.push(...payload.items);
    const hasData = message.payloads.some((payload) => payload.key !== 'output' && payload.key !== 'input');
    if (endsCommand(message, first, pending.lifecycle)) {
      if (hasData) pending.data.push(message);
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
      return true;
    }
    this.arm(pending);
    if (hasData) pending.data.push(message);
    const phase: RequestPhase = code === 202 ? 'accepted' : code === 201 ? 'started' : 'data';
    this.progress(pending, { phase, message, output });
    return false;
  }
}
