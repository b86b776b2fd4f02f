// Where checked kubeconfigs (kubeconfigPolicy.ts) reach the disk, and how: private temporary
// files for kubectl and terminals, Save As, and merging into the user's kubeconfig (backup that
// never overwrites another, then an atomic replace that keeps the file's mode). Only an
// AllowedKubeconfig is ever written. No `vscode`: tested in plain Node.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { nodeCrypto } from '../qbo/builtins';
import type { AllowedKubeconfig } from './kubeconfigPolicy';
import { mergeKubeconfig, type MergeOptions, type MergeResult } from './mergeKubeconfig';

/** Mode of a new kubeconfig, a backup and a temporary file: they hold cluster credentials. */
export const PRIVATE_MODE = 0o600;

/** The target a write goes to: a symbolic link (~/.kube/config into a dotfiles repository) is followed, not replaced. */
async function realTarget(file: string): Promise<string> {
  try {
    return await fs.realpath(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return path.resolve(file);
    throw error;
  }
}

async function existingMode(file: string): Promise<number | undefined> {
  try {
    return (await fs.stat(file)).mode & 0o777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Replaces `file` with `text` atomically: a temporary file in the same folder (created exclusively,
 * mode `mode`, else the existing file's, else 0600), flushed, then renamed over it. A reader sees
 * the old file or the new one, never a part; a failure leaves the old file and no temporary behind.
 */
export async function writeFileAtomically(file: string, text: string, mode?: number): Promise<void> {
  const target = await realTarget(file);
  const dir = path.dirname(target);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const finalMode = mode ?? (await existingMode(target)) ?? PRIVATE_MODE;
  const temporary = path.join(dir, `.${path.basename(target)}.qbo-${nodeCrypto().randomBytes(6).toString('hex')}.tmp`);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(temporary, 'wx', PRIVATE_MODE);
    await handle.writeFile(text, 'utf8');
    await handle.sync();
    await handle.close();
    handle = undefined;
    // The umask may have cut the bits open() was given: set the mode itself.
    await fs.chmod(temporary, finalMode);
    await fs.rename(temporary, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temporary, { force: true });
    throw error;
  }
}

/** The backup name for a kubeconfig about to be rewritten; `attempt` > 1 when that name is taken. */
export function backupName(file: string, now: Date, attempt = 1): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${file}.qbo-backup-${stamp}${attempt > 1 ? `-${attempt}` : ''}`;
}

/** Writes `text` to a new backup next to `file` (mode 0600), never over an existing one; returns its name. */
export async function writeBackup(file: string, text: string, now = new Date()): Promise<string> {
  for (let attempt = 1; attempt <= 1000; attempt++) {
    const name = backupName(file, now, attempt);
    try {
      await fs.writeFile(name, text, { flag: 'wx', mode: PRIVATE_MODE });
      return name;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new Error(`no free backup name next to ${file}`);
}

export interface MergeOutcome extends MergeResult {
  /** The backup of the previous file, when there was one and it changed. */
  backup: string | undefined;
}

/** The mode of a merged kubeconfig: the file's own, without group and other bits (it now holds cluster credentials); 0600 for a new one. */
export function mergedMode(existing: number | undefined): number {
  return existing === undefined ? PRIVATE_MODE : existing & 0o700;
}

/**
 * Merges a checked kubeconfig into `file` (mergeKubeconfig.ts): everything is decided before the
 * file is touched; then a backup of the previous text, then the atomic replace.
 */
export async function mergeIntoFile(file: string, kubeconfig: AllowedKubeconfig, options: MergeOptions): Promise<MergeOutcome> {
  const target = await realTarget(file);
  let existing = '';
  let existed = true;
  try {
    existing = await fs.readFile(target, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    existed = false;
  }
  const result = mergeKubeconfig(existing, kubeconfig.config, options);
  let backup: string | undefined;
  if (result.changed) {
    if (existed) backup = await writeBackup(file, existing);
    await writeFileAtomically(target, result.text, mergedMode(await existingMode(target)));
  }
  return { ...result, backup };
}

/** Save As: the checked kubeconfig, mode 0600 whatever the file had (it holds cluster credentials). */
export function saveKubeconfig(file: string, kubeconfig: AllowedKubeconfig): Promise<void> {
  return writeFileAtomically(file, kubeconfig.text, PRIVATE_MODE);
}

export interface TemporaryKubeconfig {
  /** A fresh private folder (mode 0700), only this file in it. */
  dir: string;
  /** `dir/kubeconfig`, mode 0600. */
  file: string;
}

/** Writes a checked kubeconfig into a fresh private folder `parent/PREFIX…` (one per terminal or kubectl run). */
export async function createTemporaryKubeconfig(
  kubeconfig: AllowedKubeconfig,
  prefix: string,
  parent = os.tmpdir(),
): Promise<TemporaryKubeconfig> {
  const dir = await fs.mkdtemp(path.join(parent, prefix));
  const file = path.join(dir, 'kubeconfig');
  try {
    await fs.writeFile(file, kubeconfig.text, { flag: 'wx', mode: PRIVATE_MODE });
    await fs.chmod(file, PRIVATE_MODE);
  } catch (error) {
    await fs.rm(dir, { recursive: true, force: true });
    throw error;
  }
  return { dir, file };
}

/** The file name Save As suggests for a cluster's kubeconfig: `qbo-NAME.yaml`, plain characters only, never a path. */
export function suggestedKubeconfigFileName(cluster: string): string {
  const safe = cluster
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/\.{2,}/g, '_')
    .replace(/^[.-]+/, '')
    .slice(0, 64);
  return `qbo-${safe === '' ? 'cluster' : safe}.yaml`;
}
