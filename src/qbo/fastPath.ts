// The ingest fast path: does the zod schemas' work on payload elements directly when it is sure
// of the result, and hands everything else to zod (which stays the one authority).
import { integer, MAX_FIELD_CHARS, text, timestamp, toInteger, toTimestamp } from './fields';

// A full listing carries tens of thousands of objects; running each field through zod's generic
// machinery (a result object per field, pipe, union, transform) cost about twice JSON.parse itself
// (docs/PERFORMANCE.md). For objects whose fields are all `text`, `integer` or `timestamp`, the
// plan below does the same work directly: same accepted inputs, same transforms, same output
// (keys in zod's order: declared keys, then unknown keys as they came, `__proto__` never copied).
// Anything it is not sure about (a wrong type, a non-finite number, a non-object, an unusual
// prototype) goes to zod, which stays the one authority on what is rejected and why.
// bench/equivalence.ts checks the two agree (run by `npm run bench`).

const TEXT = 0;
const INTEGER = 1;
const TIMESTAMP = 2;
type FieldKind = typeof TEXT | typeof INTEGER | typeof TIMESTAMP;

interface FastPlan {
  keys: string[];
  kinds: FieldKind[];
  keySet: Set<string>;
}

/** Not decided by the fast path: ask zod. */
const UNSURE = Symbol('unsure');

export type LooseSchema = {
  shape?: Record<string, unknown>;
  safeParse(input: unknown): { success: true; data: unknown } | { success: false };
};

/** The plan of a loose object schema, or undefined when a field is not one the fast path knows. */
function planOf(schema: { shape?: Record<string, unknown> }): FastPlan | undefined {
  if (typeof schema.shape !== 'object' || schema.shape === null) return undefined;
  const keys: string[] = [];
  const kinds: FieldKind[] = [];
  for (const [key, field] of Object.entries(schema.shape)) {
    const kind = field === text ? TEXT : field === integer ? INTEGER : field === timestamp ? TIMESTAMP : undefined;
    if (kind === undefined || key === '__proto__') return undefined;
    keys.push(key);
    kinds.push(kind);
  }
  return { keys, kinds, keySet: new Set(keys) };
}

function fastParse(plan: FastPlan, input: unknown): Record<string, unknown> | typeof UNSURE {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return UNSURE;
  const source = input as Record<string, unknown>;
  return isCanonical(plan, source) ? source : fastCopy(plan, source);
}

/**
 * True when zod's output would be a field-for-field copy of `source`, in the same key order: a
 * plain object whose declared fields already have their output types (text a string, integer
 * and timestamp a finite number; no null or undefined) and come first, in declared order. The
 * usual case; the object is then used as it is, without a copy.
 */
function isCanonical(plan: FastPlan, source: Record<string, unknown>): boolean {
  if (Object.getPrototypeOf(source) !== Object.prototype) return false;
  const { keys, kinds } = plan;
  let next = 0;
  let declaredDone = false;
  for (const key in source) {
    if (key === '__proto__') return false;
    let index = -1;
    if (!declaredDone) {
      // Declared keys may be absent, but those present must come in declared order.
      for (let i = next; i < keys.length; i++) {
        if (keys[i] === key) {
          index = i;
          break;
        }
      }
    }
    const value = source[key];
    if (index < 0) {
      if (plan.keySet.has(key)) return false;
      // An undeclared string over the field limit refuses the element: zod says so.
      if (typeof value === 'string' && value.length > MAX_FIELD_CHARS) return false;
      declaredDone = true;
      continue;
    }
    if (
      kinds[index] === TEXT
        ? typeof value !== 'string' || value.length > MAX_FIELD_CHARS
        : typeof value !== 'number' || !Number.isFinite(value)
    )
      return false;
    next = index + 1;
  }
  return true;
}

/** What zod builds, field by field; UNSURE when a value is of a type zod might reject. */
function fastCopy(plan: FastPlan, source: Record<string, unknown>): Record<string, unknown> | typeof UNSURE {
  const output: Record<string, unknown> = {};
  const { keys, kinds } = plan;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const value = source[key];
    if (value === undefined) {
      // Absent stays absent; present-but-undefined is kept as undefined (as zod does).
      if (key in source) output[key] = undefined;
      continue;
    }
    if (value === null) {
      output[key] = undefined;
      continue;
    }
    const type = typeof value;
    if (type === 'number' && !Number.isFinite(value)) return UNSURE;
    if (type === 'string' && (value as string).length > MAX_FIELD_CHARS) return UNSURE;
    switch (kinds[i]) {
      case TEXT:
        if (type === 'string') output[key] = value;
        else if (type === 'number' || type === 'boolean') output[key] = String(value);
        else return UNSURE;
        break;
      case INTEGER:
        if (type === 'number') output[key] = value;
        else if (type === 'string') output[key] = toInteger(value as string);
        else return UNSURE;
        break;
      default:
        if (type === 'number' || type === 'string') output[key] = toTimestamp(value as number | string);
        else return UNSURE;
    }
  }
  for (const key in source) {
    if (plan.keySet.has(key) || key === '__proto__') continue;
    const value = source[key];
    if (typeof value === 'string' && value.length > MAX_FIELD_CHARS) return UNSURE;
    output[key] = value;
  }
  return output;
}

/** What a validator returns for an element the schema rejects. */
export const REJECTED = Symbol('rejected');

/** zod's output for one element, or REJECTED. */
export type ElementValidator = (element: unknown) => unknown;

const validators = new Map<LooseSchema, ElementValidator>();

/** The validator of a schema's elements (its fast-path plan built on first use), fast when sure, zod otherwise. */
export function validatorFor(schema: LooseSchema): ElementValidator {
  let validator = validators.get(schema);
  if (validator === undefined) {
    const plan = planOf(schema);
    validator = (element) => {
      const fast = plan ? fastParse(plan, element) : UNSURE;
      if (fast !== UNSURE) return fast;
      const parsed = schema.safeParse(element);
      return parsed.success ? parsed.data : REJECTED;
    };
    validators.set(schema, validator);
  }
  return validator;
}
