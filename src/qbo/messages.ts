// Zod schemas for every message of the qbo AsyncAPI document, tolerant in exactly the ways
// the vendor's real servers differ from it (PROTOCOL.md §4): array or single-object payloads,
// number or string timestamps, opaque ids, unknown fields kept.
// zod/mini keeps the bundle small (the classic API with its locales weighs ~450 KB minified).
import * as z from 'zod/mini';

/** A string field that real servers sometimes send as a number; normalised to string. */
const text = z.pipe(
  z.nullish(z.union([z.string(), z.number(), z.boolean()])),
  z.transform((value) => (value === null || value === undefined ? undefined : String(value))),
);

/** An integer field that real servers sometimes send as a string; unparseable values become undefined. */
const integer = z.pipe(
  z.nullish(z.union([z.number(), z.string()])),
  z.transform((value) => {
    if (value === null || value === undefined) return undefined;
    const parsed = typeof value === 'number' ? value : Number(value.trim());
    return Number.isFinite(parsed) && (typeof value === 'number' || value.trim() !== '') ? parsed : undefined;
  }),
);

/**
 * `timestamp`: the schema says string, real servers send integer microseconds since the epoch.
 * Numbers and numeric strings are kept as microseconds; an ISO date string is converted.
 */
const timestamp = z.pipe(
  z.nullish(z.union([z.number(), z.string()])),
  z.transform((value) => {
    if (value === null || value === undefined) return undefined;
    if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
    const trimmed = value.trim();
    if (/^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
    const millis = Date.parse(trimmed);
    return Number.isNaN(millis) ? undefined : millis * 1000;
  }),
);

export const clusterSchema = z.looseObject({
  id: text,
  name: text,
  state: text,
  address: text,
  control_plane: text,
  user: text,
});

export const nodeSchema = z.looseObject({
  id: text,
  name: text,
  image: text,
  cluster: text,
  cluster_id: text,
  state: text,
  address: text,
  os: text,
  kernel: text,
  user: text,
});

export const podSchema = z.looseObject({
  id: text,
  name: text,
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

export const serviceSchema = z.looseObject({
  id: text,
  name: text,
  namespace: text,
  address: text,
  external_address: text,
  type: text,
  port_name: text,
  port_number: integer,
  target_port: integer,
  node_port: integer,
  protocol: text,
  cluster: text,
  user: text,
});

export const networkSchema = z.looseObject({
  id: text,
  name: text,
  subnet: text,
  state: text,
  user: text,
});

export const ipvsSchema = z.looseObject({
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

export const userSchema = z.looseObject({
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

export const clientSchema = z.looseObject({
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

export const imageSchema = z.looseObject({
  name: text,
  registry: text,
  user: text,
  repository: text,
  image: text,
  tag: text,
});

/** One line of command output. `kubeconfig` carries `get cluster NAME -k` (PROTOCOL.md §5). */
export const outputLineSchema = z.looseObject({ message: text, kubeconfig: text });
export const inputLineSchema = z.looseObject({ message: text });
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

export type ParseErrorKind = 'too-large' | 'not-json' | 'not-object' | 'invalid-envelope';

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

const ENVELOPE_KEYS = new Set(Object.keys(envelopeSchema.shape));

function toArray(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value === null || value === undefined) return [];
  return [value];
}

function parsePayload<K extends PayloadKey>(key: K, value: unknown): Payload {
  const schema = payloadSchemas[key];
  const items: PayloadTypes[K][] = [];
  let rejected = 0;
  for (const element of toArray(value)) {
    const parsed = schema.safeParse(element);
    if (parsed.success) items.push(parsed.data as PayloadTypes[K]);
    else rejected++;
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

/** The client → server command frame (the six publish messages share this shape). */
export const commandFrameSchema = z.object({
  cmd: z.string().check(z.minLength(1)),
  uuid: z.string().check(z.minLength(1)),
});
export type CommandFrame = z.infer<typeof commandFrameSchema>;
