// Sessions for the system tests: a logger that keeps every line (so a test can assert what was and
// was not logged), and a QboSession with test timings (1 ms coalescing, no pings in the way).
import type { QboCredentials } from '../../src/qbo';
import { QboSession, type Logger, type SessionOptions } from '../../src/session/session';

/** Keeps every line as "level message". */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (message: string) => lines.push(`${level} ${message}`);
  return { lines, trace: push('trace'), info: push('info'), warn: push('warn'), error: push('error') };
}

export type TestSessionOptions = Partial<Omit<SessionOptions, 'profile' | 'credentials' | 'logger'>> & { name?: string };

/** A session (not started) of the credentials' account, logging into a recordingLogger; `options` override the test timings. */
export function testSession(
  credentials: QboCredentials,
  options: TestSessionOptions = {},
): { session: QboSession; logger: ReturnType<typeof recordingLogger> } {
  const { name = 'test', connection, ...rest } = options;
  const logger = recordingLogger();
  const session = new QboSession({
    profile: { name, host: credentials.host, port: credentials.port },
    credentials,
    logger,
    coalesceMs: 1,
    ...rest,
    connection: { pingIntervalMs: 60_000, ...connection },
  });
  return { session, logger };
}
