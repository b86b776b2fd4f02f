// The command line of `node dist/emulator.js` (a stable contract: other scripts depend on it).
// Flag errors → stderr and exit 2; ready → exactly one stdout line; SIGINT/SIGTERM → exit 0.
import * as fs from 'node:fs';
import { accountsFileSchema, createTokenAccount, type AccountEntry } from './auth';
import type { NodeStateNames, ReplyMode } from './state';
import { DEFAULT_HOST, DEFAULT_PORT, DEFAULT_USER, startEmulator, type EmulatorOptions, type RunningEmulator } from './server';
import { loadWorldFile, WorldFileError, type WorldBlueprint } from './blueprints';
import { hostileAttackList, parseHostileAttacks, type HostileAttack } from './hostile';

export const USAGE = `Usage: node dist/emulator.js [flags]

A protocol-faithful qbo WebSocket server for development and tests.

  --host H              listen address (default ${DEFAULT_HOST})
  --port N              listen port (default ${DEFAULT_PORT}; 0 picks a free port)
  --tls-cert F          PEM certificate: serve wss (needs --tls-key)
  --tls-key F           PEM private key for --tls-cert
  --accounts FILE       JSON array of {"user","qbo_aux","jwk"} service accounts and
                        {"user","token"} temporary tokens (default: a fresh dev@localhost)
  --token-account       serve a temporary token (fresh, random) for dev@localhost instead
                        of the default service account; --write-cli-json then writes
                        {"qbo_uid": TOKEN, ...}. Not with --accounts (list {user, token})
  --write-cli-json FILE write the client configuration (cli.json) of the first service
                        account, with this emulator's host and port (mode 0600)
  --world W             small (default), large, huge (10 × large), or a world JSON file
  --speed F             multiplies simulated durations: 0 instant, 1 realistic (default)
  --latency-ms N        delay every outgoing message by N ms
  --drop-after N        close each connection after it has been sent N messages
  --garbage-every N     send a malformed (non-JSON) frame after every N messages
  --batch N             objects per data message (default 100)
  --replies M           lifecycle (default): 202, 201, data, CMD_DONE for every command;
                        single: exactly one reply per command (the data of a get, the
                        final 200 of start/stop/add/delete, or one 4xx), as the vendor's
                        API page shows
  --deleted-pushes S    on (default): a deleted object is pushed once with state
                        "deleted"; off: never sent, it just vanishes from listings
  --node-states N       classic (default): nodes are running / stopped; observed: a
                        running node is sent as "ready", a stopped one as "exited"
  --hostile ATTACKS     play a hostile server: a comma-separated list of attacks, each
                        NAME (every cluster) or NAME@CLUSTER (that cluster only):
${hostileAttackList('                        ')}
  --hostile-marker FILE the file the programs of exec and auth-provider attacks would
                        create (default qbo-hostile-marker in the OS temp folder)
  --verbose             log connections and refusals to stderr
  --help                show this help
`;

export class FlagError extends Error {
  override readonly name = 'FlagError';
}

export interface CliFlags {
  help: boolean;
  verbose: boolean;
  tokenAccount: boolean;
  host: string;
  port: number;
  tlsCert?: string;
  tlsKey?: string;
  accountsFile?: string;
  writeCliJson?: string;
  world: string;
  speed: number;
  latencyMs: number;
  dropAfter: number;
  garbageEvery: number;
  batch: number;
  replies: ReplyMode;
  deletedPushes: boolean;
  nodeStates: NodeStateNames;
  hostile: HostileAttack[];
  hostileMarker?: string;
}

const VALUE_FLAGS = new Set([
  '--host',
  '--port',
  '--tls-cert',
  '--tls-key',
  '--accounts',
  '--write-cli-json',
  '--world',
  '--speed',
  '--latency-ms',
  '--drop-after',
  '--garbage-every',
  '--batch',
  '--replies',
  '--deleted-pushes',
  '--node-states',
  '--hostile',
  '--hostile-marker',
]);

function wholeNumber(flag: string, value: string, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d+$/.test(value) || Number(value) > max)
    throw new FlagError(`${flag} needs a whole number${max < Number.MAX_SAFE_INTEGER ? ` up to ${max}` : ''}, got "${value}"`);
  return Number(value);
}

/** Parses argv (without node and script). Throws FlagError with a readable reason. */
export function parseFlags(argv: readonly string[]): CliFlags {
  const flags: CliFlags = {
    help: false,
    verbose: false,
    tokenAccount: false,
    host: DEFAULT_HOST,
    port: DEFAULT_PORT,
    world: 'small',
    speed: 1,
    latencyMs: 0,
    dropAfter: 0,
    garbageEvery: 0,
    batch: 100,
    replies: 'lifecycle',
    deletedPushes: true,
    nodeStates: 'classic',
    hostile: [],
  };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (flag === '--help' || flag === '-h') {
      flags.help = true;
      continue;
    }
    if (flag === '--verbose') {
      flags.verbose = true;
      continue;
    }
    if (flag === '--token-account') {
      flags.tokenAccount = true;
      continue;
    }
    if (!VALUE_FLAGS.has(flag)) throw new FlagError(`unknown flag "${arg.slice(0, 60)}" (see --help)`);
    if (seen.has(flag)) throw new FlagError(`${flag} given twice`);
    seen.add(flag);
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined || value === '') throw new FlagError(`${flag} needs a value`);
    switch (flag) {
      case '--host':
        flags.host = value;
        break;
      case '--port':
        flags.port = wholeNumber(flag, value, 65535);
        break;
      case '--tls-cert':
        flags.tlsCert = value;
        break;
      case '--tls-key':
        flags.tlsKey = value;
        break;
      case '--accounts':
        flags.accountsFile = value;
        break;
      case '--write-cli-json':
        flags.writeCliJson = value;
        break;
      case '--world':
        flags.world = value;
        break;
      case '--speed': {
        const speed = Number(value);
        if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(speed)) throw new FlagError(`--speed needs a number ≥ 0, got "${value}"`);
        flags.speed = speed;
        break;
      }
      case '--latency-ms':
        flags.latencyMs = wholeNumber(flag, value);
        break;
      case '--drop-after':
        flags.dropAfter = wholeNumber(flag, value);
        break;
      case '--garbage-every':
        flags.garbageEvery = wholeNumber(flag, value);
        break;
      case '--batch':
        flags.batch = wholeNumber(flag, value);
        if (flags.batch < 1) throw new FlagError('--batch needs a whole number ≥ 1');
        break;
      case '--replies':
        if (value !== 'lifecycle' && value !== 'single')
          throw new FlagError(`--replies needs lifecycle or single, got "${value.slice(0, 40)}"`);
        flags.replies = value;
        break;
      case '--deleted-pushes':
        if (value !== 'on' && value !== 'off') throw new FlagError(`--deleted-pushes needs on or off, got "${value.slice(0, 40)}"`);
        flags.deletedPushes = value === 'on';
        break;
      case '--node-states':
        if (value !== 'classic' && value !== 'observed')
          throw new FlagError(`--node-states needs classic or observed, got "${value.slice(0, 40)}"`);
        flags.nodeStates = value;
        break;
      case '--hostile':
        try {
          flags.hostile = parseHostileAttacks(value);
        } catch (error) {
          throw new FlagError(`--hostile: ${error instanceof Error ? error.message : String(error)}`);
        }
        break;
      case '--hostile-marker':
        flags.hostileMarker = value;
        break;
    }
  }
  if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined)) throw new FlagError('--tls-cert and --tls-key go together');
  if (flags.hostileMarker !== undefined && flags.hostile.length === 0) throw new FlagError('--hostile-marker goes with --hostile');
  if (flags.tokenAccount && flags.accountsFile !== undefined)
    throw new FlagError('--token-account replaces the default account; with --accounts, list a {"user", "token"} entry instead');
  return flags;
}

function readFileFor(flag: string, file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new FlagError(`${flag}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
}

export function readAccountsFile(file: string): AccountEntry[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileFor('--accounts', file));
  } catch (error) {
    if (error instanceof FlagError) throw error;
    throw new FlagError(`--accounts: ${file} is not valid JSON`);
  }
  const parsed = accountsFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // Only the path is named: the values are secrets.
    throw new FlagError(
      `--accounts: ${file}: entry ${issue?.path.join('.') || '(root)'} is not a service account {user, qbo_aux, jwk} or a token {user, token}`,
    );
  }
  if (parsed.data.length === 0) throw new FlagError(`--accounts: ${file} lists no account`);
  return parsed.data;
}

/** Turns flags into emulator options, reading the files they name. Throws FlagError. */
export function optionsFromFlags(flags: CliFlags): EmulatorOptions {
  let world: 'small' | 'large' | 'huge' | WorldBlueprint;
  if (flags.world === 'small' || flags.world === 'large' || flags.world === 'huge') world = flags.world;
  else {
    try {
      world = loadWorldFile(flags.world);
    } catch (error) {
      if (error instanceof WorldFileError) throw new FlagError(`--world: ${error.message}`);
      throw error;
    }
  }
  return {
    host: flags.host,
    port: flags.port,
    world,
    speed: flags.speed,
    latencyMs: flags.latencyMs,
    dropAfter: flags.dropAfter,
    garbageEvery: flags.garbageEvery,
    batchSize: flags.batch,
    replies: flags.replies,
    deletedPushes: flags.deletedPushes,
    nodeStates: flags.nodeStates,
    ...(flags.hostile.length > 0
      ? { hostile: { attacks: flags.hostile, ...(flags.hostileMarker !== undefined ? { marker: flags.hostileMarker } : {}) } }
      : {}),
    ...(flags.accountsFile ? { accounts: readAccountsFile(flags.accountsFile) } : {}),
    ...(flags.tokenAccount ? { accounts: [createTokenAccount(DEFAULT_USER)] } : {}),
    ...(flags.tlsCert && flags.tlsKey
      ? { tls: { cert: readFileFor('--tls-cert', flags.tlsCert), key: readFileFor('--tls-key', flags.tlsKey) } }
      : {}),
  };
}

/** Writes the cli.json readable by its owner only (it holds the account's aux). */
export function writeCliJsonFile(file: string, emulator: RunningEmulator): void {
  fs.writeFileSync(file, `${JSON.stringify(emulator.clientConfig(), null, 2)}\n`, { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

/** Runs the CLI; resolves with the exit code once the emulator stops (or fails to start). */
export async function runCli(argv: readonly string[]): Promise<number> {
  let options: EmulatorOptions;
  let flags: CliFlags;
  try {
    flags = parseFlags(argv);
    if (flags.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    options = optionsFromFlags(flags);
  } catch (error) {
    if (error instanceof FlagError) {
      process.stderr.write(`qbo emulator: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (flags.verbose) options.log = (line) => process.stderr.write(`qbo emulator: ${line}\n`);
  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator(options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    process.stderr.write(
      `qbo emulator: cannot listen on ${flags.host}:${flags.port}${code ? ` (${code})` : ''}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
  if (flags.writeCliJson) {
    try {
      writeCliJsonFile(flags.writeCliJson, emulator);
    } catch (error) {
      process.stderr.write(`qbo emulator: cannot write ${flags.writeCliJson} (${(error as NodeJS.ErrnoException).code ?? 'error'})\n`);
      await emulator.close();
      return 1;
    }
  }
  process.stdout.write(`qbo emulator listening on ${emulator.url}\n`);
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      emulator.close().then(
        () => resolve(0),
        () => resolve(1),
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
