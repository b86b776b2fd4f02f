// The grammar of command lines (docs/PROTOCOL.md §3): what a name, image, domain, e-mail and count
// may be, and the parser of a line as a qbo server reads it (the emulator's, and the client's for
// other clients' `input` lines). The commands this client sends are typed values (commands.ts),
// validated against these rules when rendered, so nothing can smuggle a flag or a second name.

/** Names: 1–64 characters, starting with a letter or digit (docs/PROTOCOL.md §3, decided). */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Images such as `hub.docker.com/kindest/node:v1.27.3`. */
export const IMAGE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9./:@_-]{0,254}$/;
/** DNS domain for `add cluster -d`: dot-separated labels of 1–63 characters, 253 in all. */
export const DOMAIN_PATTERN =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
/** E-mail addresses for `get user -c EMAIL`: a plain local part and a DNS domain (`dev@localhost` too). */
export const EMAIL_PATTERN =
  /^(?=.{3,254}$)[A-Za-z0-9_][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
/** Ids a command accepts wherever it takes a name: an 8-hex short id, a node's 64-hex id, a cluster's UUID. */
export const SHORT_ID_PATTERN = /^[0-9a-f]{8}$/i;
export const NODE_ID_PATTERN = /^[0-9a-f]{64}$/i;
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Node counts accepted by `add cluster -n` and `add node -n` (decided: 1–100 per command). */
export const MIN_NODE_COUNT = 1;
export const MAX_NODE_COUNT = 100;

/** A value a user supplied was refused; `argument` names which one. */
export class InvalidArgumentError extends Error {
  override readonly name = 'InvalidArgumentError';
  constructor(
    readonly argument: string,
    readonly reason: string,
  ) {
    super(`Invalid ${argument}: ${reason}`);
  }
}

/** Describes a value for an error message without echoing long or control-laden input. */
export function describeValue(value: string): string {
  if (value === '') return 'it is empty';
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must not be echoed
  return `"${shown.replace(/[\u0000-\u001f\u007f]/g, '?')}"`;
}

/** Returns why `value` is not a valid name, or undefined when it is. Useful for input boxes. */
export function nameProblem(value: string): string | undefined {
  if (typeof value !== 'string' || value === '') return 'a name cannot be empty';
  if (value.length > 64) return `a name has at most 64 characters (got ${value.length})`;
  if (/\s/.test(value)) return 'a name cannot contain spaces';
  if (value.startsWith('-')) return 'a name cannot start with "-" (it would read as a flag)';
  if (!NAME_PATTERN.test(value)) return 'use letters, digits, ".", "_" and "-", starting with a letter or digit';
  return undefined;
}

export function imageProblem(value: string): string | undefined {
  if (typeof value !== 'string' || value === '') return 'an image cannot be empty';
  if (value.length > 255) return `an image has at most 255 characters (got ${value.length})`;
  if (/\s/.test(value)) return 'an image cannot contain spaces';
  if (value.startsWith('-')) return 'an image cannot start with "-"';
  if (!IMAGE_PATTERN.test(value)) return 'use letters, digits and . / : @ _ -, e.g. hub.docker.com/kindest/node:v1.27.3';
  // The pattern alone lets `hub.docker.com/../../etc` through: no path segment may be empty, . or ..
  if (/(^|\/)\.{1,2}($|[/:@])|\/\//.test(value)) return 'an image cannot contain empty, "." or ".." path segments';
  return undefined;
}

export function domainProblem(value: string): string | undefined {
  if (typeof value !== 'string' || value === '') return 'a domain cannot be empty';
  if (!DOMAIN_PATTERN.test(value)) return 'use a DNS name such as example.com';
  return undefined;
}

export function emailProblem(value: string): string | undefined {
  if (typeof value !== 'string' || value === '') return 'an e-mail address cannot be empty';
  if (value.length > 254) return `an e-mail address has at most 254 characters (got ${value.length})`;
  if (/\s/.test(value)) return 'an e-mail address cannot contain spaces';
  if (value.startsWith('-')) return 'an e-mail address cannot start with "-" (it would read as a flag)';
  if (!EMAIL_PATTERN.test(value)) return 'use an address such as alex@qbo.io';
  return undefined;
}

/**
 * How a valid name token reads as an id: every full id is also a valid name token (docs/PROTOCOL.md §3),
 * so servers try the name first, then the id.
 */
export function idForm(token: string): 'short' | 'node' | 'uuid' | undefined {
  if (SHORT_ID_PATTERN.test(token)) return 'short';
  if (NODE_ID_PATTERN.test(token)) return 'node';
  if (UUID_PATTERN.test(token)) return 'uuid';
  return undefined;
}

export function countProblem(value: number | string): string | undefined {
  const text = String(value).trim();
  if (!/^\d+$/.test(text)) return 'a count is a whole number';
  const count = Number(text);
  if (count < MIN_NODE_COUNT || count > MAX_NODE_COUNT) return `a count is between ${MIN_NODE_COUNT} and ${MAX_NODE_COUNT}`;
  return undefined;
}

/** Kinds `get` lists, with the plural noun the client sends. */
export const GET_KINDS = ['clusters', 'nodes', 'pods', 'services', 'networks', 'ipvs', 'users', 'images'] as const;
export type GetKind = (typeof GET_KINDS)[number];
/** Kinds that can be started, stopped and deleted. */
export type MachineKind = 'clusters' | 'nodes';
export type Verb = 'version' | 'get' | 'start' | 'stop' | 'add' | 'delete';

/** Which objects a command acts on: named ones, or every object the user owns (`-A`). */
export type Target = { all: true } | { names: readonly string[] };
export const ALL: Target = { all: true };
export function named(...names: string[]): Target {
  return { names };
}

// ---------------------------------------------------------------------------------------------
// Parsing (used by the emulator, for other clients' `input` lines, and by tests to round-trip what
// renderCommand produces).

/** Every noun spelling the grammar accepts, mapped to its kind. */
const NOUNS: Record<string, GetKind> = {
  cluster: 'clusters',
  clusters: 'clusters',
  node: 'nodes',
  nodes: 'nodes',
  pod: 'pods',
  pods: 'pods',
  service: 'services',
  services: 'services',
  svc: 'services',
  net: 'networks',
  network: 'networks',
  networks: 'networks',
  ipvs: 'ipvs',
  user: 'users',
  users: 'users',
  image: 'images',
  images: 'images',
};
const CLIENT_NOUNS = new Set(['client', 'clients']);

export type ParsedCommand =
  | { verb: 'version' }
  | { verb: 'get'; kind: GetKind; target: Target; kubeconfig: boolean }
  | { verb: 'get'; kind: 'clients' }
  /** `get user -c EMAIL` */
  | { verb: 'get'; kind: 'users'; createServiceAccount: string }
  /** `get user -l` */
  | { verb: 'get'; kind: 'users'; cliConfiguration: true }
  | { verb: 'start' | 'stop' | 'delete'; kind: MachineKind; target: Target }
  | { verb: 'add'; kind: 'clusters'; names: string[]; image?: string; nodes?: number; domain?: string }
  | { verb: 'add'; kind: 'nodes'; cluster: string; nodes?: number };

export class CommandSyntaxError extends Error {
  override readonly name = 'CommandSyntaxError';
}

const VERBS: Record<string, Verb> = {
  version: 'version',
  get: 'get',
  start: 'start',
  stop: 'stop',
  add: 'add',
  delete: 'delete',
  del: 'delete',
};

/** Parses a command line as a qbo server would. Throws CommandSyntaxError with a readable reason. */
export function parseCommandLine(input: string): ParsedCommand {
  if (typeof input !== 'string') throw new CommandSyntaxError('command is not text');
  const tokens = input
    .trim()
    .split(/\s+/)
    .filter((token) => token !== '');
  if (tokens[0] === 'qbo') tokens.shift();
  if (tokens.length === 0) throw new CommandSyntaxError('empty command');
  const verbToken = tokens.shift() as string;
  const verb = VERBS[verbToken];
  if (!verb) throw new CommandSyntaxError(`unknown command "${verbToken.slice(0, 40)}"`);
  if (verb === 'version') {
    if (tokens.length > 0) throw new CommandSyntaxError('version takes no arguments');
    return { verb };
  }
  const nounToken = tokens.shift();
  if (!nounToken) throw new CommandSyntaxError(`${verb} needs a kind, e.g. "${verb} clusters"`);
  if (CLIENT_NOUNS.has(nounToken)) {
    if (verb !== 'get') throw new CommandSyntaxError(`cannot ${verb} clients`);
    if (tokens.length > 0) throw new CommandSyntaxError('get clients takes no arguments');
    return { verb, kind: 'clients' };
  }
  const kind = NOUNS[nounToken];
  if (!kind) throw new CommandSyntaxError(`unknown kind "${nounToken.slice(0, 40)}"`);

  const names: string[] = [];
  let all = false;
  let kubeconfig = false;
  let cliConfiguration = false;
  let serviceAccountEmail: string | undefined;
  const options: { image?: string; nodes?: number; domain?: string } = {};
  while (tokens.length > 0) {
    const token = tokens.shift() as string;
    if (token === '-A' || token === '--all') all = true;
    else if (token === '-l' || token === '--list') cliConfiguration = true;
    else if (token === '-c' || token === '--create') {
      const value = tokens.shift();
      if (value === undefined) throw new CommandSyntaxError(`${token} needs an e-mail address`);
      const problem = emailProblem(value);
      if (problem) throw new CommandSyntaxError(`invalid e-mail address: ${problem}`);
      if (serviceAccountEmail !== undefined) throw new CommandSyntaxError(`${token} is given twice`);
      serviceAccountEmail = value;
    } else if (token === '-k' || token === '--kubeconfig') kubeconfig = true;
    else if (token === '-i' || token === '--image' || token === '-n' || token === '--nodes' || token === '-d' || token === '--domain') {
      const value = tokens.shift();
      if (value === undefined) throw new CommandSyntaxError(`${token} needs a value`);
      if (token === '-i' || token === '--image') {
        const problem = imageProblem(value);
        if (problem) throw new CommandSyntaxError(`invalid image: ${problem}`);
        options.image = value;
      } else if (token === '-n' || token === '--nodes') {
        const problem = countProblem(value);
        if (problem) throw new CommandSyntaxError(`invalid node count: ${problem}`);
        options.nodes = Number(value);
      } else {
        const problem = domainProblem(value);
        if (problem) throw new CommandSyntaxError(`invalid domain: ${problem}`);
        options.domain = value;
      }
    } else if (token.startsWith('-')) throw new CommandSyntaxError(`unknown flag "${token.slice(0, 40)}"`);
    else {
      const problem = nameProblem(token);
      if (problem) throw new CommandSyntaxError(`invalid name "${token.slice(0, 40)}": ${problem}`);
      names.push(token);
    }
  }
  if (all && names.length > 0) throw new CommandSyntaxError('give names or -A, not both');
  const target: Target = all ? ALL : { names };
  const hasOptions = options.image !== undefined || options.nodes !== undefined || options.domain !== undefined;

  if (cliConfiguration || serviceAccountEmail !== undefined) {
    if (verb !== 'get' || kind !== 'users') throw new CommandSyntaxError('-c and -l are only for get user');
    if (cliConfiguration && serviceAccountEmail !== undefined) throw new CommandSyntaxError('give -c EMAIL or -l, not both');
    if (all || names.length > 0 || kubeconfig || hasOptions)
      throw new CommandSyntaxError('get user -c EMAIL and get user -l take nothing else');
    return serviceAccountEmail !== undefined
      ? { verb, kind, createServiceAccount: serviceAccountEmail }
      : { verb, kind, cliConfiguration: true };
  }

  if (verb === 'get') {
    if (hasOptions) throw new CommandSyntaxError('get takes no -i, -n or -d');
    if (kubeconfig && (kind !== 'clusters' || names.length !== 1))
      throw new CommandSyntaxError('-k needs exactly one cluster: get cluster NAME -k');
    return { verb, kind, target, kubeconfig };
  }
  if (kubeconfig) throw new CommandSyntaxError('-k is only for get cluster NAME -k');
  if (verb === 'add') {
    if (all) throw new CommandSyntaxError('add does not take -A');
    if (kind === 'clusters') {
      if (names.length === 0) throw new CommandSyntaxError('add cluster needs a name');
      return { verb, kind, names, ...options };
    }
    if (kind === 'nodes') {
      if (names.length !== 1) throw new CommandSyntaxError('add node needs exactly one cluster name');
      if (options.image !== undefined || options.domain !== undefined) throw new CommandSyntaxError('add node takes only -n');
      return { verb, kind, cluster: names[0] as string, ...(options.nodes !== undefined ? { nodes: options.nodes } : {}) };
    }
    throw new CommandSyntaxError(`cannot add ${kind}`);
  }
  if (kind !== 'clusters' && kind !== 'nodes') throw new CommandSyntaxError(`cannot ${verb} ${kind}`);
  if (hasOptions) throw new CommandSyntaxError(`${verb} takes no -i, -n or -d`);
  if (!all && names.length === 0) throw new CommandSyntaxError(`${verb} ${kind} needs names or -A`);
  return { verb, kind, target };
}
