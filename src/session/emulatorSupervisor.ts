// "Connect to a local emulator": runs the bundled qbo emulator (dist/emulator.js) as a child
// process on a free loopback port, with a fresh account whose cli.json is written to the
// extension's storage. It lives as long as the extension host.
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Logger } from './session';
import { nodeChildProcess } from '../qbo/builtins';

const READY_LINE = /^qbo emulator listening on (wss?:\/\/\S+)/m;

export class EmulatorSupervisor {
  private child: ChildProcess | undefined;
  private running: Promise<{ url: string; cliJson: string }> | undefined;

  constructor(
    private readonly extensionPath: string,
    private readonly storagePath: string,
    private readonly logger: Logger,
  ) {}

  get isRunning(): boolean {
    return this.child !== undefined && this.child.exitCode === null;
  }

  /** Starts the emulator once; resolves with its URL and the path of its cli.json. */
  start(): Promise<{ url: string; cliJson: string }> {
    if (this.running && this.isRunning) return this.running;
    this.running = this.spawn();
    this.running.catch(() => (this.running = undefined));
    return this.running;
  }

  stop(): void {
    this.child?.kill('SIGTERM');
    this.child = undefined;
    this.running = undefined;
  }

  private async spawn(): Promise<{ url: string; cliJson: string }> {
    await fs.mkdir(this.storagePath, { recursive: true });
    const cliJson = path.join(this.storagePath, 'emulator-cli.json');
    const script = path.join(this.extensionPath, 'dist', 'emulator.js');
    const child = nodeChildProcess().spawn(process.execPath, [script, '--port', '0', '--speed', '1', '--write-cli-json', cliJson], {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => this.logger.warn(`emulator: ${chunk.trim()}`));
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      this.logger.info(`local emulator exited (${signal ?? code})`);
    });
    const url = await new Promise<string>((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(() => reject(new Error('the local emulator did not start within 20 s')), 20_000);
      child.stdout?.setEncoding('utf8');
      child.stdout?.on('data', (chunk: string) => {
        seen += chunk;
        const match = READY_LINE.exec(seen);
        if (match) {
          clearTimeout(timer);
          resolve(match[1] as string);
        }
      });
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the local emulator exited with code ${code ?? 'unknown'} before it was ready`));
      });
    });
    this.logger.info(`local emulator listening on ${url}`);
    return { url, cliJson };
  }
}
