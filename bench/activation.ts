// Activation as the user pays it: fresh Node processes load the production bundle (with a
// stand-in `vscode`) and call activate(); baseline processes of the same harness load an empty
// module. activate_total_ms = median(bundle process) − median(baseline process), so Node's own
// start-up cancels out and what remains is loading zod, ws, yaml, jose and our code, plus activate().
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { median, round } from './lib';

export interface ActivationResult {
  activate_total_ms: number;
  bundle_process_median_ms: number;
  baseline_process_median_ms: number;
  load_median_ms: number;
  activate_call_median_ms: number;
  processes: number;
}

interface ChildRun {
  wallMs: number;
  loadMs: number;
  activateMs: number;
}

function runChild(mode: 'bundle' | 'empty', file: string): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [path.join(__dirname, 'activationChild.js'), mode, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      if (code !== 0) return reject(new Error(`activation child (${mode}) exited ${code}: ${stderr.trim().slice(0, 500)}`));
      const line = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { load_ms?: number; activate_ms?: number };
      resolve({ wallMs, loadMs: line.load_ms ?? NaN, activateMs: line.activate_ms ?? NaN });
    });
  });
}

/** Interleaves bundle and baseline processes so that load on the machine hits both alike. */
export async function measureActivation(bundleFile: string, processes = 31): Promise<ActivationResult> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'qbo-bench-empty-'));
  const empty = path.join(scratch, 'empty.js');
  fs.writeFileSync(empty, 'module.exports = {};\n');
  try {
    // One warm-up of each fills the OS file cache, as a second VS Code start would find it.
    await runChild('bundle', bundleFile);
    await runChild('empty', empty);
    const bundleRuns: ChildRun[] = [];
    const baselineRuns: ChildRun[] = [];
    for (let i = 0; i < processes; i++) {
      bundleRuns.push(await runChild('bundle', bundleFile));
      baselineRuns.push(await runChild('empty', empty));
    }
    const bundleMedian = median(bundleRuns.map((run) => run.wallMs));
    const baselineMedian = median(baselineRuns.map((run) => run.wallMs));
    return {
      activate_total_ms: round(bundleMedian - baselineMedian, 1),
      bundle_process_median_ms: round(bundleMedian, 1),
      baseline_process_median_ms: round(baselineMedian, 1),
      load_median_ms: round(median(bundleRuns.map((run) => run.loadMs)), 2),
      activate_call_median_ms: round(median(bundleRuns.map((run) => run.activateMs)), 2),
      processes,
    };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
