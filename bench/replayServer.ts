// A loopback WebSocket server that answers each `get KIND -A` with the frames the emulator sent
// for that listing, captured earlier, with the request's uuid put in. It runs in the emulator's
// host process, so the client receives real frames over a real socket without the cost of
// building them counted on either side of the measurement.
import { WebSocketServer } from 'ws';

export interface ReplayServer {
  url: string;
  close(): Promise<void>;
}

interface Listing {
  /** Each frame split around the captured uuid, so a new uuid is put in by one join. */
  frames: string[][];
}

export async function startReplayServer(listings: { kind: string; uuid: string; frames: string[] }[]): Promise<ReplayServer> {
  const byKind = new Map<string, Listing>();
  for (const { kind, uuid, frames } of listings) byKind.set(kind, { frames: frames.map((frame) => frame.split(uuid)) });
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    perMessageDeflate: false,
    handleProtocols: (offered) => (offered.has('qbo') ? 'qbo' : false),
  });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  server.on('connection', (socket) => {
    socket.on('message', (data) => {
      let request: { cmd?: unknown; uuid?: unknown };
      try {
        request = JSON.parse(String(data)) as { cmd?: unknown; uuid?: unknown };
      } catch {
        return;
      }
      const kind = typeof request.cmd === 'string' ? /^get (\S+) -A$/.exec(request.cmd)?.[1] : undefined;
      const listing = kind ? byKind.get(kind) : undefined;
      if (!listing || typeof request.uuid !== 'string') return;
      for (const parts of listing.frames) socket.send(parts.join(request.uuid));
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `ws://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
