// Looking into files on disk: for a secret (the user-data folder, backups included), and the extension's log.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Files under dir (recursively) whose bytes contain text; sockets, pipes and unreadable files are skipped. */
export function filesContaining(dir: string, text: string): string[] {
  const needle = Buffer.from(text);
  const found: string[] = [];
  const walk = (folder: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        try {
          if (fs.readFileSync(full).includes(needle)) found.push(full);
        } catch {
          // vanished or unreadable while we looked
        }
      }
    }
  };
  walk(dir);
  return found;
}

/**
 * The text of every `.log` file under the folder of the extension's log (`logUri`): the "qbo"
 * output channel is written there or in its parent, by VS Code version.
 */
export function logText(logUri: { fsPath: string }): string {
  const texts: string[] = [];
  const walk = (folder: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.log')) texts.push(fs.readFileSync(full, 'utf8'));
    }
  };
  walk(path.dirname(logUri.fsPath));
  return texts.join('\n');
}
