// Sign in with host, port and a temporary web token (qbo get user -l | jq .cli[]?).
import * as vscode from 'vscode';
import { parseCliJson } from '../qbo/credentials';
import { Cancelled } from './support/boundary';
import { completeSignIn, parseCredentials } from './support/signIn';
import type { QboCommand } from './types';

interface TokenArgs {
  host: string;
  port: number;
  token: string;
  name?: string;
}

function isTokenArgs(value: unknown): value is TokenArgs {
  const candidate = value as Partial<TokenArgs> | undefined;
  return typeof candidate?.host === 'string' && typeof candidate.token === 'string' && typeof candidate.port === 'number';
}

async function ask(): Promise<TokenArgs> {
  const host = await vscode.window.showInputBox({
    title: vscode.l10n.t('qbo host'),
    placeHolder: 'nemo.cloud.qbo.io',
    ignoreFocusOut: true,
    validateInput: (value) =>
      /^[A-Za-z0-9.:[\]-]+$/.test(value.trim()) ? undefined : vscode.l10n.t('A host name or IP address, without scheme or path'),
  });
  if (!host) throw new Cancelled();
  const port = await vscode.window.showInputBox({
    title: vscode.l10n.t('qbo port'),
    value: '443',
    prompt: vscode.l10n.t('443 for the cloud, 9601 for a local Community Edition'),
    validateInput: (value) =>
      /^\d{1,5}$/.test(value.trim()) && Number(value) >= 1 && Number(value) <= 65535
        ? undefined
        : vscode.l10n.t('A port between 1 and 65535'),
  });
  if (!port) throw new Cancelled();
  const token = await vscode.window.showInputBox({
    title: vscode.l10n.t('Temporary token'),
    prompt: vscode.l10n.t('From the web console: qbo get user -l | jq .cli[]?.qbo_uid'),
    password: true,
    ignoreFocusOut: true,
  });
  if (!token) throw new Cancelled();
  return { host: host.trim(), port: Number(port.trim()), token: token.trim() };
}

export const signInWithToken: QboCommand = {
  id: 'qbo.signInWithToken',
  async run(context, ...args) {
    const given = isTokenArgs(args[0]) ? args[0] : await ask();
    const source = vscode.l10n.t('token sign-in');
    const credentials = parseCredentials(
      () => parseCliJson({ qbo_host: given.host, qbo_port: given.port, qbo_uid: given.token }, source),
      source,
    );
    return completeSignIn(context, credentials, given.name ? { name: given.name } : {});
  },
};
