// One fresh process of the activation benchmark: installs the `vscode` stand-in, then either loads
// the production bundle and calls activate() ("bundle"), or loads an empty module ("empty", the
// baseline: Node start-up and this harness alone). Prints one JSON line and exits.
//   node out/bench/activationChild.js bundle|empty FILE
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import nodeModule from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { standInContext, vscodeStandIn } from './vscodeStandIn';

type ModuleInternals = { _load(request: string, parent: unknown, isMain: boolean): unknown };

const [mode, file] = process.argv.slice(2);
const internals = nodeModule as unknown as ModuleInternals;
const load = internals._load.bind(nodeModule);
internals._load = (request, parent, isMain) => (request === 'vscode' ? vscodeStandIn : load(request, parent, isMain));

const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'qbo-bench-activate-'));
const started = performance.now();
const loaded = createRequire(__filename)(path.resolve(file ?? '')) as { activate?: (context: unknown) => unknown };
const afterLoad = performance.now();
if (mode === 'bundle') {
  if (typeof loaded.activate !== 'function') throw new Error(`${file} has no activate()`);
  loaded.activate(standInContext(storage));
}
const afterActivate = performance.now();
fs.rmSync(storage, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({ load_ms: afterLoad - started, activate_ms: afterActivate - afterLoad })}\n`);
// Whatever activate() left pending (timers, watchers) must not keep the process: the parent times to this exit.
process.exit(0);
