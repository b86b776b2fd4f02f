// Typed access to the extension's settings (contributes.configuration in package.json).
import * as vscode from 'vscode';
import { DEFAULT_RECENT_ACTIVITY_MINUTES, recentActivityMinutes } from './activity/conflict';
import { DEFAULT_NODE_SHELL_IMAGE } from './kube/kubectl';

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

export function readSettings(): QboSettings {
  const config = vscode.workspace.getConfiguration('qbo');
  return {
    requestTimeoutMs: Math.max(1, config.get<number>('requestTimeoutSeconds', 120)) * 1000,
    revealOutputOnError: config.get<boolean>('revealOutputOnError', false),
    confirmDelete: userSetting<boolean>('confirm.delete', true) !== false,
    confirmBulkActions: userSetting<boolean>('confirm.bulkActions', true) !== false,
    recentActivityMinutes: recentActivityMinutes(userSetting<number>('confirm.recentActivityMinutes', DEFAULT_RECENT_ACTIVITY_MINUTES)),
    defaultNodeCount: config.get<number>('addCluster.defaultNodeCount', 3),
    defaultImage: config.get<string>('addCluster.defaultImage', ''),
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
