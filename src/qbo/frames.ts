// The client → server command frames: the publish messages of the AsyncAPI document, checked by
// the emulator on every frame it receives (docs/PROTOCOL.md §3).
import * as z from 'zod/mini';

/** The client → server command frame (the six publish messages share this shape). */
export const commandFrameSchema = z.object({
  cmd: z.string().check(z.minLength(1)),
  uuid: z.string().check(z.minLength(1)),
});
export type CommandFrame = z.infer<typeof commandFrameSchema>;

/** A command frame whose command line starts with `verb` (its first word, after an optional `qbo`). */
function commandOf(verb: string, alias?: string) {
  return z.object({
    cmd: z.string().check(
      z.refine((cmd) => {
        const words = cmd.trim().split(/\s+/);
        const first = words[0] === 'qbo' ? words[1] : words[0];
        return first === verb || (alias !== undefined && first === alias);
      }),
    ),
    uuid: z.string().check(z.minLength(1)),
  });
}

/** The six publish messages of the AsyncAPI document, each by its verb. */
export const commandSchemas = {
  version: z.object({ cmd: z.literal('version'), uuid: z.string().check(z.minLength(1)) }),
  get: commandOf('get'),
  start: commandOf('start'),
  stop: commandOf('stop'),
  add: commandOf('add'),
  delete: commandOf('delete', 'del'),
} as const;
