// 4. Memory: heap used (after GC) by a client holding the large world, in a child process of its
// own started with --expose-gc, against the benchmark's emulator; beside its heap before loading.
import { fork } from 'node:child_process';
import * as path from 'node:path';
import type { QboCredentials } from '../src/qbo/credentials';
import type { MemoryResult } from './memoryChild';

export function measureMemory(credentials: QboCredentials, timeoutMs = 60_000): Promise<MemoryResult> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, 'memoryChild.js'), [], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let settled = false;
    const finish = (error: Error | undefined, result?: MemoryResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) {
        if (child.exitCode === null) child.kill('SIGKILL');
        reject(error);
      } else resolve(result as MemoryResult);
    };
    const timer = setTimeout(() => finish(new Error(`memory: no answer within ${timeoutMs} ms`)), timeoutMs);
    child.on('message', (reply: { ok: true; result: MemoryResult } | { ok: false; error: string }) => {
      if (reply.ok) finish(undefined, reply.result);
      else finish(new Error(`memory: ${reply.error}`));
    });
    child.on('exit', (code) => finish(new Error(`memory: child exited (${code}) without an answer`)));
    child.on('error', (error) => finish(error));
    child.send({ credentials, readyTimeoutMs: timeoutMs });
  });
}
