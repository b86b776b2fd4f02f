// Server text in the Activity view and its toasts: a user name, an agent or a command line may hold
// control characters, text-reordering marks, or the syntax VS Code turns into links and icons. It
// goes through the project's one neutraliser (src/ui/safeText.ts); these name the two uses. Pure.
import { safeText } from '../ui/safeText';

/** For a tree row, a tooltip or a stored entry: neutralised, at most `max` characters. */
export function displayText(text: string, max = 200): string {
  return safeText(text, { maxChars: max, fullTextLogged: false });
}

/** Inside a notification: the same (the notification adds nothing VS Code would render). */
export const toastText = displayText;
