import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  backupName,
  createTemporaryKubeconfig,
  mergedMode,
  mergeIntoFile,
  saveKubeconfig,
  suggestedKubeconfigFileName,
  writeBackup,
  writeFileAtomically,
} from '../../../src/kube/kubeconfigFiles';
import { checkKubeconfig, type AllowedKubeconfig, type QboKubeconfig } from '../../../src/kube/kubeconfigPolicy';
import { KubeconfigError } from '../../../src/kube/mergeKubeconfig';

const KIND = `apiVersion: v1
clusters:
- cluster:
    server: https://172.18.0.2:6443
  name: dev
contexts:
- context:
    cluster: dev
    user: dev
  name: dev
current-context: dev
kind: Config
preferences: {}
users:
- name: dev
  user:
    client-key-data: a2V5
`;

const USER_CONFIG =
  '# mine\napiVersion: v1\nkind: Config\nclusters: []\nusers:\n- name: kubernetes-admin\n  user:\n    token: PRODUCTION\ncontexts: []\n';

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe('kubeconfig files', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qbo-unit-kubeconfig-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('names backups with a timestamp next to the file, and a counter when that name is taken', () => {
    const now = new Date('2026-11-27T10:11:12.345Z');
    assert.equal(backupName('/home/u/.kube/config', now), '/home/u/.kube/config.qbo-backup-20261127T101112Z');
    assert.equal(backupName('/home/u/.kube/config', now, 2), '/home/u/.kube/config.qbo-backup-20261127T101112Z-2');
  });

  it('never lets one backup overwrite another, within one second or with a file already there', async () => {
    const file = path.join(dir, 'config');
    const now = new Date('2026-11-27T10:11:12.345Z');
    fs.writeFileSync(backupName(file, now), 'there before');
    const first = await writeBackup(file, 'first', now);
    const second = await writeBackup(file, 'second', now);
    assert.deepEqual(
      [first, second].map((name) => path.basename(name)),
      ['config.qbo-backup-20261127T101112Z-2', 'config.qbo-backup-20261127T101112Z-3'],
    );
    assert.equal(fs.readFileSync(backupName(file, now), 'utf8'), 'there before');
    assert.equal(fs.readFileSync(first, 'utf8'), 'first');
    assert.equal(fs.readFileSync(second, 'utf8'), 'second');
    assert.equal(mode(first), 0o600);
  });

  it('replaces a file atomically, keeping its mode (0600 for a new one), through a symbolic link, leaving no temporary', async () => {
    const file = path.join(dir, 'config');
    fs.writeFileSync(file, 'old');
    fs.chmodSync(file, 0o640);
    const inode = fs.statSync(file).ino;
    await writeFileAtomically(file, 'new');
    assert.equal(fs.readFileSync(file, 'utf8'), 'new');
    assert.notEqual(fs.statSync(file).ino, inode, 'rewritten in place, not replaced by a rename');
    assert.equal(mode(file), 0o640);
    const fresh = path.join(dir, 'sub', 'fresh');
    await writeFileAtomically(fresh, 'x');
    assert.equal(mode(fresh), 0o600);
    assert.equal(mode(path.dirname(fresh)), 0o700);
    await writeFileAtomically(file, 'forced', 0o600);
    assert.equal(mode(file), 0o600);
    const link = path.join(dir, 'link');
    fs.symlinkSync(file, link);
    await writeFileAtomically(link, 'through the link');
    assert.ok(fs.lstatSync(link).isSymbolicLink(), 'the link was replaced by a file');
    assert.equal(fs.readFileSync(file, 'utf8'), 'through the link');
    assert.deepEqual(fs.readdirSync(dir).sort(), ['config', 'link', 'sub']);
  });

  it('leaves the old file and no temporary behind when the replace fails', async () => {
    const target = path.join(dir, 'config');
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'inside'), 'kept');
    await assert.rejects(writeFileAtomically(target, 'new'));
    assert.equal(fs.readFileSync(path.join(target, 'inside'), 'utf8'), 'kept');
    assert.deepEqual(fs.readdirSync(dir), ['config']);
  });

  it('merges into a file: backup of the old text, the mode kept but never readable by others, comments kept', async () => {
    assert.deepEqual([0o600, 0o644, 0o640, 0o400, undefined].map(mergedMode), [0o600, 0o600, 0o600, 0o400, 0o600]);
    const file = path.join(dir, 'config');
    fs.writeFileSync(file, USER_CONFIG);
    fs.chmodSync(file, 0o400);
    const outcome = await mergeIntoFile(file, checkKubeconfig(KIND, 'dev'), { setCurrent: true });
    assert.ok(outcome.changed && outcome.backup);
    assert.equal(fs.readFileSync(outcome.backup, 'utf8'), USER_CONFIG);
    assert.equal(mode(outcome.backup), 0o600);
    assert.equal(mode(file), 0o400, 'the mode of the file was not kept');
    fs.chmodSync(file, 0o644);
    const other = await mergeIntoFile(
      file,
      checkKubeconfig(KIND.replace(/dev/g, 'other').replace('172.18.0.2', '172.18.0.3'), 'other'),
      {},
    );
    assert.ok(other.changed);
    assert.equal(mode(file), 0o600, 'a merged kubeconfig stayed readable by others');
    fs.chmodSync(file, 0o600);
    const merged = fs.readFileSync(file, 'utf8');
    assert.ok(merged.startsWith('# mine\napiVersion: v1\nkind: Config\n'), merged);
    assert.match(merged, /current-context: dev/);
    const again = await mergeIntoFile(file, checkKubeconfig(KIND, 'dev'), { setCurrent: true });
    assert.equal(again.changed, false);
    assert.equal(again.backup, undefined);
    assert.equal(fs.readdirSync(dir).filter((name) => name.includes('qbo-backup')).length, 2, 'one backup per change');
    const created = path.join(dir, 'new', 'config');
    const first = await mergeIntoFile(created, checkKubeconfig(KIND, 'dev'), {});
    assert.equal(first.backup, undefined);
    assert.equal(mode(created), 0o600);
  });

  it('refuses to merge a context naming a user it does not define before the file is touched', async () => {
    const file = path.join(dir, 'config');
    fs.writeFileSync(file, USER_CONFIG);
    const config: QboKubeconfig = {
      clusters: [{ name: 'dev', cluster: { server: 'https://203.0.113.7:6443' } }],
      users: [{ name: 'dev', user: {} }],
      contexts: [{ name: 'dev', context: { cluster: 'dev', user: 'kubernetes-admin' } }],
      'current-context': 'dev',
    };
    // checkKubeconfig never makes such a thing: forged here to test the merge's own guard.
    const forged = { cluster: 'dev', config, text: '' } as unknown as AllowedKubeconfig;
    await assert.rejects(mergeIntoFile(file, forged, { setCurrent: true }), KubeconfigError);
    assert.equal(fs.readFileSync(file, 'utf8'), USER_CONFIG);
    assert.deepEqual(fs.readdirSync(dir), ['config']);
  });

  it('writes temporary kubeconfigs into a fresh private folder each, and Save As with mode 0600', async () => {
    const allowed = checkKubeconfig(KIND, 'dev');
    const one = await createTemporaryKubeconfig(allowed, 'qbo-terminal-', dir);
    const two = await createTemporaryKubeconfig(allowed, 'qbo-terminal-', dir);
    assert.notEqual(one.dir, two.dir);
    assert.equal(path.dirname(one.dir), dir);
    assert.match(path.basename(one.dir), /^qbo-terminal-/);
    assert.equal(mode(one.dir), 0o700);
    assert.equal(mode(one.file), 0o600);
    assert.equal(fs.readFileSync(one.file, 'utf8'), allowed.text);
    const saved = path.join(dir, 'saved.yaml');
    fs.writeFileSync(saved, 'old');
    fs.chmodSync(saved, 0o644);
    await saveKubeconfig(saved, allowed);
    assert.equal(fs.readFileSync(saved, 'utf8'), allowed.text);
    assert.equal(mode(saved), 0o600);
  });

  it('suggests a Save As file name of plain characters, never a path', () => {
    assert.equal(suggestedKubeconfigFileName('dev'), 'qbo-dev.yaml');
    assert.equal(suggestedKubeconfigFileName('my.cluster-1'), 'qbo-my.cluster-1.yaml');
    for (const hostile of ['../../.bashrc', '..', 'a/b\\c', '/etc/passwd', 'x\u0000y', '.hidden', 'a'.repeat(300), '', 'C:\\Windows']) {
      const name = suggestedKubeconfigFileName(hostile);
      assert.match(name, /^qbo-[A-Za-z0-9_][A-Za-z0-9._-]{0,63}\.yaml$/, JSON.stringify(hostile));
      assert.doesNotMatch(name, /\.\./);
      assert.equal(path.basename(name), name);
    }
  });
});
