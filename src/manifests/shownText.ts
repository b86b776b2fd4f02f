// Text from kubectl, the server or a workspace file (kubectl's error, a cluster name, an object
// name) made safe to show in a notification, a modal or a quick pick: VS Code turns `[..](..)`
// into a link (a `command:` one runs a command), `$(..)` into an icon, and control characters
// garble a line. The output channel keeps the full text. Pure.
//
// A local helper until the project-wide safeText() (another branch, src/ui/safeText.ts) lands:
// then this file becomes a call to it (docs/DECISIONS.md, "Manifests").
import * as l10n from '@vscode/l10n';

/** Longest text shown in a notification or a modal's message, not counting the pointer to the log. */
export const SHOWN_TEXT_MAX = 400;

/** Invisible, breaks a markup sequence without changing how the text reads. */
const BREAK = '\u200b';
// eslint-disable-next-line no-control-regex -- terminal colour codes and cursor moves from kubectl
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;
// eslint-disable-next-line no-control-regex -- control characters (and the invisible break itself, so input cannot pre-break a check)
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]+/g;
/** URI schemes VS Code acts on when a rendered link names them. */
const SCHEMES = /\b(command|vscode(?:-[a-z]+)?|file)(?=:)/gi;

export interface ShownTextOptions {
  /** Longest result (a cut text ends in "…"). */
  maxChars?: number;
  /** Whether the output channel holds the full text, so a cut text says where to read it (default true). */
  fullTextLogged?: boolean;
}

/** `text` as it may be shown: one line, no link, scheme or icon syntax, at most `maxChars` characters. */
export function shownText(text: string, options: ShownTextOptions = {}): string {
  const maxChars = options.maxChars ?? SHOWN_TEXT_MAX;
  let clean = text
    .replace(ANSI, '')
    .replace(CONTROLS, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
  let cut = false;
  if (clean.length > maxChars) {
    clean = `${clean.slice(0, Math.max(0, maxChars - 1)).trimEnd()}…`;
    cut = true;
  }
  clean = clean.replace(/\]\(/g, `]${BREAK}(`).replace(/\$\(/g, `$${BREAK}(`).replace(SCHEMES, `$1${BREAK}`);
  return cut && options.fullTextLogged !== false ? `${clean} ${l10n.t('(full text in the qbo output channel)')}` : clean;
}
