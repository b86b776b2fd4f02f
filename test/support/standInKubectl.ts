// A recording stand-in for kubectl, put first on PATH by the integration and UI harnesses: it
// appends one JSON line per run (argv, KUBECONFIG, and the SHA-256 and mode of the kubeconfig it
// was given, by environment or --kubeconfig) to kubectl.log next to itself, then behaves enough
// like kubectl for a terminal: `logs -f`, `exec`, `debug` and `port-forward` keep running until
// the terminal closes; `get pod … -o jsonpath=…` answers with the container names in ./containers.
// Like the real kubectl, it first runs the `exec` credential plug-in of the current context's user
// (command, args, env), so a test that a server's program "never ran" checks something real.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface KubeconfigSeen {
  path: string;
  sha256?: string;
  /** Octal, e.g. "600". */
  mode?: string;
  error?: string;
}

export interface KubectlRecord {
  argv: string[];
  kubeconfigEnv: string | null;
  /** The file KUBECONFIG named, as the stand-in found it while running. */
  kubeconfig: KubeconfigSeen | null;
  /** The file `--kubeconfig` named, as the stand-in found it while running. */
  kubeconfigFlag: KubeconfigSeen | null;
  /** The exec plug-in it ran (command and args) and its exit status, when the kubeconfig had one. */
  exec: { command: string; args: string[]; status: number | null } | null;
}

export interface StandInKubectl {
  /** Directory to put first on PATH. */
  binDir: string;
  /** The executable. */
  file: string;
  logFile: string;
  /** The container names `get pod -o jsonpath` prints (default: one, "app"). */
  setContainers(names: string[]): void;
  records(): KubectlRecord[];
}

// Runs under the harness's own node (absolute shebang), so it needs nothing from PATH.
const SCRIPT = String.raw`
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { spawnSync } = require('node:child_process');
const YAML = require(YAML_MODULE);
const args = process.argv.slice(2);
const seen = (file) => {
  try {
    const text = fs.readFileSync(file);
    return { path: file, sha256: crypto.createHash('sha256').update(text).digest('hex'), mode: (fs.statSync(file).mode & 0o777).toString(8) };
  } catch (error) {
    return { path: file, error: error.code };
  }
};
const flag = args.indexOf('--kubeconfig');
const kubeconfigFile = flag >= 0 && args[flag + 1] ? args[flag + 1] : (process.env.KUBECONFIG ?? '').split(path.delimiter).find(Boolean);
// The exec plug-in of the current context's user, as kubectl finds it.
const plugin = (() => {
  try {
    const config = YAML.parse(fs.readFileSync(kubeconfigFile, 'utf8'));
    const context = (config.contexts ?? []).find((entry) => entry.name === config['current-context']);
    const user = (config.users ?? []).find((entry) => entry.name === context?.context?.user);
    return user?.user?.exec ?? null;
  } catch {
    return null;
  }
})();
let exec = null;
if (plugin && typeof plugin.command === 'string') {
  const pluginArgs = Array.isArray(plugin.args) ? plugin.args.map(String) : [];
  const env = { ...process.env };
  for (const entry of Array.isArray(plugin.env) ? plugin.env : []) env[entry.name] = entry.value;
  const ran = spawnSync(plugin.command, pluginArgs, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  exec = { command: plugin.command, args: pluginArgs, status: ran.status };
}
const record = {
  argv: args,
  kubeconfigEnv: process.env.KUBECONFIG ?? null,
  kubeconfig: process.env.KUBECONFIG ? seen(process.env.KUBECONFIG) : null,
  kubeconfigFlag: flag >= 0 && args[flag + 1] ? seen(args[flag + 1]) : null,
  exec,
};
fs.appendFileSync(path.join(__dirname, 'kubectl.log'), JSON.stringify(record) + '\n');
if (args[0] === 'get' && args.some((arg) => arg.startsWith('jsonpath='))) {
  const file = path.join(__dirname, 'containers');
  process.stdout.write(fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : 'app');
  process.exit(0);
}
process.stdout.write('stand-in kubectl ' + args.join(' ') + '\n');
if (['logs', 'exec', 'debug', 'port-forward'].includes(args[0])) {
  if (args[0] === 'logs') process.stdout.write('2026-01-01T00:00:00Z started\n');
  setInterval(() => undefined, 1 << 30);
}
`;

/** Writes the stand-in into `dir` (dir/kubectl, dir/kubectl.log). */
export function installStandInKubectl(dir: string): StandInKubectl {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'kubectl');
  const logFile = path.join(dir, 'kubectl.log');
  const script = SCRIPT.replace('YAML_MODULE', JSON.stringify(require.resolve('yaml')));
  fs.writeFileSync(file, `#!${process.execPath}\n${script}`, { mode: 0o755 });
  fs.chmodSync(file, 0o755);
  return {
    binDir: dir,
    file,
    logFile,
    setContainers: (names) => fs.writeFileSync(path.join(dir, 'containers'), names.join(' ')),
    records: () => readKubectlLog(logFile),
  };
}

export function readKubectlLog(logFile: string): KubectlRecord[] {
  if (!fs.existsSync(logFile)) return [];
  return fs
    .readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as KubectlRecord);
}

export function sha256(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}
