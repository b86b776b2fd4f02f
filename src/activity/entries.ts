// What the Activity view records: one entry per event of a connected profile (another client's
// command, one of ours, a state change of a cluster and its nodes, pod churn of a cluster, a client
// connecting or leaving). The zod schemas are the storage format too: a stored ring is read back
// entry by entry, and an entry that does not validate is dropped, never trusted. Pure.
import * as z from 'zod/mini';

/** Longest server or command text kept in an entry (a command line, an error, an address). */
export const MAX_TEXT = 300;
/** Node changes listed in one state entry; more are only counted. */
export const MAX_NODES_LISTED = 50;

const text = z.string().check(z.maxLength(MAX_TEXT));
const name = z.string().check(z.minLength(1), z.maxLength(MAX_TEXT));
const millis = z.number().check(z.nonnegative());
const count = z.int().check(z.nonnegative());
/** A state as the server wrote it; null while the object does not exist (before it was added, after it was deleted). */
const state = z.nullable(text);

/** Who ran a command: the envelope's `user`, `peer` (address) and `agent` of an `input`, or a `clients` item. */
export const whoSchema = z.object({ user: z.optional(text), address: z.optional(text), agent: z.optional(text) });
export type Who = z.infer<typeof whoSchema>;

/** The command that caused a change, when one is known. */
export const causeSchema = z.object({
  /** The command line, `qbo …`, redacted. */
  line: text,
  /** This client, another one, or not known (a push naming a command nobody here saw). */
  actor: z.enum(['you', 'other', 'unknown']),
  who: z.optional(whoSchema),
});
export type Cause = z.infer<typeof causeSchema>;

const base = {
  /** Unique within its profile's ring, and stable across reloads (a tree row id). */
  id: name,
  /** When it happened (epoch ms); a grouped entry has the time of its latest change. */
  at: millis,
};

export const otherCommandSchema = z.object({
  ...base,
  kind: z.literal('other-command'),
  who: whoSchema,
  line: text,
  /** The clusters the command names (resolved against the inventory); empty with `all`. */
  clusters: z.array(name).check(z.maxLength(100)),
  all: z.boolean(),
  /** For a start, stop, add or delete (what a toast and the Clusters view's note are about): the verb and on what. */
  action: z.optional(z.object({ verb: z.enum(['start', 'stop', 'add', 'delete']), on: z.enum(['clusters', 'nodes']) })),
});

export const ownCommandSchema = z.object({
  ...base,
  kind: z.literal('own-command'),
  line: text,
  clusters: z.array(name).check(z.maxLength(100)),
  all: z.boolean(),
  changesState: z.boolean(),
  /** `running` while in flight; `unknown` when the window closed before it ended. */
  outcome: z.enum(['running', 'done', 'failed', 'unknown']),
  startedAt: millis,
  durationMs: z.optional(millis),
  error: z.optional(text),
});

export const nodeChangeSchema = z.object({ name, key: name, from: state, to: state });
export type NodeChange = z.infer<typeof nodeChangeSchema>;

/** A cluster's state path: where it started, the transitional states on the way, where it is now. */
export const statePathSchema = z.object({ from: state, via: z.array(text).check(z.maxLength(8)), to: state });
export type StatePath = z.infer<typeof statePathSchema>;

export const stateSchema = z.object({
  ...base,
  kind: z.literal('state'),
  cluster: name,
  /** The cluster's inventory key (what a click reveals), when known. */
  clusterKey: z.optional(name),
  /** The cluster's own change; undefined when only nodes changed. */
  change: z.optional(statePathSchema),
  nodes: z.array(nodeChangeSchema).check(z.maxLength(MAX_NODES_LISTED)),
  /** Nodes changed beyond those listed. */
  moreNodes: count,
  cause: z.optional(causeSchema),
});

export const podsSchema = z.object({
  ...base,
  kind: z.literal('pods'),
  cluster: name,
  added: count,
  updated: count,
  removed: count,
  cause: z.optional(causeSchema),
});

export const clientSchema = z.object({
  ...base,
  kind: z.literal('clients'),
  change: z.enum(['connected', 'disconnected']),
  who: whoSchema,
});

export const entrySchema = z.discriminatedUnion('kind', [otherCommandSchema, ownCommandSchema, stateSchema, podsSchema, clientSchema]);

export type OtherCommandEntry = z.infer<typeof otherCommandSchema>;
export type OwnCommandEntry = z.infer<typeof ownCommandSchema>;
export type StateEntry = z.infer<typeof stateSchema>;
export type PodsEntry = z.infer<typeof podsSchema>;
export type ClientEntry = z.infer<typeof clientSchema>;
export type ActivityEntry = z.infer<typeof entrySchema>;
export type ActivityKind = ActivityEntry['kind'];

/** Every kind, in the order the filter lists them. */
export const ACTIVITY_KINDS: readonly ActivityKind[] = ['other-command', 'own-command', 'state', 'pods', 'clients'];

/** The clusters an entry is about (for the filter and the click); `all` for a command on every cluster. */
export function entryClusters(entry: ActivityEntry): readonly string[] | 'all' {
  switch (entry.kind) {
    case 'other-command':
    case 'own-command':
      return entry.all ? 'all' : entry.clusters;
    case 'state':
    case 'pods':
      return [entry.cluster];
    case 'clients':
      return [];
  }
}
