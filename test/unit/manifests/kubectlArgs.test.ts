import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { applyArgs, deleteArgs, diffArgs, liveObjectsArgs, ManifestArgumentError, standardInput } from '../../../src/manifests/kubectlArgs';

const FILE = path.resolve('/work/manifests/web.yaml');
const file = { kind: 'file', path: FILE } as const;
const stdin = { kind: 'stdin', text: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n' } as const;

describe('kubectl arguments of the manifest actions', () => {
  it('apply, diff, delete and get name the file, or - for standard input', () => {
    assert.deepEqual(applyArgs(file), ['apply', '-f', FILE]);
    assert.deepEqual(applyArgs(stdin), ['apply', '-f', '-']);
    assert.deepEqual(diffArgs(file), ['diff', '-f', FILE]);
    assert.deepEqual(diffArgs(stdin), ['diff', '-f', '-']);
    assert.deepEqual(deleteArgs(file), ['delete', '-f', FILE, '--ignore-not-found']);
    assert.deepEqual(deleteArgs(stdin), ['delete', '-f', '-', '--ignore-not-found']);
    assert.deepEqual(liveObjectsArgs(file), ['get', '-f', FILE, '-o', 'yaml', '--ignore-not-found']);
    assert.deepEqual(liveObjectsArgs(stdin), ['get', '-f', '-', '-o', 'yaml', '--ignore-not-found']);
  });

  it('hands the unsaved text over as standard input, and nothing for a file', () => {
    assert.equal(standardInput(stdin), stdin.text);
    assert.equal(standardInput(file), undefined);
  });

  it('refuses a path that is relative, a flag, a URL or holds control characters', () => {
    for (const bad of ['web.yaml', './web.yaml', '-', '--filename=/etc/passwd', 'https://example.com/x.yaml', `${FILE}\n--dry-run`]) {
      assert.throws(() => applyArgs({ kind: 'file', path: bad }), ManifestArgumentError, bad);
      assert.throws(() => deleteArgs({ kind: 'file', path: bad }), ManifestArgumentError, bad);
    }
  });
});
