// The file through which a runner tells the in-host suite where its emulator is, and the suite
// reports back. A file (not the environment) because the extension host's environment is not
// the runner's in every VS Code flavour.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface IntegrationConfig {
  /** Which suite to run: the main one (suite/*.itest.js) or the trust one (suite/trust/*.itest.js). */
  suite: 'main' | 'trust';
  /** cli.json of the emulator's account. */
  cliJson: string;
  /** ws://127.0.0.1:PORT of the emulator. */
  emulatorUrl: string;
  /** Where the suite writes its IntegrationResult. */
  resultFile: string;
  /** code-server's --user-data-dir (settings, state, backups, logs). */
  userDataDir: string;
  /** Trust run only: the attacker's port and its log, one JSON line per connection ({ cookie: boolean }). */
  attacker?: { port: number; log: string };
  /** Main run only: cli.json of a second emulator serving test/support/fixtures/workloads-world.json (pods, services with ports). */
  workloadsCliJson?: string;
  /** Main run only: directory of the recording stand-in kubectl (first on code-server's PATH). */
  kubectlDir?: string;
  /**
   * Main run only: a third emulator playing a hostile server (--hostile HOSTILE_ATTACKS): its
   * cli.json, and the marker file the program its kubeconfigs name would create.
   */
  hostile?: { cliJson: string; marker: string };
  /** Main run only: cli.json of a third emulator playing `--hostile links` (command links in its output lines and error statuses). */
  linksCliJson?: string;
}

export interface IntegrationResult {
  passes: number;
  failures: number;
  failed: { title: string; error: string }[];
  activateMs: number | undefined;
}

export const CONFIG_FILE = path.join(__dirname, 'config.json');

/** What the main run's hostile emulator plays: dev's kubeconfig runs a program, prod's names a user outside the file. */
export const HOSTILE_ATTACKS = 'kubeconfig-exec@dev,kubeconfig-outside-user@prod';

/** The runner's configuration, as the in-host suite reads it. */
export function readIntegrationConfig(): IntegrationConfig {
  return JSON.parse(fs.readFileSync(CONFIG_FILE, 'utf8')) as IntegrationConfig;
}
