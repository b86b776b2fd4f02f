// Server text in the Activity view and its toasts. The server is untrusted: a user name, an agent
// or a command line may hold control characters, text-reordering marks, or the syntax VS Code turns
// into links and icons in a notification (`[x](command:…)`, `$(icon)`). This is a small local
// helper; the project's shared one (src/ui/safeText.ts, on another branch) can replace it. Pure.

/** C0 and C1 control characters, DEL, and the Unicode line and paragraph separators. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must not be shown
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
/** Characters that reorder or hide text: bidi marks, embeddings, overrides, isolates, zero-width ones, BOM, soft hyphen. */
const INVISIBLE = /[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;
/** Separates `$` from `(` and `]` from `(` (icon and link syntax), invisibly. */
const JOINER_BREAK = '\u2060';

/** Server text for a tree row or tooltip: no control or invisible characters, runs of spaces as one, at most `max` characters. */
export function displayText(text: string, max = 200): string {
  const clean = text.replace(CONTROLS, ' ').replace(INVISIBLE, '').replace(/ {2,}/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/**
 * Server text inside a notification: as displayText, and link, URI and icon syntax broken so that
 * VS Code renders it as the characters it is (an invisible word joiner after `$` and `]`, and
 * before the `:` of anything that looks like a URI scheme).
 */
export function toastText(text: string, max = 200): string {
  return displayText(text, max)
    .replace(/\$\(/g, `$${JOINER_BREAK}(`)
    .replace(/\]\(/g, `]${JOINER_BREAK}(`)
    .replace(/\b([A-Za-z][A-Za-z0-9+.-]*):/g, `$1${JOINER_BREAK}:`);
}
