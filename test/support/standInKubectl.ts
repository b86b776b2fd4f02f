// A recording stand-in for kubectl, put first on PATH by the integration and UI harnesses: it
// appends one JSON line per run (argv, KUBECONFIG, and the SHA-256 and mode of the kubeconfig it
// was given, by environment or --kubeconfig, its process id, and the SHA-256 of what it read on
// standard input for `-f -`) to kubectl.log next to itself, then behaves enough like kubectl:
// `logs -f`, `exec` and `debug` keep running until their terminal closes; `port-forward` listens
// on its local port, says `Forwarding from 127.0.0.1:L -> R` and keeps running until killed;
// `get pod … -o jsonpath=…` answers with the container names in ./containers. For manifests it
// plays a cluster: `apply -f`, `diff -f`, `delete -f` and `get -f … -o yaml` read the file (or
// standard input) and keep the objects per kubeconfig context in ./live-CONTEXT.json, answering
// in kubectl's words and exit codes (diff: 0 same, 1 different, 2 error). Like the real kubectl,
// it first runs the `exec` credential plug-in of the current context's user (command, args, env),
// and `diff` runs KUBECTL_EXTERNAL_DIFF when it is set, so a test that a program "never ran"
// checks something real.
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
  /** Its process id (a test ends a port-forward by it). */
  pid: number;
  /** What it read on standard input (`-f -`): SHA-256 and length in bytes. */
  stdin: { sha256: string; bytes: number } | null;
  /** KUBECTL_EXTERNAL_DIFF as it found it in its environment. */
  externalDiff: string | null;
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
  /** The objects `apply` left in a kubeconfig context's "cluster", by `Kind/namespace/name`. */
  liveObjects(context: string): Record<string, unknown>;
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
const config = (() => {
  try {
    return YAML.parse(fs.readFileSync(kubeconfigFile, 'utf8')) ?? {};
  } catch {
    return {};
  }
})();
// The exec plug-in of the current context's user, as kubectl finds it.
const plugin = (() => {
  const context = (config.contexts ?? []).find((entry) => entry.name === config['current-context']);
  const user = (config.users ?? []).find((entry) => entry.name === context?.context?.user);
  return user?.user?.exec ?? null;
})();
let exec = null;
if (plugin && typeof plugin.command === 'string') {
  const pluginArgs = Array.isArray(plugin.args) ? plugin.args.map(String) : [];
  const env = { ...process.env };
  for (const entry of Array.isArray(plugin.env) ? plugin.env : []) env[entry.name] = entry.value;
  const ran = spawnSync(plugin.command, pluginArgs, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  exec = { command: plugin.command, args: pluginArgs, status: ran.status };
}
const fileFlag = args.indexOf('-f');
const manifestPath = fileFlag >= 0 ? args[fileFlag + 1] : undefined;
const stdinText = manifestPath === '-' ? fs.readFileSync(0, 'utf8') : undefined;
const record = {
  argv: args,
  kubeconfigEnv: process.env.KUBECONFIG ?? null,
  kubeconfig: process.env.KUBECONFIG ? seen(process.env.KUBECONFIG) : null,
  kubeconfigFlag: flag >= 0 && args[flag + 1] ? seen(args[flag + 1]) : null,
  exec,
  pid: process.pid,
  stdin: stdinText === undefined ? null : { sha256: crypto.createHash('sha256').update(stdinText).digest('hex'), bytes: Buffer.byteLength(stdinText) },
  externalDiff: process.env.KUBECTL_EXTERNAL_DIFF ?? null,
};
fs.appendFileSync(path.join(__dirname, 'kubectl.log'), JSON.stringify(record) + '\n');
if (args[0] === 'get' && args.some((arg) => arg.startsWith('jsonpath='))) {
  const file = path.join(__dirname, 'containers');
  process.stdout.write(fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim() : 'app');
  process.exit(0);
}

// -- manifests: a small cluster per kubeconfig context ---------------------------------------
const KINDS = new Set(['ConfigMap', 'Secret', 'Service', 'ServiceAccount', 'Namespace', 'Pod', 'Deployment', 'StatefulSet', 'DaemonSet',
  'Job', 'CronJob', 'Ingress', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolumeClaim']);
const NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const stateFile = path.join(__dirname, 'live-' + String(config['current-context'] ?? 'none').replace(/[^A-Za-z0-9._-]/g, '_') + '.json');
const loadState = () => (fs.existsSync(stateFile) ? JSON.parse(fs.readFileSync(stateFile, 'utf8')) : {});
const saveState = (state) => fs.writeFileSync(stateFile, JSON.stringify(state, null, 2));
const source = manifestPath === '-' ? 'STDIN' : manifestPath;
const readObjects = () => {
  const text = stdinText ?? fs.readFileSync(manifestPath, 'utf8');
  const values = text.trim().startsWith('{') ? [JSON.parse(text)] : YAML.parseAllDocuments(text).map((document) => document.toJS());
  const flat = [];
  const add = (value) => {
    if (value === null || value === undefined) return;
    if (typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items)) value.items.forEach(add);
    else flat.push(value);
  };
  values.forEach(add);
  return flat;
};
const group = (object) => (String(object.apiVersion).includes('/') ? String(object.apiVersion).split('/')[0] : '');
const resource = (object) => String(object.kind).toLowerCase() + (group(object) ? '.' + group(object) : '');
const namespaceOf = (object) => (object.kind === 'Namespace' || String(object.kind).startsWith('Cluster') ? '' : object.metadata?.namespace ?? 'default');
const keyOf = (object) => object.kind + '/' + namespaceOf(object) + '/' + object.metadata?.name;
/** kubectl's complaint about an object, or undefined when the "API server" takes it. */
const problem = (object) => {
  if (!KINDS.has(object.kind))
    return 'error: resource mapping not found for name: "' + object.metadata?.name + '" namespace: "" from "' + source + '": no matches for kind "' +
      object.kind + '" in version "' + object.apiVersion + '"\nensure CRDs are installed first';
  const name = String(object.metadata?.name ?? '');
  if (!NAME.test(name))
    return 'The ' + object.kind + ' "' + name + '" is invalid: metadata.name: Invalid value: "' + name +
      '": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\'';
  return undefined;
};
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const verb = args[0];
if (['apply', 'diff', 'delete'].includes(verb) || (verb === 'get' && manifestPath)) {
  let objects;
  try {
    objects = readObjects();
  } catch (error) {
    process.stderr.write('error: error parsing ' + source + ': ' + error.message + '\n');
    process.exit(verb === 'diff' ? 2 : 1);
  }
  const state = loadState();
  let failed = false;
  const fail = (text) => {
    failed = true;
    process.stderr.write(text + '\n');
  };
  if (verb === 'apply') {
    for (const object of objects) {
      const complaint = problem(object);
      if (complaint) {
        fail(complaint);
        continue;
      }
      const key = keyOf(object);
      const before = state[key];
      const result = !before ? 'created' : same(before.applied, object) ? 'unchanged' : 'configured';
      state[key] = { applied: object, generation: (before?.generation ?? 0) + (result === 'unchanged' ? 0 : 1) };
      process.stdout.write(resource(object) + '/' + object.metadata.name + ' ' + result + '\n');
    }
    saveState(state);
    process.exit(failed ? 1 : 0);
  }
  if (verb === 'diff') {
    const external = process.env.KUBECTL_EXTERNAL_DIFF;
    const live = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'LIVE-'));
    const merged = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'MERGED-'));
    let differs = false;
    for (const object of objects) {
      const complaint = problem(object);
      if (complaint) {
        fail(complaint);
        continue;
      }
      const name = [String(object.apiVersion).replace('/', '.'), object.kind, namespaceOf(object), object.metadata.name].filter(Boolean).join('.');
      const before = state[keyOf(object)]?.applied;
      if (before) fs.writeFileSync(path.join(live, name), YAML.stringify(before));
      fs.writeFileSync(path.join(merged, name), YAML.stringify(object));
      if (same(before, object)) continue;
      differs = true;
      if (external) continue;
      process.stdout.write('diff -u -N ' + path.join(live, name) + ' ' + path.join(merged, name) + '\n');
      process.stdout.write('--- ' + path.join(live, name) + '\n+++ ' + path.join(merged, name) + '\n');
      for (const line of (before ? YAML.stringify(before) : '').split('\n').filter(Boolean)) process.stdout.write('-' + line + '\n');
      for (const line of YAML.stringify(object).split('\n').filter(Boolean)) process.stdout.write('+' + line + '\n');
    }
    // As kubectl does: the external program gets the two folders (its first word is the program).
    const ran = external ? spawnSync(external.split(' ')[0], [live, merged], { stdio: 'inherit' }) : undefined;
    fs.rmSync(live, { recursive: true, force: true });
    fs.rmSync(merged, { recursive: true, force: true });
    if (failed) process.exit(2);
    process.exit(ran ? (ran.status ?? 2) : differs ? 1 : 0);
  }
  if (verb === 'delete') {
    const ignore = args.includes('--ignore-not-found');
    for (const object of objects) {
      const key = keyOf(object);
      if (!state[key]) {
        if (!ignore) fail('Error from server (NotFound): ' + resource(object) + ' "' + object.metadata?.name + '" not found');
        continue;
      }
      delete state[key];
      process.stdout.write(resource(object) + ' "' + object.metadata.name + '" deleted\n');
    }
    saveState(state);
    process.exit(failed ? 1 : 0);
  }
  // get -f FILE -o yaml: the live objects, as the API server returns them (status, uid, managed fields).
  const found = [];
  for (const object of objects) {
    const held = state[keyOf(object)];
    if (!held) {
      if (!args.includes('--ignore-not-found')) fail('Error from server (NotFound): ' + resource(object) + ' "' + object.metadata?.name + '" not found');
      continue;
    }
    const applied = held.applied;
    const metadata = { ...applied.metadata, ...(namespaceOf(applied) ? { namespace: namespaceOf(applied) } : {}) };
    metadata.annotations = { ...(metadata.annotations ?? {}), 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(applied) };
    Object.assign(metadata, { uid: crypto.createHash('md5').update(keyOf(applied)).digest('hex'), resourceVersion: String(held.generation * 100),
      generation: held.generation, creationTimestamp: '2026-01-01T00:00:00Z', managedFields: [{ manager: 'kubectl-client-side-apply', operation: 'Update' }] });
    found.push({ ...applied, metadata, status: { observedGeneration: held.generation } });
  }
  if (failed) process.exit(1);
  if (objects.length === 1 && found.length === 1) process.stdout.write(YAML.stringify(found[0]));
  else process.stdout.write(YAML.stringify({ apiVersion: 'v1', kind: 'List', items: found, metadata: { resourceVersion: '' } }));
  process.exit(0);
}

if (verb === 'port-forward') {
  const [local, remote] = String(args[2] ?? '').split(':').map(Number);
  const server = require('node:net').createServer((socket) => socket.end());
  server.once('error', (error) => {
    process.stderr.write('Unable to listen on port ' + local + ': Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 127.0.0.1:' + local + ': ' + error.code + ']\nerror: unable to listen on any of the requested ports: [{' + local + ' ' + remote + '}]\n');
    process.exit(1);
  });
  server.listen(local, '127.0.0.1', () => {
    process.stdout.write('Forwarding from 127.0.0.1:' + local + ' -> ' + remote + '\n');
  });
} else {
  process.stdout.write('stand-in kubectl ' + args.join(' ') + '\n');
  if (['logs', 'exec', 'debug'].includes(verb)) {
    if (verb === 'logs') process.stdout.write('2026-01-01T00:00:00Z started\n');
    setInterval(() => undefined, 1 << 30);
  }
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
    liveObjects: (context) => {
      const file = path.join(dir, `live-${context.replace(/[^A-Za-z0-9._-]/g, '_')}.json`);
      return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
    },
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
