// The emulator's in-process API, for tests and benchmarks.
export { startEmulator, GARBAGE_FRAME, SUBPROTOCOL, DEFAULT_HOST, DEFAULT_PORT, DEFAULT_USER } from './server';
export type { EmulatorOptions, EmulatorState, RunningEmulator } from './server';
export type { NodeStateNames, ReplyMode } from './state';
export {
  createServiceAccount,
  createTokenAccount,
  cliJsonFor,
  publicJwkOf,
  isServiceAccount,
  Authenticator,
  parseCookieHeader,
} from './auth';
export type { AccountEntry, ServiceAccountEntry, TokenAccountEntry, PrivateJwk, CliJson } from './auth';
export {
  smallWorld,
  largeWorld,
  emptyWorld,
  worldFromFile,
  loadWorldFile,
  validateWorldFile,
  LARGE_WORLD,
  WorldFileError,
} from './blueprints';
export type { WorldBlueprint, WorldFile } from './blueprints';
export { DURATIONS } from './lifecycle';
export { EMULATOR_VERSION, EMULATOR_AGENT } from './types';
export type * from './types';
export { parseFlags, FlagError, runCli, USAGE } from './cli';
export { HOSTILE_ATTACK_NAMES, HOSTILE_LINK, HOSTILE_TEXT, OUTSIDE_USER, parseHostileAttacks, defaultMarker } from './hostile';
export type { HostileAttack, HostileAttackName, HostileOptions } from './hostile';

import { createServiceAccount, cliJsonFor, type CliJson, type ServiceAccountEntry } from './auth';

/** A test account: a service account with a fresh key, and its cli.json for a given emulator address. */
export async function makeTestAccount(
  user: string,
): Promise<{ account: ServiceAccountEntry; cliJson: (target: { host: string; port: number }) => CliJson }> {
  const account = await createServiceAccount(user);
  return { account, cliJson: (target) => cliJsonFor(account, target.host, target.port) };
}
