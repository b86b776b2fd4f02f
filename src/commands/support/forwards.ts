// Which running port forward a command acts on: the tree row it was invoked on, a local port given
// by another extension or a test, or the user's pick.
import * as vscode from 'vscode';
import type { Forward } from '../../forwards/forwardList';
import { forwardPickItems } from '../../forwards/forwardText';
import { isTreeElement } from '../../explorer/treeElements';
import type { CommandContext } from '../types';
import { Cancelled, orCancel } from './boundary';
import { showInformation } from '../../ui/notifications';

function localPortIn(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (isTreeElement(value) && value.type === 'forward') return value.localPort;
  if (typeof value === 'object' && value !== null && typeof (value as { localPort?: unknown }).localPort === 'number')
    return (value as { localPort: number }).localPort;
  return undefined;
}

/** The forward of the arguments, else the user's pick; Cancelled when none runs (after saying so) or none is picked. */
export async function pickForward(context: CommandContext, args: readonly unknown[], title: string): Promise<Forward> {
  const list = context.forwards.list;
  const given = localPortIn(args[0]);
  if (given !== undefined) {
    const forward = list.byLocalPort(given);
    // A row whose forward ended meanwhile: the tree no longer shows it.
    if (!forward && isTreeElement(args[0])) throw new Cancelled();
    if (!forward) throw new Error(vscode.l10n.t('qbo: no port forward listens on localhost:{0}.', given));
    return forward;
  }
  const forwards = list.all();
  if (forwards.length === 0) {
    void showInformation(vscode.l10n.t('qbo: no port forward is running.'));
    throw new Cancelled();
  }
  const severalProfiles = new Set(forwards.map((forward) => forward.profile)).size > 1;
  return orCancel(await vscode.window.showQuickPick(forwardPickItems(forwards, severalProfiles), { title, matchOnDescription: true }))
    .forward;
}
