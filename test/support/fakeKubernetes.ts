// Installs the test-only Kubernetes extension stand-in (test/support/fake-kubernetes) into a
// code-server --extensions-dir, under the real extension's id, so the in-host suite exercises
// qbo Explorer's Kubernetes-extension paths offline. Needs `npx tsc -p .` (its extension.js).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './processes';

export const FAKE_KUBERNETES_ID = 'ms-kubernetes-tools.vscode-kubernetes-tools';

export function installFakeKubernetesExtension(extensionsDir: string): string {
  const source = path.join(ROOT, 'test', 'support', 'fake-kubernetes');
  const compiled = path.join(ROOT, 'out', 'test', 'support', 'fake-kubernetes', 'extension.js');
  if (!fs.existsSync(compiled)) throw new Error(`${compiled} is missing: run npx tsc -p .`);
  const manifest = JSON.parse(fs.readFileSync(path.join(source, 'package.json'), 'utf8')) as { version: string };
  const target = path.join(extensionsDir, `${FAKE_KUBERNETES_ID}-${manifest.version}`);
  fs.mkdirSync(target, { recursive: true });
  fs.copyFileSync(path.join(source, 'package.json'), path.join(target, 'package.json'));
  fs.copyFileSync(compiled, path.join(target, 'extension.js'));
  return target;
}
