// Typed access to the extension's settings (contributes.configuration in package.json).
import * as vscode from 'vscode';

export interface QboSettings {
  requestTimeoutMs: number;
  revealOutputOnError: boolean;
  confirmDelete: boolean;
  confirmBulkActions: boolean;
  defaultNodeCount: number;
  defaultImage: string;
}

export function readSettings(): QboSettings {
  const config = vscode.workspace.getConfiguration('qbo');
  return {
    requestTimeoutMs: Math.max(1, config.get<number>('requestTimeoutSeconds', 120)) * 1000,
    revealOutputOnError: config.get<boolean>('revealOutputOnError', true),
    confirmDelete: config.get<boolean>('confirm.delete', true),
    confirmBulkActions: config.get<boolean>('confirm.bulkActions', true),
    defaultNodeCount: config.get<number>('addCluster.defaultNodeCount', 3),
    defaultImage: config.get<string>('addCluster.defaultImage', ''),
  };
}
