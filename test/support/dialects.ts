// The server dialects the end-to-end suites run against (docs/PROTOCOL.md §4 and §8): the emulator's
// default lifecycle with deleted pushes, and a single-reply server that never pushes deletions,
// with a 5 s request timeout so any command waiting for a terminator that never comes fails.
// A runner takes `--dialect NAME` and names the dialect in its closing line.

export interface Dialect {
  name: 'lifecycle' | 'single';
  /** Words for the runner's closing line (`.ci/run` reads `name (words): N passed, N failed`). */
  label: string;
  emulatorFlags: readonly string[];
  /** User settings added for this dialect. */
  settings: Readonly<Record<string, unknown>>;
}

export const DIALECTS: Readonly<Record<Dialect['name'], Dialect>> = {
  lifecycle: { name: 'lifecycle', label: 'lifecycle', emulatorFlags: [], settings: {} },
  single: {
    name: 'single',
    label: 'single replies without deleted pushes',
    emulatorFlags: ['--replies', 'single', '--deleted-pushes', 'off'],
    settings: { 'qbo.requestTimeoutSeconds': 5 },
  },
};

/** The dialect named by `--dialect NAME` (default lifecycle); an unknown name throws. */
export function dialectFromArgs(argv: readonly string[] = process.argv): Dialect {
  const index = argv.indexOf('--dialect');
  if (index < 0) return DIALECTS.lifecycle;
  const name = argv[index + 1];
  if (name !== 'lifecycle' && name !== 'single') throw new Error(`--dialect needs lifecycle or single, got "${name ?? ''}"`);
  return DIALECTS[name];
}
