// Text from the server (or a workspace) made safe to show outside the output channel. VS Code
// turns `[label](command:id?args)` in a notification or progress message into a link that runs
// the command with those arguments, `$(name)` in a status bar, quick pick or title into an icon,
// and bare URLs in Markdown into links; control and bidi characters garble or disguise a line.
// Every place that shows such text passes it through safeText(): the output channel alone keeps
// the full text. Pure, so it is unit-tested without VS Code (docs/DECISIONS.md, "Server text").
import * as l10n from '@vscode/l10n';

/** How long a shown text may be, by where it is shown (characters, before the pointer to the log). */
export const TEXT_LIMITS = {
  /** Error, warning and information notifications, and a modal's message. */
  notification: 400,
  /** A modal's detail line. */
  detail: 1_000,
  /** A progress notification's latest line, and its title. */
  progress: 200,
  /** A quick pick item's label, description or detail, and a title or placeholder. */
  pickItem: 120,
  /** A value in the status bar's own text. */
  status: 60,
  /** A tooltip line, and the error row of the tree. */
  tooltip: 300,
} as const;

export interface SafeTextOptions {
  /** The longest result, in characters (a cut text ends in "…"), not counting the pointer to the log. */
  maxChars?: number;
  /**
   * Whether the output channel holds the full text (default true): a cut text then says where to
   * read the rest. A quick pick item built from data nobody logs is only cut.
   */
  fullTextLogged?: boolean;
}

/**
 * Inserted to break a markup sequence: VS Code's link parser needs `](` and `command:`, the codicon
 * parser `$(`, unbroken. Invisible, so the text reads the same (docs/DECISIONS.md).
 */
export const MARKUP_BREAK = '\u200b';

/**
 * Invisible characters that reorder or hide text: bidi marks, overrides and isolates, zero-width
 * space, word joiner and invisible operators, BOM, soft hyphen, Hangul fillers, interlinear
 * annotations. (Zero-width joiners stay: scripts and emoji need them.)
 */
const INVISIBLE = /[\u00ad\u061c\u115f\u1160\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb]/g;
/** C0 and C1 controls, DEL, and the Unicode line and paragraph separators: each run becomes one space. */
// eslint-disable-next-line no-control-regex -- control characters from a server must not reach the UI
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
/** Schemes VS Code or Markdown act on, with or without `//`: a command, a file, a URL handler, the web, mail, a script. */
const KNOWN_SCHEMES = /\b(command|file|vscode(?:-[a-z]+)*|https?|ftp|mailto|javascript|data)(?=:)/gi;
/** Any other scheme followed by `://` (ssh, git, …), in case a renderer links it. */
const SLASHED_SCHEME = /\b([a-z][a-z0-9+.-]*)(?=:\/\/)/gi;
/** Whether a text may need any of the work below (most names and lines need none). */
const SUSPECT =
  // eslint-disable-next-line no-control-regex -- see CONTROLS
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u115f\u1160\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb]|\]\(|\$\(|[A-Za-z]:|\s{2}|^\s|\s$/;

/**
 * `text` as it may be shown: invisible and control characters removed (controls become a space,
 * runs of spaces one), link, URI-scheme and codicon syntax broken with an invisible character,
 * and, past `maxChars`, cut with "… (full text in the qbo output channel)". Ordinary text comes
 * back unchanged.
 */
export function safeText(text: string, options: SafeTextOptions = {}): string {
  const maxChars = options.maxChars ?? TEXT_LIMITS.notification;
  if (text.length <= maxChars && !SUSPECT.test(text)) return text;
  let clean = text
    .replace(INVISIBLE, '')
    .replace(CONTROLS, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
  let cut = false;
  if (clean.length > maxChars) {
    // The ellipsis counts in maxChars; the pointer to the log does not.
    let end = Math.max(0, maxChars - 1);
    // Never half of a surrogate pair.
    const last = clean.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff) end--;
    clean = clean.slice(0, end).trimEnd();
    cut = true;
  }
  const neutral = clean
    .replace(/\]\(/g, `]${MARKUP_BREAK}(`)
    .replace(/\$\(/g, `$${MARKUP_BREAK}(`)
    .replace(KNOWN_SCHEMES, `$1${MARKUP_BREAK}`)
    .replace(SLASHED_SCHEME, `$1${MARKUP_BREAK}`);
  if (!cut) return neutral;
  return options.fullTextLogged === false ? `${neutral}…` : l10n.t('{0}… (full text in the qbo output channel)', neutral);
}

/** A notification's or a modal's message as shown (the output channel has the full text). */
export function notificationText(text: string): string {
  return safeText(text, { maxChars: TEXT_LIMITS.notification });
}

/**
 * A modal's detail given as lines (e.g. the objects a delete removes), as shown: each line made safe
 * on its own, so a line break inside one (from the server or a file) cannot add a line; the
 * extension's own breaks kept; at most TEXT_LIMITS.detail characters, the lines past it left out
 * with "…".
 */
export function detailLines(lines: readonly string[]): string {
  const shown: string[] = [];
  let length = 0;
  for (const line of lines) {
    const safe = safeText(line, { maxChars: TEXT_LIMITS.pickItem, fullTextLogged: false });
    if (shown.length > 0 && length + 1 + safe.length > TEXT_LIMITS.detail) {
      shown.push('…');
      break;
    }
    shown.push(safe);
    length += (shown.length > 1 ? 1 : 0) + safe.length;
  }
  return shown.join('\n');
}

/** A progress notification's title, or its latest line of server output, as shown. */
export function progressText(text: string): string {
  return safeText(text, { maxChars: TEXT_LIMITS.progress });
}

/** What a progress notification shows of a command's progress event: its latest output line, made safe. */
export function progressLine(output: readonly string[]): string | undefined {
  const last = output[output.length - 1];
  return last ? progressText(last) : undefined;
}

/** The shown fields of a quick pick item (its other fields untouched): server text in labels and details. */
export function safePickItem<T extends { label: string; description?: string | undefined; detail?: string | undefined }>(item: T): T {
  const options = { maxChars: TEXT_LIMITS.pickItem, fullTextLogged: false };
  return {
    ...item,
    label: safeText(item.label, options),
    ...(item.description !== undefined ? { description: safeText(item.description, options) } : {}),
    ...(item.detail !== undefined ? { detail: safeText(item.detail, options) } : {}),
  };
}

/** A server-given name inside one of our own texts (a title, a prompt, a quick pick's placeholder). */
export function safeName(name: string): string {
  return safeText(name, { maxChars: TEXT_LIMITS.pickItem, fullTextLogged: false });
}
