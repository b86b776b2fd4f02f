// Looking into files on disk: for a secret (the user-data folder, backups included), and the extension's log.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Every regular file under dir, recursively; folders that vanish or cannot be read are skipped. */
function regularFiles(dir: string): string[] {
  const files: string[] = [];
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
      else if (entry.isFile()) files.push(full);
    }
  };
  walk(dir);
  return files;
}

/** The file's bytes, or undefined when it vanished or is unreadable while we look. */
function read(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Files under dir (recursively) whose bytes contain text; sockets, pipes and unreadable files are skipped. */
export function filesContaining(dir: string, text: string): string[] {
  const needle = Buffer.from(text);
  return regularFiles(dir).filter((file) => read(file)?.includes(needle) === true);
}

/**
 * The text of every `.log` file under the folder of the extension's log (`logUri`): the "qbo"
 * output channel is written there or in its parent, by VS Code version.
 */
export function logText(logUri: { fsPath: string }): string {
  return regularFiles(path.dirname(logUri.fsPath))
    .filter((file) => file.endsWith('.log'))
    .map((file) => read(file)?.toString('utf8') ?? '')
    .join('\n');
}
