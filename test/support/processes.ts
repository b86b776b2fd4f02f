// Starting the real processes the end-to-end tests need: the emulator (dist/emulator.js) and
// code-server (a real VS Code), each on a free loopback port, and stopping them for sure.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const CODE_SERVER_ENTRY = path.join(ROOT, '.cache', 'code-server', 'package', 'out', 'node', 'entry.js');

/** Whether a process of this id exists (signal 0 checks without signalling). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs: number,
  what: string,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export interface EmulatorProcess {
  url: string;
  port: number;
  cliJson: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `node dist/emulator.js` with the given flags and a fresh account written to cliJson. */
export async function startEmulatorProcess(flags: string[], dir: string): Promise<EmulatorProcess> {
  const cliJson = path.join(dir, 'cli.json');
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'emulator.js'), '--port', '0', '--write-cli-json', cliJson, ...flags], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`emulator did not start: ${stderr}`)), 15_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /qbo emulator listening on (wss?:\/\/\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited with ${code}: ${stderr}`));
    });
  });
  return {
    url,
    port: Number(new URL(url).port),
    cliJson,
    process: child,
    stop: () => stopProcess(child),
  };
}

export function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      if (child.pid && child.spawnargs.length > 0) child.kill(signal);
    } catch {
      resolve();
    }
  });
}

export interface CodeServer {
  url: string;
  host: string;
  userDataDir: string;
  logFile: string;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  workspace: string;
  settings?: Record<string, unknown>;
  env?: Record<string, string>;
  /** Where code-server's log goes. */
  logFile: string;
  /** Installed extensions to load (default: a fresh, empty folder). */
  extensionsDir?: string;
}

/** Starts code-server (installed by scripts/ensure-test-deps.js) with fresh user data. */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  if (!fs.existsSync(CODE_SERVER_ENTRY)) throw new Error(`${CODE_SERVER_ENTRY} is missing: run node scripts/ensure-test-deps.js`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qbo-code-server-'));
  const userDataDir = path.join(tmp, 'user-data');
  const extensionsDir = options.extensionsDir ?? path.join(tmp, 'extensions');
  const xdg = path.join(tmp, 'xdg');
  for (const dir of [userDataDir, extensionsDir, xdg, path.join(userDataDir, 'User')]) fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'update.mode': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'git.openRepositoryInParentFolders': 'never',
        ...options.settings,
      },
      null,
      2,
    ),
  );
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const log = fs.createWriteStream(options.logFile);
  const child = spawn(
    process.execPath,
    [
      CODE_SERVER_ENTRY,
      '--auth',
      'none',
      '--bind-addr',
      host,
      '--extensions-dir',
      extensionsDir,
      '--user-data-dir',
      userDataDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      options.workspace,
    ],
    {
      env: { ...process.env, XDG_CONFIG_HOME: xdg, XDG_DATA_HOME: xdg, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  await waitFor(
    () =>
      new Promise<boolean>((resolve) => {
        http
          .get(`http://${host}/healthz`, (response) => {
            response.resume();
            resolve(response.statusCode === 200);
          })
          .on('error', () => resolve(false));
      }),
    60_000,
    'code-server /healthz',
  );
  return {
    url: `http://${host}/`,
    host,
    userDataDir,
    logFile: options.logFile,
    stop: async () => {
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => {
          try {
            if (child.pid) process.kill(-child.pid, 'SIGKILL');
          } catch {
            // already gone
          }
          resolve();
        }, 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        try {
          if (child.pid) process.kill(-child.pid, 'SIGTERM');
        } catch {
          resolve();
        }
      });
      log.end();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** The workbench URL that loads this repository as a development extension (and optionally a test module). */
export function workbenchUrl(server: CodeServer, workspace: string, testsPath?: string): string {
  const remote = (file: string): string => `vscode-remote://${server.host}${file}`;
  const payload: [string, string][] = [['extensionDevelopmentPath', remote(ROOT)]];
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  return `${server.url}?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
export const CHROMIUM_PATH = process.env.CHROMIUM ?? '/usr/bin/chromium';
