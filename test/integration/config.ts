// The file through which a runner tells the in-host suite where its emulator is, and the suite
// reports back. A file (not the environment) because the extension host's environment is not
// the runner's in every VS Code flavour.
import * as path from 'node:path';

export interface IntegrationConfig {
  /** cli.json of the emulator's account. */
  cliJson: string;
  /** ws://127.0.0.1:PORT of the emulator. */
  emulatorUrl: string;
  /** Where the suite writes its IntegrationResult. */
  resultFile: string;
}

export interface IntegrationResult {
  passes: number;
  failures: number;
  failed: { title: string; error: string }[];
  activateMs: number | undefined;
}

export const CONFIG_FILE = path.join(__dirname, 'config.json');
