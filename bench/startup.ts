// 5. Start-up: activate() as measured in the extension host by the integration harness (it
// writes bench/activate.json when it has run), and the size of the production bundle.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

export interface ActivateResult {
  activate_ms: number | null;
  note: string;
}

export function readActivate(file = path.join(ROOT, 'bench', 'activate.json')): ActivateResult {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return { activate_ms: null, note: 'bench/activate.json not found: the integration harness has not run on this checkout' };
  }
  try {
    const value = (JSON.parse(text) as { activate_ms?: unknown }).activate_ms;
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) {
      const stat = fs.statSync(file);
      return {
        activate_ms: Math.round(value * 100) / 100,
        note: `from bench/activate.json (${stat.mtime.toISOString()}), measured by the integration harness`,
      };
    }
    return { activate_ms: null, note: 'bench/activate.json has no numeric activate_ms' };
  } catch {
    return { activate_ms: null, note: 'bench/activate.json is not valid JSON' };
  }
}

export interface BundleResult {
  /** dist/extension.js plus the packages it loads on first use (dist/vendor/*.js): all the extension's JavaScript. */
  bundle_kb: number | null;
  bundle_bytes: number | null;
  /** dist/extension.js alone: what activation reads and compiles. */
  bundle_activation_kb: number | null;
  note: string;
}

/**
 * Runs the project's own `node esbuild.js --production` in a scratch directory whose `src`,
 * `node_modules`, `package.json` and `esbuild.js` link to the checkout, so the minified bundle
 * is built exactly as `npm run package` builds it without replacing the dev build in dist/.
 */
export function measureBundle(timeoutMs = 90_000, whileBuilt?: (bundleFile: string) => Promise<void>): Promise<BundleResult> {
  return withProductionBundle(timeoutMs, whileBuilt);
}

async function withProductionBundle(timeoutMs: number, whileBuilt?: (bundleFile: string) => Promise<void>): Promise<BundleResult> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'qbo-bench-bundle-'));
  try {
    for (const entry of ['src', 'node_modules', 'package.json', 'tsconfig.json', 'esbuild.js']) {
      const target = path.join(ROOT, entry);
      if (fs.existsSync(target)) fs.symlinkSync(target, path.join(scratch, entry));
    }
    const run = spawnSync(process.execPath, [path.join(scratch, 'esbuild.js'), '--production', '--quiet'], {
      cwd: scratch,
      timeout: timeoutMs,
      encoding: 'utf8',
    });
    const bundle = path.join(scratch, 'dist', 'extension.js');
    if (run.status !== 0 || !fs.existsSync(bundle)) {
      const reason = run.error ? run.error.message : `exit ${run.status ?? run.signal}: ${(run.stderr || '').trim().slice(0, 300)}`;
      return { bundle_kb: null, bundle_bytes: null, bundle_activation_kb: null, note: `production build failed (${reason})` };
    }
    const activationBytes = fs.statSync(bundle).size;
    const vendor = path.join(scratch, 'dist', 'vendor');
    const vendorFiles = fs.existsSync(vendor) ? fs.readdirSync(vendor).filter((name) => name.endsWith('.js')) : [];
    const bytes = activationBytes + vendorFiles.reduce((sum, name) => sum + fs.statSync(path.join(vendor, name)).size, 0);
    const kb = (count: number): number => Math.round((count / 1024) * 10) / 10;
    if (whileBuilt) await whileBuilt(bundle);
    return {
      bundle_kb: kb(bytes),
      bundle_bytes: bytes,
      bundle_activation_kb: kb(activationBytes),
      note: `dist/extension.js + dist/vendor/{${vendorFiles.map((name) => name.replace(/\.js$/, '')).join(',')}}.js of \`node esbuild.js --production\` (KB = 1,024 bytes)`,
    };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
