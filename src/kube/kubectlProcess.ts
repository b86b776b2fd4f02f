// kubectl as a child process the extension owns: started without a shell (an argument array),
// with the cluster's temporary kubeconfig in KUBECONFIG, optional text on standard input, its
// output line by line as it comes, its exit code, and a way to stop it. The manifest actions run
// it to the end; a port forward keeps it running until stopped. No `vscode`: tested in plain Node.
import type { ChildProcess } from 'node:child_process';
import { nodeChildProcess } from '../qbo/builtins';

export interface KubectlExit {
  /** The exit code; null when kubectl was killed or never started. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Standard output went past `maxOutputChars`: kubectl was stopped and `stdout` is cut. */
  truncated: boolean;
  /** Why kubectl could not be started (ENOENT, EACCES, …), when it could not. */
  startError?: string;
}

export interface KubectlRunOptions {
  /** The kubectl executable (findKubectl: the Kubernetes extension's setting, else PATH). */
  kubectl: string;
  args: readonly string[];
  /** The temporary kubeconfig file, handed over as KUBECONFIG. */
  kubeconfig: string;
  /** Written to standard input, then closed (the manifest of `-f -`). Standard input is closed at once without it. */
  stdin?: string;
  /** The environment to start from (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Each line kubectl prints, as it prints it. */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Past this many characters of standard output kubectl is stopped (default 32 Mi). */
  maxOutputChars?: number;
}

export interface RunningKubectl {
  readonly pid: number | undefined;
  /** Settles once kubectl has exited (never rejects). */
  readonly exited: Promise<KubectlExit>;
  /** Asks kubectl to stop (SIGTERM, then SIGKILL after `graceMs`); resolves when it has exited. */
  stop(graceMs?: number): Promise<KubectlExit>;
}

/**
 * kubectl's environment: the user's, with KUBECONFIG naming the temporary file. The user's
 * KUBECTL_EXTERNAL_DIFF is dropped, so `kubectl diff` runs its default `diff -u -N` (from PATH)
 * and never a program another setting chose (a GUI diff tool, or anything else).
 */
export function kubectlEnvironment(base: NodeJS.ProcessEnv, kubeconfig: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, KUBECONFIG: kubeconfig };
  delete env.KUBECTL_EXTERNAL_DIFF;
  return env;
}

const DEFAULT_MAX_OUTPUT = 32 * 1024 * 1024;

/** Splits a stream into lines (LF or CRLF), calling `emit` for each complete one and for the rest at the end. */
function lineSplitter(emit: (line: string) => void): { push(chunk: string): void; end(): void } {
  let rest = '';
  return {
    push(chunk) {
      const text = rest + chunk;
      const lines = text.split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) emit(line.replace(/\r$/, ''));
    },
    end() {
      if (rest !== '') emit(rest.replace(/\r$/, ''));
      rest = '';
    },
  };
}

export function startKubectl(options: KubectlRunOptions): RunningKubectl {
  const maxOutput = options.maxOutputChars ?? DEFAULT_MAX_OUTPUT;
  let stdout = '';
  let stderr = '';
  let truncated = false;
  let child: ChildProcess;
  let settle: (exit: KubectlExit) => void = () => undefined;
  const exited = new Promise<KubectlExit>((resolve) => (settle = resolve));
  let done = false;
  const finish = (exit: Omit<KubectlExit, 'stdout' | 'stderr' | 'truncated'>): void => {
    if (done) return;
    done = true;
    settle({ ...exit, stdout, stderr, truncated });
  };
  try {
    child = nodeChildProcess().spawn(options.kubectl, [...options.args], {
      env: kubectlEnvironment(options.env ?? process.env, options.kubeconfig),
      stdio: ['pipe', 'pipe', 'pipe'],
      shell: false,
      windowsHide: true,
    });
  } catch (error) {
    finish({ code: null, signal: null, startError: error instanceof Error ? error.message : String(error) });
    return { pid: undefined, exited, stop: () => exited };
  }
  const outLines = lineSplitter((line) => options.onLine?.(line, 'stdout'));
  const errLines = lineSplitter((line) => options.onLine?.(line, 'stderr'));
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stdout?.on('data', (chunk: string) => {
    if (truncated) return;
    if (stdout.length + chunk.length > maxOutput) {
      truncated = true;
      stdout += chunk.slice(0, Math.max(0, maxOutput - stdout.length));
      child.kill('SIGKILL');
      return;
    }
    stdout += chunk;
    outLines.push(chunk);
  });
  child.stderr?.on('data', (chunk: string) => {
    // Standard error is kubectl's messages: keep the first part for the report, log every line.
    if (stderr.length < 1024 * 1024) stderr += chunk.slice(0, 1024 * 1024 - stderr.length);
    errLines.push(chunk);
  });
  // kubectl may exit before reading all of its input (a bad flag): that is its answer, not ours.
  child.stdin?.on('error', () => undefined);
  if (options.stdin !== undefined) child.stdin?.end(options.stdin, 'utf8');
  else child.stdin?.end();
  child.once('error', (error) => finish({ code: null, signal: null, startError: error.message }));
  child.once('close', (code, signal) => {
    outLines.end();
    errLines.end();
    finish({ code, signal });
  });
  const stop = (graceMs = 3000): Promise<KubectlExit> => {
    if (!done) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        if (!done) child.kill('SIGKILL');
      }, graceMs);
      void exited.then(() => clearTimeout(timer));
    }
    return exited;
  };
  return { pid: child.pid, exited, stop };
}

/** Runs kubectl to its end; `signal` stops it early (the result then has no exit code). */
export async function runKubectl(options: KubectlRunOptions, signal?: AbortSignal): Promise<KubectlExit> {
  const running = startKubectl(options);
  const abort = (): void => void running.stop();
  if (signal?.aborted) abort();
  signal?.addEventListener('abort', abort, { once: true });
  try {
    return await running.exited;
  } finally {
    signal?.removeEventListener('abort', abort);
  }
}
