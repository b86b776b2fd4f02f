// 1b. Ingest over the socket: the frames of a full listing of the large world, sent by the
// emulator's host process over a real loopback WebSocket into a real QboSession (WebSocket
// decoding, the client's dispatch, parsing, validation, the inventory), against JSON.parse of the
// same bytes timed in this process in the same run.
import { parseCliJson } from '../src/qbo/credentials';
import { INVENTORY_KINDS } from '../src/qbo/inventory';
import type { CapturedListing } from './ingest';
import { benchSession, median, round, within, type EmulatorHost } from './lib';

export interface SocketIngestResult {
  runs: number;
  entities: number;
  bytes: number;
  /** Session listing (status loading → ready), median. */
  socket_pipeline_ms: number;
  json_parse_ms: number;
  ingest_socket_per_s: number;
  ingest_socket_ratio_vs_json_parse: number;
}

function timeJsonParse(frames: readonly string[]): number {
  const start = performance.now();
  let codes = 0;
  for (const frame of frames) if ((JSON.parse(frame) as { code?: unknown }).code !== undefined) codes++;
  const ms = performance.now() - start;
  if (codes === 0) throw new Error('no frame had a code');
  return ms;
}

export async function measureSocketIngest(host: EmulatorHost, capture: CapturedListing, runs = 9, warmup = 2): Promise<SocketIngestResult> {
  const listings = capture.listings.map(({ uuid, kind }) => ({
    kind,
    uuid,
    frames: capture.frames.filter((frame) => frame.includes(uuid)),
  }));
  const url = new URL((await host.call({ op: 'replay', listings })) as string);
  const credentials = parseCliJson({ ...cliOf(host), qbo_host: url.hostname, qbo_port: Number(url.port) }, 'replay');
  const sessionTimes: number[] = [];
  const jsonTimes: number[] = [];
  for (let i = 0; i < warmup + runs; i++) {
    const session = benchSession(credentials);
    let loadingAt: number | undefined;
    const subscription = session.onStatus((status) => {
      if (status.kind === 'loading' && loadingAt === undefined) loadingAt = performance.now();
    });
    try {
      session.start();
      if (!(await within(session.whenReady(60_000), 65_000, 'socket ingest listing'))) throw new Error('socket ingest: session not ready');
      const readyAt = performance.now();
      if (loadingAt === undefined) throw new Error('socket ingest: no loading status seen');
      const held = INVENTORY_KINDS.reduce((sum, kind) => sum + session.inventory.size(kind), 0);
      if (held !== capture.entities)
        throw new Error(`socket ingest: the inventory holds ${held} objects, the frames carry ${capture.entities}`);
      const json = timeJsonParse(capture.frames);
      if (i >= warmup) {
        sessionTimes.push(readyAt - loadingAt);
        jsonTimes.push(json);
      }
    } finally {
      subscription.dispose();
      session.dispose();
    }
  }
  const socketMs = median(sessionTimes);
  const jsonMs = median(jsonTimes);
  return {
    runs,
    entities: capture.entities,
    bytes: capture.bytes,
    socket_pipeline_ms: round(socketMs),
    json_parse_ms: round(jsonMs),
    ingest_socket_per_s: Math.round(capture.entities / (socketMs / 1000)),
    ingest_socket_ratio_vs_json_parse: round(jsonMs / socketMs, 3),
  };
}

/** The bench account's cli.json fields, re-pointed at the replay server by the caller. */
function cliOf(host: EmulatorHost): Record<string, unknown> {
  const credentials = host.credentials;
  if (credentials.kind === 'service-account')
    return { qbo_uid: credentials.publicKey, qbo_aux: credentials.aux, ...(credentials.user ? { qbo_user: credentials.user } : {}) };
  return { qbo_uid: credentials.token };
}
