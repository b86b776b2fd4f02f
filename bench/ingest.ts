// 1. Ingest: entity updates per second through parse + validate + inventory apply, beside a
// JSON.parse-only baseline timed in the same run over the same frames. The frames are the real
// text frames of a full listing of the large world, captured from the emulator over loopback.
import { randomUUID } from 'node:crypto';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import WebSocket from 'ws';
import { getCommand, renderCommand } from '../src/qbo/commands';
import { buildCookie, type QboCredentials } from '../src/qbo/credentials';
import { INVENTORY_KINDS, Inventory, type InventoryKind } from '../src/qbo/inventory';
import { parseServerMessage } from '../src/qbo/messages';
import { LISTED_KINDS } from '../src/session/session';
import { checkFrames, checkRandom } from './equivalence';
import { median, round } from './lib';

export interface CapturedListing {
  /** Every text frame the server sent for the listings, in arrival order. */
  frames: string[];
  /** The listing requests (the inventory tracks them to sweep, as the session does). */
  listings: { uuid: string; kind: InventoryKind }[];
  /** Objects of inventory kinds the frames carry. */
  entities: number;
  bytes: number;
}

/** Lists every kind the session lists (`get KIND -A`) over a raw socket and keeps the frames. */
export async function captureListing(credentials: QboCredentials, url: string): Promise<CapturedListing> {
  const cookie = await buildCookie(credentials);
  const socket = new WebSocket(url, ['qbo'], { headers: { Cookie: cookie }, perMessageDeflate: false, handshakeTimeout: 10_000 });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) => reject(new Error(`capture socket refused: HTTP ${response.statusCode}`)));
  });
  const frames: string[] = [];
  const listings: { uuid: string; kind: InventoryKind }[] = [];
  try {
    for (const kind of LISTED_KINDS) {
      const uuid = randomUUID();
      listings.push({ uuid, kind });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`capture: no CMD_DONE for get ${kind} -A`)), 30_000);
        const onMessage = (data: WebSocket.RawData, isBinary: boolean): void => {
          if (isBinary) return;
          const text = Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8');
          frames.push(text);
          const decoded = JSON.parse(text) as { uuid?: string; command?: string; code?: number };
          if (decoded.uuid === uuid && (decoded.command === 'CMD_DONE' || (decoded.code ?? 200) >= 400)) {
            clearTimeout(timer);
            socket.off('message', onMessage);
            if ((decoded.code ?? 200) >= 400) reject(new Error(`capture: get ${kind} -A failed (${decoded.code})`));
            else resolve();
          }
        };
        socket.on('message', onMessage);
        socket.send(JSON.stringify({ cmd: renderCommand(getCommand(kind)), uuid }));
      });
    }
  } finally {
    socket.close();
  }
  let entities = 0;
  let bytes = 0;
  for (const frame of frames) {
    bytes += Buffer.byteLength(frame);
    const decoded = JSON.parse(frame) as Record<string, unknown>;
    for (const kind of INVENTORY_KINDS) if (Array.isArray(decoded[kind])) entities += (decoded[kind] as unknown[]).length;
  }
  return { frames, listings, entities, bytes };
}

/** `gc()` without the --expose-gc flag (the npm script runs plain `node`). */
function getGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

let sink = 0;

function timeJsonParse(frames: readonly string[]): number {
  const start = performance.now();
  for (const frame of frames) {
    const value = JSON.parse(frame) as Record<string, unknown>;
    if (value.code !== undefined) sink++;
  }
  return performance.now() - start;
}

/** parseServerMessage alone, nothing kept: depth pre-scan + JSON.parse + validation. */
function timeParse(frames: readonly string[]): number {
  const start = performance.now();
  for (const frame of frames) if (parseServerMessage(frame).ok) sink++;
  return performance.now() - start;
}

/** A fresh inventory filled by the captured listing: the first listing after connecting. */
function timePipeline(capture: CapturedListing, inventory = new Inventory({ coalesceMs: 10 })): { ms: number; inventory: Inventory } {
  for (const { uuid, kind } of capture.listings) inventory.trackListing(uuid, kind);
  const start = performance.now();
  for (const frame of capture.frames) {
    const parsed = parseServerMessage(frame);
    if (parsed.ok) inventory.apply(parsed.message);
  }
  inventory.flush();
  const ms = performance.now() - start;
  return { ms, inventory };
}

export interface IngestResult {
  frames: number;
  bytes: number;
  entities: number;
  iterations: number;
  json_parse_ms: number;
  pipeline_ms: number;
  json_parse_per_s: number;
  ingest_per_s: number;
  ingest_ratio_vs_json_parse: number;
  /** Re-listing into a full inventory (every object unchanged): the reconnect case. */
  relist_per_s: number;
  /**
   * Where the pipeline's time goes (medians, and differences of medians): JSON.parse; the rest of
   * parseServerMessage (nesting-depth pre-scan and schema validation, nothing kept); the inventory
   * (apply, indexes, change batch, and the garbage collection of all it keeps).
   */
  stages_ms: { json_parse: number; depth_scan_and_validate: number; inventory: number };
  /** The same ratio from the fastest run of each: less sensitive to a busy machine. */
  ratio_of_best_runs: number;
  /** Elements of the captured frames, and random messages, on which the fast path equalled zod. */
  fast_path_checked: { frame_elements: number; random_messages: number };
}

export function measureIngest(capture: CapturedListing, iterations = 15, warmup = 3): IngestResult {
  const gc = getGc();
  const jsonTimes: number[] = [];
  const pipelineTimes: number[] = [];
  const relistTimes: number[] = [];
  const parseTimes: number[] = [];
  for (let i = 0; i < warmup + iterations; i++) {
    // Interleaved, each from a collected heap, so drift and leftover garbage hit both alike.
    gc();
    const json = timeJsonParse(capture.frames);
    gc();
    const parse = timeParse(capture.frames);
    gc();
    const first = timePipeline(capture);
    const expected = capture.entities;
    const held = INVENTORY_KINDS.reduce((sum, kind) => sum + first.inventory.size(kind), 0);
    if (held !== expected) throw new Error(`ingest: the inventory holds ${held} objects, the frames carry ${expected}`);
    gc();
    const again = timePipeline(capture, first.inventory);
    again.inventory.dispose();
    if (i >= warmup) {
      jsonTimes.push(json);
      pipelineTimes.push(first.ms);
      relistTimes.push(again.ms);
      parseTimes.push(parse);
    }
  }
  if (sink === -1) console.log(sink);
  // Then make sure what was timed is the validation zod would do. Afterwards, not before: random
  // objects of every shape would leave the fast path's inline caches megamorphic, which the
  // extension, fed only by the server, never sees.
  const fastPathChecked = { frame_elements: checkFrames(capture.frames), random_messages: checkRandom() };
  const jsonMs = median(jsonTimes);
  const pipelineMs = median(pipelineTimes);
  const relistMs = median(relistTimes);
  const perSecond = (ms: number): number => Math.round(capture.entities / (ms / 1000));
  return {
    frames: capture.frames.length,
    bytes: capture.bytes,
    entities: capture.entities,
    iterations,
    json_parse_ms: round(jsonMs),
    pipeline_ms: round(pipelineMs),
    json_parse_per_s: perSecond(jsonMs),
    ingest_per_s: perSecond(pipelineMs),
    ingest_ratio_vs_json_parse: round(jsonMs / pipelineMs, 3),
    relist_per_s: perSecond(relistMs),
    stages_ms: {
      json_parse: round(jsonMs),
      depth_scan_and_validate: round(median(parseTimes) - jsonMs),
      inventory: round(pipelineMs - median(parseTimes)),
    },
    ratio_of_best_runs: round(Math.min(...jsonTimes) / Math.min(...pipelineTimes), 3),
    fast_path_checked: fastPathChecked,
  };
}
