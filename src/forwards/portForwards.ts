// The kubectl port-forward processes behind the forward list: each forward is a child process the
// extension owns (not a terminal), so it knows when kubectl listens, when it dies (cluster stopped,
// pod gone: the entry goes, with one log line) and can stop it. Each has its own temporary
// kubeconfig folder, removed when its process ends. No `vscode`: tested in plain Node.
import * as fs from 'node:fs';
import { startKubectl, type KubectlExit, type RunningKubectl } from '../kube/kubectlProcess';
import type { Disposable } from '../qbo/events';
import type { Logger } from '../session/session';
import { ForwardList, type Forward, type NewForward } from './forwardList';
import { forwardName } from './forwardText';

/** kubectl's line once it listens: `Forwarding from 127.0.0.1:8080 -> 80`. */
const LISTENING = /^Forwarding from \S+ -> \d+/;
/** One line per connection kubectl relays: trace level, or a busy forward would flood the log. */
const CONNECTION = /^Handling connection for \d+$/;

export interface ForwardStart {
  forward: NewForward;
  kubectl: string;
  args: readonly string[];
  /** The forward's temporary kubeconfig: the file kubectl reads, in a folder of its own, removed when the process ends. */
  kubeconfig: { dir: string; file: string };
}

/** kubectl ended before it listened: its own message, for the user. */
export class ForwardEnded extends Error {
  override readonly name = 'ForwardEnded';
  constructor(
    readonly forward: Forward,
    readonly exit: KubectlExit,
  ) {
    super(exit.startError ?? (lastMeaningfulLine(exit.stderr) || `kubectl exited with code ${String(exit.code ?? exit.signal)}`));
  }
}

/** The start was cancelled (by the caller's signal) before kubectl listened. */
export class ForwardCancelled extends Error {
  override readonly name = 'ForwardCancelled';
}

function lastMeaningfulLine(text: string): string {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return lines.find((line) => /^error\b/i.test(line)) ?? lines[lines.length - 1] ?? '';
}

interface Running {
  process: RunningKubectl;
  dir: string;
  /** Set when we stop it: its end is then not news. */
  stopping: boolean;
}

export class PortForwards implements Disposable {
  private readonly running = new Map<number, Running>();

  constructor(
    readonly list: ForwardList,
    private readonly log: Logger,
    /** How long kubectl may take to listen before the start counts as failed. */
    private readonly listenTimeoutMs = 60_000,
  ) {}

  /**
   * Starts kubectl and resolves once it listens. Rejects with ForwardEnded when it exits first,
   * ForwardCancelled when `signal` fires first; the entry and the kubeconfig folder are gone then.
   * Throws ForwardPortTaken (nothing started) when the local port is forwarded already.
   */
  start(request: ForwardStart, signal?: AbortSignal): Promise<Forward> {
    const { localPort } = request.forward;
    let added: Forward;
    try {
      added = this.list.add(request.forward);
    } catch (error) {
      fs.rmSync(request.kubeconfig.dir, { recursive: true, force: true });
      throw error;
    }
    const name = forwardName(added);
    let listening = false;
    let onListening: () => void = () => undefined;
    const listened = new Promise<void>((resolve) => (onListening = resolve));
    const child = startKubectl({
      kubectl: request.kubectl,
      args: request.args,
      kubeconfig: request.kubeconfig.file,
      onLine: (line, stream) => {
        if (line.trim() === '') return;
        if (stream === 'stderr') this.log.warn(`port forward ${name}: ${line}`);
        else if (CONNECTION.test(line)) this.log.trace(`port forward ${name}: ${line}`);
        else this.log.info(`port forward ${name}: ${line}`);
        if (!listening && stream === 'stdout' && LISTENING.test(line)) {
          listening = true;
          this.list.setRunning(localPort);
          onListening();
        }
      },
    });
    const entry: Running = { process: child, dir: request.kubeconfig.dir, stopping: false };
    this.running.set(localPort, entry);
    this.list.setPid(localPort, child.pid);
    const ended = child.exited.then((exit) => {
      if (this.running.get(localPort) === entry) this.running.delete(localPort);
      fs.rmSync(entry.dir, { recursive: true, force: true });
      // Only its own row: after a stop, the port may already be forwarded again.
      if (this.list.byLocalPort(localPort)?.pid === child.pid) this.list.remove(localPort);
      // A forward that ends by itself says so once; one we stopped was logged by stop().
      if (!entry.stopping) this.log.warn(`port forward ${name} ended: ${describeExit(exit)}`);
      return exit;
    });
    return new Promise<Forward>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (listening) return;
        this.log.warn(`port forward ${name}: kubectl did not listen within ${Math.round(this.listenTimeoutMs / 1000)} s; stopping it`);
        entry.stopping = true;
        void child.stop().then((exit) => reject(new ForwardEnded(added, { ...exit, startError: 'kubectl did not start listening' })));
      }, this.listenTimeoutMs);
      const abort = (): void => {
        if (listening) return;
        entry.stopping = true;
        this.log.info(`port forward ${name}: cancelled before it started`);
        void child.stop().then(() => reject(new ForwardCancelled('cancelled')));
      };
      if (signal?.aborted) abort();
      signal?.addEventListener('abort', abort, { once: true });
      const settle = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', abort);
      };
      void listened.then(() => {
        settle();
        resolve(this.list.byLocalPort(localPort) ?? { ...added, state: 'running', pid: child.pid });
      });
      void ended.then((exit) => {
        settle();
        if (!listening && !entry.stopping) reject(new ForwardEnded(added, exit));
      });
    });
  }

  /** Stops the forward on `localPort`: ends kubectl, then its kubeconfig folder goes. False when there is none. */
  async stop(localPort: number, why = 'stopped'): Promise<boolean> {
    const entry = this.running.get(localPort);
    const forward = this.list.byLocalPort(localPort);
    if (!entry) return false;
    entry.stopping = true;
    this.log.info(`port forward ${forward ? forwardName(forward) : `localhost:${localPort}`} ${why}`);
    // Its exit handler (attached first) has removed the folder and the row when this resolves.
    await entry.process.stop();
    return true;
  }

  /** Stops every forward of profiles that are not connected any more (signed out, disconnected, switched away). */
  async stopUnless(isConnected: (profile: string) => boolean): Promise<number> {
    const gone = this.list.all().filter((forward) => !isConnected(forward.profile));
    await Promise.all(gone.map((forward) => this.stop(forward.localPort, `stopped: profile "${forward.profile}" is no longer connected`)));
    return gone.length;
  }

  /** Deactivation: every kubectl is told to stop and every kubeconfig folder removed now (a child process would outlive the host). */
  dispose(): void {
    for (const [localPort, entry] of this.running) {
      entry.stopping = true;
      void entry.process.stop(1000);
      fs.rmSync(entry.dir, { recursive: true, force: true });
      this.list.remove(localPort);
    }
    this.running.clear();
  }
}

function describeExit(exit: KubectlExit): string {
  if (exit.startError) return exit.startError;
  const said = lastMeaningfulLine(exit.stderr);
  const how = exit.code !== null ? `exit code ${exit.code}` : `signal ${exit.signal ?? '?'}`;
  return said ? `${said} (${how})` : how;
}
