// What a qbo task writes to its terminal. Server text (qbo's output lines, error reasons) reaches
// a terminal emulator here, so every control character is dropped first: an escape sequence from
// the server could otherwise move the cursor, rewrite earlier lines or set the window title. Our
// own colours are added after that. Pure.
import type { LineKind } from './runTask';

const MAX_LINE = 2000;

/** No C0/C1 control characters (ESC included) and no bidirectional overrides; at most 2000 characters. */
export function printableLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  const clean = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '').replace(/[\t\n]/g, ' ');
  return clean.length > MAX_LINE ? `${clean.slice(0, MAX_LINE - 1)}…` : clean;
}

const STYLE: Record<LineKind, [string, string]> = {
  info: ['', ''],
  command: ['\u001b[1m', '\u001b[22m'],
  output: ['', ''],
  standing: ['\u001b[36m', '\u001b[39m'],
  success: ['\u001b[32m✓ ', '\u001b[39m'],
  failure: ['\u001b[31m✗ ', '\u001b[39m'],
};

/** One line for the task's terminal: cleaned, styled by kind, ended with CR LF. */
export function terminalLine(text: string, kind: LineKind): string {
  const [before, after] = STYLE[kind];
  return `${before}${printableLine(text)}${after}\r\n`;
}
