import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkKubeconfigPath, looksLikeKubeconfig } from '../../../src/tasks/kubeconfigPath';

const KUBECONFIG = 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\ncurrent-context: ""\n';

describe('where a kubeconfig task may write', () => {
  let root: string;
  let workspace: string;
  let outside: string;
  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'qbo-task-path-')));
    workspace = path.join(root, 'workspace');
    outside = path.join(root, 'outside');
    fs.mkdirSync(workspace);
    fs.mkdirSync(outside);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  async function accepted(requested: string, folders = [workspace]): Promise<string> {
    const result = await checkKubeconfigPath(requested, folders);
    assert.ok(result.ok, result.ok ? '' : result.message);
    return result.file;
  }
  async function refusal(requested: string, folders = [workspace]): Promise<string> {
    const result = await checkKubeconfigPath(requested, folders);
    assert.ok(!result.ok, `accepted ${requested}`);
    return result.message;
  }

  it('accepts a new file inside the folder, relative or absolute, in folders yet to be made', async () => {
    assert.equal(await accepted('dev.yaml'), path.join(workspace, 'dev.yaml'));
    assert.equal(await accepted('.kube/dev.yml'), path.join(workspace, '.kube', 'dev.yml'));
    assert.equal(await accepted(path.join(workspace, 'deep', 'er', 'kubeconfig')), path.join(workspace, 'deep', 'er', 'kubeconfig'));
    assert.equal(await accepted('./a/../dev.kubeconfig'), path.join(workspace, 'dev.kubeconfig'));
    assert.equal(await accepted('.kube/config'), path.join(workspace, '.kube', 'config'));
  });

  it('accepts an existing kubeconfig (it is replaced), refuses any other existing file', async () => {
    fs.writeFileSync(path.join(workspace, 'dev.yaml'), KUBECONFIG);
    assert.equal(await accepted('dev.yaml'), path.join(workspace, 'dev.yaml'));
    fs.writeFileSync(path.join(workspace, 'values.yaml'), 'replicas: 3\n');
    assert.match(await refusal('values.yaml'), /"values\.yaml" is refused: it exists and is not a kubeconfig/);
    fs.writeFileSync(path.join(workspace, 'broken.yaml'), 'apiVersion: v1\nkind: Config\n  : [\n');
    assert.match(await refusal('broken.yaml'), /not a kubeconfig/);
    fs.writeFileSync(path.join(workspace, 'empty.yaml'), '');
    assert.match(await refusal('empty.yaml'), /not a kubeconfig/);
    fs.mkdirSync(path.join(workspace, 'dir.yaml'));
    assert.match(await refusal('dir.yaml'), /it exists and is not a file/);
  });

  it('refuses anything outside the workspace folder, and the folder itself', async () => {
    assert.match(await refusal('../outside/dev.yaml'), /is not inside the workspace folder/);
    assert.match(await refusal(path.join(outside, 'dev.yaml')), /is not inside the workspace folder/);
    assert.match(await refusal(path.join(os.homedir(), '.kube', 'config.yaml')), /is not inside the workspace folder/);
    assert.match(await refusal('.'), /is not inside the workspace folder/);
    assert.match(await refusal('dev.yaml', []), /none is open/);
  });

  it('with several folders, accepts a path inside any of them (relative ones in the first)', async () => {
    const second = path.join(root, 'second');
    fs.mkdirSync(second);
    assert.equal(await accepted(path.join(second, 'k.yaml'), [workspace, second]), path.join(second, 'k.yaml'));
    assert.equal(await accepted('k.yaml', [workspace, second]), path.join(workspace, 'k.yaml'));
  });

  it('never follows a symbolic link, at any level', async () => {
    fs.symlinkSync(outside, path.join(workspace, 'link'));
    assert.match(await refusal('link/dev.yaml'), /"link\/dev\.yaml" is refused: link is a symbolic link/);
    fs.writeFileSync(path.join(outside, 'target.yaml'), KUBECONFIG);
    fs.symlinkSync(path.join(outside, 'target.yaml'), path.join(workspace, 'dev.yaml'));
    assert.match(await refusal('dev.yaml'), /dev\.yaml is a symbolic link/, 'even to a kubeconfig');
    fs.symlinkSync(path.join(outside, 'missing.yaml'), path.join(workspace, 'dangling.yaml'));
    assert.match(await refusal('dangling.yaml'), /is a symbolic link/);
    fs.writeFileSync(path.join(workspace, 'file'), 'x');
    assert.match(await refusal('file/dev.yaml'), /file is not a folder/);
  });

  it('takes a symbolically linked workspace folder by its real path', async () => {
    const linked = path.join(root, 'linked-workspace');
    fs.symlinkSync(workspace, linked);
    assert.equal(await accepted('dev.yaml', [linked]), path.join(workspace, 'dev.yaml'));
  });

  it('refuses .git and names that are not kubeconfig file names', async () => {
    assert.match(await refusal('.git/hooks/pre-commit.yaml'), /it is inside \.git/);
    assert.match(await refusal('sub/.GIT/x.yaml'), /inside \.git/);
    for (const name of ['.envrc', 'Makefile', 'run.sh', 'dev.yaml.sh', 'package.json', 'configs'])
      assert.match(await refusal(name), /file name must end in \.yaml, \.yml or \.kubeconfig/, name);
  });

  it('recognises a kubeconfig by apiVersion v1 and kind Config only', () => {
    assert.equal(looksLikeKubeconfig(KUBECONFIG), true);
    assert.equal(looksLikeKubeconfig('kind: Config\n'), false);
    assert.equal(looksLikeKubeconfig('apiVersion: v1\nkind: Pod\n'), false);
    assert.equal(looksLikeKubeconfig('- a\n- b\n'), false);
    assert.equal(looksLikeKubeconfig('a: &x [1]\nb: *x\napiVersion: v1\nkind: Config\n'), false, 'aliases are refused');
  });
});
