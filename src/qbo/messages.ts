// The server → client messages: a zod schema for each of the qbo AsyncAPI document, tolerant in
// exactly the ways the vendor's real servers differ from it (docs/PROTOCOL.md §4: array or
// single-object payloads, number or string timestamps, opaque ids, unknown fields kept), and the
// parse of one frame into a typed message (element validation itself is in fastPath.ts).
// zod/mini keeps the bundle small (the classic API with its locales weighs ~450 KB minified).
import * as z from 'zod/mini';
import { validatorFor, REJECTED, type LooseSchema } from './fastPath';
import { integer, text, timestamp, undeclared } from './fields';

/**
 * The schema of a payload element: the declared fields, and any others kept as they came (a
 * string field over MAX_FIELD_CHARS, declared or not, refuses the element).
 */
function element<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.catchall(z.object(shape), undeclared);
}

// Fields are declared in the order real servers write them (docs/PROTOCOL.md §7: `name` before
// `id`): zod's output keeps declared order, so an object that arrives in this order is already
// zod's output and the fast path keeps it without a copy.
export const clusterSchema = element({
  name: text,
  id: text,
  state: text,
  address: text,
  control_plane: text,
  image: text,
  user: text,
});

export const nodeSchema = element({
  name: text,
  id: text,
  image: text,
  cluster: text,
  state: text,
  address: text,
  os: text,
  kernel: text,
  user: text,
  cluster_id: text,
});

export const podSchema = element({
  name: text,
  id: text,
  namespace: text,
  address: text,
  status: text,
  ready: integer,
  started: integer,
  node: text,
  node_status: text,
  cluster: text,
  cluster_id: text,
  user: text,
});

export const serviceSchema = element({
  name: text,
  id: text,
  namespace: text,
  address: text,
  type: text,
  port_name: text,
  port_number: integer,
  target_port: integer,
  node_port: integer,
  protocol: text,
  external_address: text,
  cluster: text,
  user: text,
});

export const networkSchema = element({
  name: text,
  id: text,
  subnet: text,
  state: text,
  user: text,
});

export const ipvsSchema = element({
  id: text,
  vip: text,
  vip_port: text,
  rip: text,
  rip_port: text,
  aux: text,
  protocol: text,
  scheduler: text,
  forward: text,
  weight: integer,
  state: text,
  node: text,
  cluster: text,
  user: text,
});

export const userSchema = element({
  id: text,
  uuid: text,
  name: text,
  email: text,
  picture: text,
  self: integer,
  type: integer,
  status: integer,
  shell: text,
  // `cli` holds the account's own client configuration; kept as an opaque object and never logged.
  cli: z.pipe(
    z.nullish(z.looseObject({ exp: integer })),
    z.transform((value) => value ?? undefined),
  ),
});

export const clientSchema = element({
  timestamp: timestamp,
  user: text,
  mirror: text,
  control: integer,
  address: text,
  agent: text,
  command: text,
  command_id: text,
  process_id: integer,
  thread_id: integer,
  wsi: text,
  wss_over_h2: integer,
  host: text,
});

export const imageSchema = element({
  name: text,
  registry: text,
  user: text,
  repository: text,
  image: text,
  tag: text,
});

/**
 * One entry of `cli`, the answer to `get user -l` (docs/PROTOCOL.md §2): a client configuration,
 * usually the temporary token `{qbo_port, qbo_host, qbo_uid}`. `qbo_uid` is a token string or a
 * public key object, so it is kept as it came; the whole entry is secret and never logged.
 */
export const cliConfigurationSchema = element({
  qbo_host: text,
  qbo_port: integer,
  qbo_uid: z.unknown(),
  qbo_aux: text,
  qbo_user: text,
});

/** One line of command output. `kubeconfig` carries `get cluster NAME -k` (docs/PROTOCOL.md §5). */
export const outputLineSchema = element({ message: text, kubeconfig: text });
export const inputLineSchema = element({ message: text });
/** `version` is an array of free-form objects whose keys change between releases. */
export const versionEntrySchema = z.record(z.string(), z.unknown());

export type Cluster = Partial<z.infer<typeof clusterSchema>>;
export type QboNode = Partial<z.infer<typeof nodeSchema>>;
export type Pod = Partial<z.infer<typeof podSchema>>;
export type Service = Partial<z.infer<typeof serviceSchema>>;
export type Network = Partial<z.infer<typeof networkSchema>>;
export type Ipvs = Partial<z.infer<typeof ipvsSchema>>;
export type User = Partial<z.infer<typeof userSchema>>;
export type Client = Partial<z.infer<typeof clientSchema>>;
export type Image = Partial<z.infer<typeof imageSchema>>;
export type OutputLine = Partial<z.infer<typeof outputLineSchema>>;
export type InputLine = Partial<z.infer<typeof inputLineSchema>>;
export type VersionEntry = z.infer<typeof versionEntrySchema>;
export type CliConfigurationEntry = Partial<z.infer<typeof cliConfigurationSchema>>;

/** Payload keys and the schema of one element of each. */
export const payloadSchemas = {
  clusters: clusterSchema,
  nodes: nodeSchema,
  pods: podSchema,
  services: serviceSchema,
  networks: networkSchema,
  ipvs: ipvsSchema,
  users: userSchema,
  clients: clientSchema,
  images: imageSchema,
  output: outputLineSchema,
  input: inputLineSchema,
  version: versionEntrySchema,
  cli: cliConfigurationSchema,
} as const;

export type PayloadKey = keyof typeof payloadSchemas;
export const PAYLOAD_KEYS = Object.keys(payloadSchemas) as PayloadKey[];

export interface PayloadTypes {
  clusters: Cluster;
  nodes: QboNode;
  pods: Pod;
  services: Service;
  networks: Network;
  ipvs: Ipvs;
  users: User;
  clients: Client;
  images: Image;
  output: OutputLine;
  input: InputLine;
  version: VersionEntry;
  cli: CliConfigurationEntry;
}

/** The envelope fields every server message may carry (all optional: servers omit some). */
export const envelopeSchema = z.looseObject({
  timestamp: timestamp,
  status: text,
  code: integer,
  command_id: text,
  command_line: text,
  command: text,
  subcommand: text,
  apicommand: text,
  callback: text,
  uuid: text,
  user: text,
  agent: text,
  peer: text,
  host: text,
  source: text,
  wsi: text,
  thread_id: integer,
  vhost: text,
});
export type Envelope = z.infer<typeof envelopeSchema>;

/** A payload: the elements that validated, plus a count of those that did not. */
export type Payload = {
  [K in PayloadKey]: { key: K; items: PayloadTypes[K][]; rejected: number };
}[PayloadKey];

export interface ServerMessage {
  envelope: Envelope;
  /** Payloads in the order their keys appeared; usually zero or one. */
  payloads: Payload[];
  /** Payload-like keys this client does not know (kept for the raw view). */
  unknownKeys: string[];
  /** The whole decoded object, unknown fields included, for "Show JSON". */
  raw: Record<string, unknown>;
  /** True for the final message of a command (`CMD_DONE`). */
  final: boolean;
  /** True for a mirror push that answers no request of ours (`CMD_WATCH` or no uuid). */
  watch: boolean;
}

export type ParseErrorKind = 'too-large' | 'too-deep' | 'not-json' | 'not-object' | 'invalid-envelope';

export interface ParseError {
  kind: ParseErrorKind;
  /** A short, secret-free description for logs: never the frame itself. */
  detail: string;
  /** Size of the offending frame in characters. */
  length: number;
}

export type ParseResult = { ok: true; message: ServerMessage } | { ok: false; error: ParseError };

/** Frames longer than this are refused before JSON.parse (the socket caps bytes too). */
export const DEFAULT_MAX_MESSAGE_CHARS = 64 * 1024 * 1024;

/**
 * Real messages nest four or five levels deep. Far deeper nesting is refused before JSON.parse:
 * recursive consumers (JSON.stringify for equality checks and "Show JSON") would overflow the stack.
 */
export const MAX_MESSAGE_DEPTH = 64;

/** True when arrays and objects in a JSON text nest deeper than `limit` (string contents skipped). */
function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: jump to its closing quote with indexOf (most of a frame is strings; a
      // character loop here cost as much as JSON.parse). A quote closes the string when an even
      // number of backslashes precede it (pairs escape each other; an odd one escapes the quote).
      let from = i + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote < 0) return false; // unterminated: the rest is inside the string
        let backslashes = 0;
        for (let j = quote - 1; j > i && text.charCodeAt(j) === 0x5c; j--) backslashes++;
        if ((backslashes & 1) === 0) {
          i = quote + 1;
          break;
        }
        from = quote + 1;
      }
      continue;
    }
    if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
    i++;
  }
  return false;
}

const ENVELOPE_KEYS = new Set(Object.keys(envelopeSchema.shape));

function toArray(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value === null || value === undefined) return [];
  return [value];
}

function parsePayload<K extends PayloadKey>(key: K, value: unknown): Payload {
  const validate = validatorFor(payloadSchemas[key] as LooseSchema);
  const items: PayloadTypes[K][] = [];
  let rejected = 0;
  for (const element of toArray(value)) {
    const item = validate(element);
    if (item === REJECTED) rejected++;
    else items.push(item as PayloadTypes[K]);
  }
  return { key, items, rejected } as Payload;
}

function isPayloadKey(key: string): key is PayloadKey {
  return Object.prototype.hasOwnProperty.call(payloadSchemas, key);
}

/** Interprets an already-decoded value as a server message. Never throws. */
export function interpretServerMessage(decoded: unknown, length = 0): ParseResult {
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) {
    const what = Array.isArray(decoded) ? 'an array' : decoded === null ? 'null' : typeof decoded;
    return { ok: false, error: { kind: 'not-object', detail: `expected a JSON object, got ${what}`, length } };
  }
  const raw = decoded as Record<string, unknown>;
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) {
    const issue = envelope.error.issues[0];
    const where = issue?.path.join('.') || '(root)';
    return { ok: false, error: { kind: 'invalid-envelope', detail: `invalid field ${where}`, length } };
  }
  const payloads: Payload[] = [];
  const unknownKeys: string[] = [];
  for (const key of Object.keys(raw)) {
    if (isPayloadKey(key)) payloads.push(parsePayload(key, raw[key]));
    else if (!ENVELOPE_KEYS.has(key)) unknownKeys.push(key);
  }
  const env = envelope.data;
  return {
    ok: true,
    message: {
      envelope: env,
      payloads,
      unknownKeys,
      raw,
      final: env.command === 'CMD_DONE',
      watch: env.command === 'CMD_WATCH' || !env.uuid,
    },
  };
}

/** Parses one text frame from the server. Never throws: returns a typed message or a typed error. */
export function parseServerMessage(text: string, maxChars = DEFAULT_MAX_MESSAGE_CHARS): ParseResult {
  const length = typeof text === 'string' ? text.length : 0;
  if (typeof text !== 'string') {
    return { ok: false, error: { kind: 'not-json', detail: 'frame is not text', length } };
  }
  if (length > maxChars) {
    return { ok: false, error: { kind: 'too-large', detail: `frame of ${length} characters exceeds ${maxChars}`, length } };
  }
  if (nestsDeeperThan(text, MAX_MESSAGE_DEPTH)) {
    return { ok: false, error: { kind: 'too-deep', detail: `frame nests deeper than ${MAX_MESSAGE_DEPTH} levels`, length } };
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof SyntaxError ? 'malformed JSON' : 'undecodable frame';
    return { ok: false, error: { kind: 'not-json', detail: reason, length } };
  }
  return interpretServerMessage(decoded, length);
}

/** Output lines of a message as plain text (`message` fields), in order. */
export function outputMessages(message: ServerMessage): string[] {
  const lines: string[] = [];
  for (const payload of message.payloads) {
    if (payload.key !== 'output') continue;
    for (const line of payload.items) if (line.message !== undefined) lines.push(line.message);
  }
  return lines;
}

// Client → server frames live in frames.ts; re-exported so this stays the one import for message shapes.
export { commandFrameSchema, commandSchemas, type CommandFrame } from './frames';
