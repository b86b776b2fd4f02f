// The three tolerant field types of the wire (text, integer, timestamp) and their normalisers,
// shared by the message schemas (messages.ts) and the fast path that must match them (fastPath.ts).
import * as z from 'zod/mini';

/** Normalises a `text` field: strings as they are, numbers and booleans as strings, null to undefined. */
function toText(value: string | number | boolean | null | undefined): string | undefined {
  return value === null || value === undefined ? undefined : String(value);
}

/** Normalises an `integer` field: numbers as they are, numeric strings parsed, anything else undefined. */
export function toInteger(value: number | string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const parsed = typeof value === 'number' ? value : Number(value.trim());
  return Number.isFinite(parsed) && (typeof value === 'number' || value.trim() !== '') ? parsed : undefined;
}

/** Normalises a `timestamp`: numbers and numeric strings as microseconds, an ISO date converted. */
export function toTimestamp(value: number | string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const trimmed = value.trim();
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  const millis = Date.parse(trimmed);
  return Number.isNaN(millis) ? undefined : millis * 1000;
}

/**
 * The longest string one field of a server object may hold, declared or not (64 Ki characters: a
 * kubeconfig is about 6 K, a name at most 253). An element with a longer one is refused like any
 * invalid element, never cut: a cut name or kubeconfig would be another, wrong value
 * (docs/DECISIONS.md, "Bounded resources").
 */
export const MAX_FIELD_CHARS = 65_536;

const boundedString = z.string().check(z.maxLength(MAX_FIELD_CHARS));

/** Whether a field's value is within MAX_FIELD_CHARS (what is not a string always is). */
export function withinFieldLimit(value: unknown): boolean {
  return typeof value !== 'string' || value.length <= MAX_FIELD_CHARS;
}

/** A field no schema declares: kept as it came, unless it is a string longer than MAX_FIELD_CHARS. */
export const undeclared = z.unknown().check(z.refine(withinFieldLimit));

/** A string field that real servers sometimes send as a number; normalised to string. */
export const text = z.pipe(z.nullish(z.union([boundedString, z.number(), z.boolean()])), z.transform(toText));

/** An integer field that real servers sometimes send as a string; unparseable values become undefined. */
export const integer = z.pipe(z.nullish(z.union([z.number(), boundedString])), z.transform(toInteger));

/**
 * `timestamp`: the schema says string, real servers send integer microseconds since the epoch.
 * Numbers and numeric strings are kept as microseconds; an ISO date string is converted.
 */
export const timestamp = z.pipe(z.nullish(z.union([z.number(), boundedString])), z.transform(toTimestamp));
