// Typed access to the extension's settings (contributes.configuration in package.json).
import * as vscode from 'vscode';
import { DEFAULT_NODE_SHELL_IMAGE } from './kube/kubectl';
import { NumericSettingReader } from './settingRanges';

export interface QboSettings {
  requestTimeoutMs: number;
  revealOutputOnError: boolean;
  confirmDelete: boolean;
  confirmBulkActions: boolean;
  /** A stop or delete of a cluster another client acted on within this many minutes asks first (0: never). */
  recentActivityMinutes: number;
  defaultNodeCount: number;
  defaultImage: string;
}

/**
 * A setting as the user set it in their own (global) settings, ignoring workspace and folder
 * values. Used for everything that decides where credentials go or whether a destructive action
 * asks first: those are `application`-scoped in the manifest, and this keeps them safe even in a
 * VS Code that would honour a workspace value anyway (docs/SECURITY.md, "Trust boundary").
 */
export function userSetting<T>(key: string, fallback: T): T {
  const inspected = vscode.workspace.getConfiguration('qbo').inspect<T>(key);
  const value = inspected?.globalValue ?? inspected?.defaultValue;
  return value === undefined ? fallback : value;
}

/** Numeric settings, type- and range-checked (src/settingRanges.ts); an unusable value is logged once. */
const numbers = new NumericSettingReader();

export function reportSettingProblemsTo(report: (message: string) => void): void {
  numbers.reportTo(report);
}

function stringSetting(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function readSettings(): QboSettings {
  const config = vscode.workspace.getConfiguration('qbo');
  return {
    requestTimeoutMs: numbers.read('requestTimeoutSeconds', config.get<unknown>('requestTimeoutSeconds')) * 1000,
    // A workspace may set these too: anything but a boolean (or a string) is the default.
    revealOutputOnError: config.get<unknown>('revealOutputOnError') === true,
    confirmDelete: userSetting<boolean>('confirm.delete', true) !== false,
    confirmBulkActions: userSetting<boolean>('confirm.bulkActions', true) !== false,
    recentActivityMinutes: numbers.read('confirm.recentActivityMinutes', userSetting<unknown>('confirm.recentActivityMinutes', undefined)),
    defaultNodeCount: numbers.read('addCluster.defaultNodeCount', config.get<unknown>('addCluster.defaultNodeCount')),
    defaultImage: stringSetting(config.get<unknown>('addCluster.defaultImage')),
  };
}

/**
 * The image of Open Shell on Node's debugging pod. It runs with the node's file system mounted, so
 * only the user's own setting counts (a workspace must not choose it), like the trust settings above.
 */
export function nodeShellImage(): string {
  const image = userSetting<string>('nodeShell.image', DEFAULT_NODE_SHELL_IMAGE);
  return typeof image === 'string' && image.trim() !== '' ? image.trim() : DEFAULT_NODE_SHELL_IMAGE;
}

/** `qbo.tasks.timeoutSeconds` in milliseconds: how long a qbo task (and the API's waitForCluster by default) waits in all. */
export function taskTimeoutMs(): number {
  return numbers.read('tasks.timeoutSeconds', vscode.workspace.getConfiguration('qbo').get<unknown>('tasks.timeoutSeconds')) * 1000;
}
