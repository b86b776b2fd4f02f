// Add Cluster: name, image (picked from `get images`), node count; or all three as an argument.
import * as vscode from 'vscode';
import { countProblem, imageProblem, nameProblem } from '../qbo/commandLine';
import { addClusterCommand, getCommand, type AddClusterOptions } from '../qbo/commands';
import type { Image } from '../qbo/messages';
import type { QboSession } from '../session/session';
import { imagesNewestFirst } from './imageChoices';
import { Cancelled, orCancel } from './support/boundary';
import { runWithProgress } from './support/run';
import { profileNameIn, requireProfile } from './support/session';
import { readSettings } from '../settings';
import type { QboCommand } from './types';
import { safeName, safePickItem } from '../ui/safeText';

export interface AddClusterArgs {
  name: string;
  /** The profile to add it to (asked when several are connected and none is given). */
  profile?: string;
  image?: string;
  nodes?: number;
  domain?: string;
}

function isAddClusterArgs(value: unknown): value is AddClusterArgs {
  return typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string';
}

async function listImages(session: QboSession): Promise<string[]> {
  try {
    const result = await session.client.send(getCommand('images'), { timeoutMs: 15_000 }).done;
    const images = result.data.flatMap((message) =>
      message.payloads.flatMap((payload) => (payload.key === 'images' ? (payload.items as Image[]) : [])),
    );
    return imagesNewestFirst(images);
  } catch {
    return [];
  }
}

/** The image to ask for; null for the server's default. */
async function askImage(session: QboSession): Promise<string | null> {
  const images = await listImages(session);
  const defaultImage = readSettings().defaultImage;
  const serverDefault = vscode.l10n.t('Server default');
  const other = vscode.l10n.t('Other image…');
  const items: (vscode.QuickPickItem & { image?: string })[] = [
    { label: serverDefault, description: vscode.l10n.t('let qbo choose') },
    ...images.map((image) =>
      safePickItem({ label: image, image, ...(image === defaultImage ? { description: vscode.l10n.t('default') } : {}) }),
    ),
    { label: other },
  ];
  const picked = orCancel(
    await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Add Cluster: image'),
      placeHolder: safeName(defaultImage || images[0] || ''),
    }),
  );
  if (picked.image !== undefined) return picked.image;
  if (picked.label === serverDefault) return null;
  if (picked.label !== other) return picked.label;
  const typed = await vscode.window.showInputBox({
    title: vscode.l10n.t('Add Cluster: image'),
    placeHolder: 'hub.docker.com/kindest/node:v1.27.3',
    value: defaultImage,
    validateInput: (value) => imageProblem(value.trim()),
  });
  return orCancel(typed).trim();
}

async function askArgs(session: QboSession): Promise<AddClusterArgs> {
  const name = await vscode.window.showInputBox({
    title: vscode.l10n.t('Add Cluster: name'),
    placeHolder: 'dev',
    validateInput: (value) => nameProblem(value.trim()),
  });
  if (!name) throw new Cancelled();
  const image = await askImage(session);
  const count = await vscode.window.showInputBox({
    title: vscode.l10n.t('Add Cluster: number of nodes'),
    value: String(readSettings().defaultNodeCount),
    validateInput: (value) => countProblem(value.trim()),
  });
  if (!count) throw new Cancelled();
  return { name: name.trim(), ...(image ? { image } : {}), nodes: Number(count.trim()) };
}

export const addCluster: QboCommand = {
  id: 'qbo.addCluster',
  async run(context, ...args) {
    const { session } = await requireProfile(context, vscode.l10n.t('Add Cluster'), profileNameIn(args));
    const request = isAddClusterArgs(args[0]) ? args[0] : await askArgs(session);
    const options: AddClusterOptions = {
      ...(request.image ? { image: request.image } : {}),
      ...(request.nodes !== undefined ? { nodes: request.nodes } : {}),
      ...(request.domain ? { domain: request.domain } : {}),
    };
    await runWithProgress(
      session,
      vscode.l10n.t('Adding cluster {0}', request.name),
      addClusterCommand([request.name], options),
      'notification',
    );
    return true;
  },
};
