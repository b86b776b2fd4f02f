// 4. Memory: heap used (after GC) by a client holding the large world, in a child process of its
// own started with --expose-gc, against the benchmark's emulator; beside its heap before loading.
// The same for two profiles connected at once (the large and the small world).
import { fork, type Serializable } from 'node:child_process';
import * as path from 'node:path';
import type { QboCredentials } from '../src/qbo/credentials';
import type { MemoryResult } from './memoryChild';
import type { TwoProfilesMemoryResult } from './twoProfilesMemoryChild';

/** Runs `script` (a file of out/bench) under --expose-gc, sends it `request`, resolves with its one answer. */
function measureInChild<T>(script: string, request: Serializable, timeoutMs: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, script), [], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let settled = false;
    const finish = (error: Error | undefined, result?: T): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        if (child.exitCode === null) child.kill('SIGKILL');
        reject(error);
      } else resolve(result as T);
    };
    const timer = setTimeout(() => finish(new Error(`${what}: no answer within ${timeoutMs} ms`)), timeoutMs);
    child.on('message', (reply: { ok: true; result: T } | { ok: false; error: string }) => {
      if (reply.ok) finish(undefined, reply.result);
      else finish(new Error(`${what}: ${reply.error}`));
    });
    child.on('exit', (code) => finish(new Error(`${what}: child exited (${code}) without an answer`)));
    child.on('error', (error) => finish(error));
    child.send(request);
  });
}

export function measureMemory(credentials: QboCredentials, timeoutMs = 60_000): Promise<MemoryResult> {
  return measureInChild('memoryChild.js', { credentials, readyTimeoutMs: timeoutMs }, timeoutMs, 'memory');
}

/** The large world's profile alone, then the small world's connected beside it. */
export function measureTwoProfilesMemory(
  large: QboCredentials,
  small: QboCredentials,
  timeoutMs = 90_000,
): Promise<TwoProfilesMemoryResult> {
  return measureInChild('twoProfilesMemoryChild.js', { large, small, readyTimeoutMs: timeoutMs }, timeoutMs, 'two profiles memory');
}
