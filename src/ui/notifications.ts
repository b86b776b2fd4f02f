// The extension's only way to show a notification, a modal dialog or a status-bar message: every text
// (and detail) goes through safeText(), so a server's text in it can neither become a link that runs
// a command nor show icons (src/ui/safeText.ts). eslint.config.mjs keeps vscode.window.show*Message
// and setStatusBarMessage out of every other file. The buttons are the extension's own labels.
import * as vscode from 'vscode';
import { detailLines, notificationText, safeText, TEXT_LIMITS } from './safeText';

export type MessageSeverity = 'error' | 'warning' | 'information';

/** What was shown, as VS Code received it (tests read these through the test-only internals). */
export interface ShownMessage {
  severity: MessageSeverity;
  message: string;
  detail?: string;
  modal: boolean;
}

const shownEmitter = new vscode.EventEmitter<ShownMessage>();
/** Fires with each notification or dialog as it is handed to VS Code. */
export const onDidShowMessage = shownEmitter.event;

const SHOW = {
  error: (message: string, options: vscode.MessageOptions, items: string[]) => vscode.window.showErrorMessage(message, options, ...items),
  warning: (message: string, options: vscode.MessageOptions, items: string[]) =>
    vscode.window.showWarningMessage(message, options, ...items),
  information: (message: string, options: vscode.MessageOptions, items: string[]) =>
    vscode.window.showInformationMessage(message, options, ...items),
} as const;

function show(
  severity: MessageSeverity,
  text: string,
  modal: boolean,
  detail: string | readonly string[] | undefined,
  items: string[],
): Thenable<string | undefined> {
  const message = notificationText(text);
  const shownDetail =
    detail === undefined
      ? undefined
      : typeof detail === 'string'
        ? safeText(detail, { maxChars: TEXT_LIMITS.detail })
        : detailLines(detail);
  shownEmitter.fire({ severity, message, ...(shownDetail !== undefined ? { detail: shownDetail } : {}), modal });
  return SHOW[severity](message, { modal, ...(shownDetail !== undefined ? { detail: shownDetail } : {}) }, items);
}

export function showError(message: string, ...items: string[]): Thenable<string | undefined> {
  return show('error', message, false, undefined, items);
}

export function showWarning(message: string, ...items: string[]): Thenable<string | undefined> {
  return show('warning', message, false, undefined, items);
}

export function showInformation(message: string, ...items: string[]): Thenable<string | undefined> {
  return show('information', message, false, undefined, items);
}

/** A short message in the status bar (which shows `$(name)` as an icon), gone after `timeoutMs`. */
export function flashStatus(text: string, timeoutMs: number): vscode.Disposable {
  return vscode.window.setStatusBarMessage(safeText(text, { maxChars: TEXT_LIMITS.pickItem, fullTextLogged: false }), timeoutMs);
}

/** A modal question; resolves with the chosen item, undefined when dismissed. A detail given as lines keeps them (one line each). */
export function askModal(
  message: string,
  detail: string | readonly string[] | undefined,
  ...items: string[]
): Thenable<string | undefined> {
  return show('warning', message, true, detail, items);
}
