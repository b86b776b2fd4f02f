// A guard for the ingest fast path of src/qbo/fastPath.ts: whatever interpretServerMessage
// accepts must be exactly what the zod schemas produce (same items, same rejects, same values,
// same key order, same prototype). Checked over the captured frames and over random objects;
// the bench refuses to report ingest figures for a fast path that disagrees with zod.
//   node out/bench/equivalence.js [runs per payload key]
import fc from 'fast-check';
import { interpretServerMessage, PAYLOAD_KEYS, payloadSchemas, type PayloadKey } from '../src/qbo/messages';

type Schema = { shape?: Record<string, unknown>; safeParse(input: unknown): { success: true; data: unknown } | { success: false } };

/** Deep equality that also requires the same key order and prototypes. */
function identical(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length || keysA.some((key, i) => key !== keysB[i])) return false;
  return keysA.every((key) => identical((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/** Undefined when the library's items for `key` equal zod's, else what differs. */
export function compareWithZod(key: PayloadKey, elements: unknown[]): string | undefined {
  const result = interpretServerMessage({ [key]: elements });
  if (!result.ok) return `${key}: message refused (${result.error.detail})`;
  const payload = result.message.payloads[0];
  if (!payload) return `${key}: no payload`;
  const schema = payloadSchemas[key] as unknown as Schema;
  const expected: unknown[] = [];
  let rejected = 0;
  for (const element of elements) {
    const parsed = schema.safeParse(element);
    if (parsed.success) expected.push(parsed.data);
    else rejected++;
  }
  if (payload.rejected !== rejected) return `${key}: ${payload.rejected} rejected, zod rejects ${rejected}`;
  if (payload.items.length !== expected.length) return `${key}: ${payload.items.length} items, zod gives ${expected.length}`;
  const index = payload.items.findIndex((item, i) => !identical(item, expected[i]));
  return index < 0
    ? undefined
    : `${key}: item ${index} differs from zod's (${JSON.stringify(payload.items[index])} vs ${JSON.stringify(expected[index])})`;
}

/** Every payload of the captured frames, element by element. */
export function checkFrames(frames: readonly string[]): number {
  let checked = 0;
  for (const frame of frames) {
    const decoded = JSON.parse(frame) as Record<string, unknown>;
    for (const key of PAYLOAD_KEYS) {
      const value = decoded[key];
      if (value === undefined) continue;
      const elements = Array.isArray(value) ? value : [value];
      const problem = compareWithZod(key, elements);
      if (problem) throw new Error(`fast path disagrees with zod on a captured frame: ${problem}`);
      checked += elements.length;
    }
  }
  return checked;
}

/** Random elements: declared keys in and out of order, wrong types, nulls, extras, `__proto__`. */
export function checkRandom(runsPerKey = 1_500, seed = 4242): number {
  const value = fc.oneof(
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.constantFrom('12', ' 7 ', '', 'x', '2023-06-14T03:27:31Z', '1.5', '-3', '1e3'),
    fc.array(fc.integer(), { maxLength: 2 }),
    fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
  );
  let checked = 0;
  for (const key of PAYLOAD_KEYS) {
    const schema = payloadSchemas[key] as unknown as Schema;
    const declared = schema.shape ? Object.keys(schema.shape) : ['a'];
    const anyKey = fc.oneof(
      fc.constantFrom(...declared),
      fc.constantFrom('extra', 'zz', '0', '17', '__proto__', 'constructor', 'toString'),
      fc.string({ maxLength: 4 }),
    );
    const define = (target: Record<string, unknown>, name: string, content: unknown): void => {
      Object.defineProperty(target, name, { value: content, enumerable: true, writable: true, configurable: true });
    };
    const shuffled = fc.array(fc.tuple(anyKey, value), { maxLength: 14 }).map((entries) => {
      const object: Record<string, unknown> = {};
      for (const [name, content] of entries) define(object, name, content);
      return object;
    });
    const ordered = fc
      .tuple(
        fc.array(fc.tuple(fc.boolean(), fc.oneof(fc.string(), fc.integer(), fc.double(), fc.constant(null))), {
          minLength: declared.length,
          maxLength: declared.length,
        }),
        fc.array(fc.tuple(anyKey, value), { maxLength: 3 }),
      )
      .map(([fields, extras]) => {
        const object: Record<string, unknown> = {};
        fields.forEach(([present, content], i) => {
          if (present) object[declared[i] as string] = content;
        });
        for (const [name, content] of extras) define(object, name, content);
        return object;
      });
    const element = fc.oneof(
      { weight: 6, arbitrary: ordered },
      { weight: 6, arbitrary: shuffled },
      { weight: 1, arbitrary: value },
      { weight: 1, arbitrary: shuffled.map((object) => JSON.parse(JSON.stringify(object)) as unknown) },
      { weight: 1, arbitrary: shuffled.map((object) => Object.assign(Object.create(null) as object, object)) },
    );
    fc.assert(
      fc.property(fc.array(element, { maxLength: 4 }), (elements) => {
        checked++;
        const problem = compareWithZod(key, elements);
        if (problem) throw new Error(problem);
      }),
      { numRuns: runsPerKey, seed },
    );
  }
  return checked;
}

if (require.main === module) {
  const runs = Number(process.argv[2] ?? 20_000);
  const started = performance.now();
  const checked = checkRandom(runs, Date.now() % 100_000);
  console.log(`fast path equals zod over ${checked} random messages (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
