// kubectl command lines for the workload actions (logs, shell, describe, node shell, port
// forward). Pure: every name is checked against the Kubernetes naming rules first, so a value from
// the server can neither smuggle a flag (leading "-") nor a shell word into the command line.
import * as path from 'node:path';

/** Kubernetes object names (pods, nodes, services): DNS subdomains, at most 253 characters. */
const SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Namespaces and container names: DNS labels, at most 63 characters. */
const LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** Container images such as `busybox:1.36` or `registry.example.com/tools/shell@sha256:…`. */
const IMAGE = /^[A-Za-z0-9][A-Za-z0-9./:@_-]{0,254}$/;

/** The fallback for `qbo.nodeShell.image`: small, public, and has `sh`. */
export const DEFAULT_NODE_SHELL_IMAGE = 'busybox:1.36';

/** Where to send the user who has no kubectl at all. */
export const KUBECTL_INSTALL_URL = 'https://kubernetes.io/docs/tasks/tools/';

export class KubectlArgumentError extends Error {
  override readonly name = 'KubectlArgumentError';
}

function checked(what: string, value: string | undefined, pattern: RegExp | ((value: string) => boolean)): string {
  const valid = value !== undefined && (typeof pattern === 'function' ? pattern(value) : pattern.test(value));
  if (!valid) {
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must not be echoed
    const shown = value === undefined ? 'nothing' : `"${value.slice(0, 40).replace(/[\u0000-\u001f\u007f]/g, '?')}"`;
    throw new KubectlArgumentError(`cannot run kubectl: ${shown} is not a valid ${what}`);
  }
  return value;
}

const podName = (name: string | undefined) => checked('pod name', name, SUBDOMAIN);
const namespaceOf = (namespace: string | undefined) => checked('namespace', namespace ?? 'default', LABEL);
const containerFlag = (container: string | undefined) =>
  container === undefined ? [] : ['-c', checked('container name', container, LABEL)];

export interface PodRef {
  name: string | undefined;
  namespace: string | undefined;
}

/** `kubectl logs -f POD -n NS [-c C]`: follows the log until the terminal is closed. */
export function podLogsArgs(pod: PodRef, container?: string): string[] {
  return ['logs', '-f', podName(pod.name), '-n', namespaceOf(pod.namespace), ...containerFlag(container)];
}

/** `kubectl exec -it POD -n NS [-c C] -- sh`. */
export function podShellArgs(pod: PodRef, container?: string): string[] {
  return ['exec', '-it', podName(pod.name), '-n', namespaceOf(pod.namespace), ...containerFlag(container), '--', 'sh'];
}

/** `kubectl describe pod POD -n NS`. */
export function describePodArgs(pod: PodRef): string[] {
  return ['describe', 'pod', podName(pod.name), '-n', namespaceOf(pod.namespace)];
}

/** `kubectl get pod POD -n NS -o jsonpath=…`: the pod's container names, space-separated. */
export function podContainersArgs(pod: PodRef): string[] {
  return ['get', 'pod', podName(pod.name), '-n', namespaceOf(pod.namespace), '-o', 'jsonpath={.spec.containers[*].name}'];
}

/** `kubectl describe node NODE`. */
export function describeNodeArgs(node: string | undefined): string[] {
  return ['describe', 'node', checked('node name', node, SUBDOMAIN)];
}

/** `kubectl debug node/NODE -it --image=IMAGE`: a shell in a debugging pod on the node. */
export function nodeShellArgs(node: string | undefined, image: string): string[] {
  // As for qbo images: no empty, "." or ".." path segments.
  const validImage = (value: string) => IMAGE.test(value) && !/(^|\/)\.{1,2}($|[/:@])|\/\//.test(value);
  return [
    'debug',
    `node/${checked('node name', node, SUBDOMAIN)}`,
    '-it',
    `--image=${checked('image (qbo.nodeShell.image)', image, validImage)}`,
  ];
}

/** `kubectl port-forward svc/NAME LOCAL:PORT -n NS`. */
export function portForwardArgs(service: PodRef, localPort: number, remotePort: number): string[] {
  for (const [what, port] of [
    ['local port', localPort],
    ['service port', remotePort],
  ] as const) {
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw new KubectlArgumentError(`cannot run kubectl: ${port} is not a valid ${what}`);
  }
  return [
    'port-forward',
    `svc/${checked('service name', service.name, SUBDOMAIN)}`,
    `${localPort}:${remotePort}`,
    '-n',
    namespaceOf(service.namespace),
  ];
}

/**
 * One argument for a command line that the Kubernetes extension runs through a shell: `sh -c`,
 * or `cmd.exe /d /s /c` on Windows (its `invokeCommand` goes through Node's `exec`). Our arguments
 * are checked names and the temporary kubeconfig's path. A word made of plain characters stays as
 * it is; any other is double-quoted; anything the platform's shell would still expand inside
 * double quotes is refused rather than escaped (docs/DECISIONS.md, "Workload actions").
 */
export function shellWord(argument: string, platform: NodeJS.Platform): string {
  return platform === 'win32' ? cmdWord(argument) : shWord(argument);
}

/** For `sh`: inside double quotes `$`, `` ` `` and `\` still act (and `!` in an interactive bash). */
function shWord(argument: string): string {
  if (/^[A-Za-z0-9_/.:=@%+,-]+$/.test(argument)) return argument;
  // eslint-disable-next-line no-control-regex -- control characters are refused, never quoted
  if (/["$`\\!\u0000-\u001f\u007f]/.test(argument)) throw shellRefusal();
  return `"${argument}"`;
}

/**
 * For `cmd.exe`, and then kubectl's own reading of its command line (Go's, as Microsoft's C
 * runtime): `\` is an ordinary character for both, except just before a `"`, so a path such as
 * `C:\Users\A B\AppData\Local\Temp\qbo-kubectl-x\kubeconfig` passes, quoted when it has a space.
 * Inside double quotes `&|<>^()` are literal to cmd.exe, but `%` (variables) and `!` (delayed
 * expansion) are not: refused, as is a trailing `\`, which would escape the closing quote.
 */
function cmdWord(argument: string): string {
  if (/^[A-Za-z0-9_/.:@+\\-]+$/.test(argument) && !argument.endsWith('\\')) return argument;
  // eslint-disable-next-line no-control-regex -- control characters are refused, never quoted
  if (/["%!\u0000-\u001f\u007f]/.test(argument) || argument.endsWith('\\')) throw shellRefusal();
  return `"${argument}"`;
}

function shellRefusal(): KubectlArgumentError {
  return new KubectlArgumentError('cannot run kubectl: an argument holds characters a shell would expand');
}

/** The command text for the Kubernetes extension's `invokeCommand` (it adds `kubectl` itself), for the shell of `platform`. */
export function commandText(args: readonly string[], kubeconfig: string, platform: NodeJS.Platform): string {
  return [...args, '--kubeconfig', kubeconfig].map((argument) => shellWord(argument, platform)).join(' ');
}

/** Container names from `kubectl get pod -o jsonpath={.spec.containers[*].name}` output. */
export function parseContainerNames(output: string): string[] {
  return output
    .split(/\s+/)
    .map((name) => name.trim())
    .filter((name) => LABEL.test(name));
}

/** Containers a pod object names itself (qbo pods carry none today; a server may add them). */
export function containersOfPod(pod: Record<string, unknown>): string[] | undefined {
  const list = pod.containers;
  if (!Array.isArray(list)) return undefined;
  const names = list
    .map((entry: unknown) =>
      typeof entry === 'string' ? entry : typeof entry === 'object' && entry !== null ? (entry as { name?: unknown }).name : undefined,
    )
    .filter((name): name is string => typeof name === 'string' && LABEL.test(name));
  return names.length > 0 ? names : undefined;
}

/**
 * The kubectl the Kubernetes extension is configured with: its `vs-kubernetes` setting holds
 * `vs-kubernetes.kubectl-path.<os>` or `vs-kubernetes.kubectl-path`.
 */
export function kubectlPathFromKubernetesSettings(settings: unknown, platform: NodeJS.Platform): string | undefined {
  if (typeof settings !== 'object' || settings === null) return undefined;
  const os = platform === 'win32' ? 'windows' : platform === 'darwin' ? 'mac' : 'linux';
  const record = settings as Record<string, unknown>;
  for (const key of [`vs-kubernetes.kubectl-path.${os}`, 'vs-kubernetes.kubectl-path']) {
    const value = record[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

/** Candidate kubectl files on a PATH, in order (with the Windows extensions when given). */
export function kubectlCandidates(pathVariable: string | undefined, platform: NodeJS.Platform, pathExt?: string): string[] {
  const delimiter = platform === 'win32' ? ';' : ':';
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  const names = platform === 'win32' ? (pathExt ?? '.EXE;.CMD;.BAT').split(';').map((ext) => `kubectl${ext.toLowerCase()}`) : ['kubectl'];
  return (pathVariable ?? '')
    .split(delimiter)
    .filter((dir) => dir.trim() !== '')
    .flatMap((dir) => names.map((name) => join(dir, name)));
}

/** A terminal name: the object's name and what runs there (`web-1 · logs`), so two terminals of one pod differ. */
export function terminalName(name: string | undefined, verb: string): string {
  return name ? `${name} · ${verb}` : verb;
}
