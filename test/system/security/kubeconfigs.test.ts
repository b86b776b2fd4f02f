// Security: a hostile server's kubeconfig. The emulator plays each kubeconfig attack (--hostile,
// src/emulator/hostile.ts) over a real socket to a library session; the kubeconfig then goes the
// way the extension takes it (kubeconfigFromOutput, then a temporary file for kubectl, or a merge
// into a kubeconfig of the user's): the exact refusal, no file written, the user's file
// byte-identical, and the program the server named never ran. A benign server's kubeconfig takes
// the same way to the disk, and the stand-in kubectl given the hostile text does run the program,
// so each check can fail.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createTemporaryKubeconfig, mergeIntoFile } from '../../../src/kube/kubeconfigFiles';
import { kubeconfigFromOutput, KubeconfigRefused } from '../../../src/kube/kubeconfigPolicy';
import { byName, kubeconfigCommand } from '../../../src/qbo';
import { OUTSIDE_USER, parseHostileAttacks, type RunningEmulator } from '../../../src/emulator';
import { credentialsFor, startTestEmulator } from '../../support/emulator';
import { testSession } from '../../support/session';
import { installStandInKubectl } from '../../support/standInKubectl';

const END = '; nothing was written or run';

/** ~/.kube/config of someone with a production cluster: the entry the outside-user attack names. */
const USER_CONFIG = `# my clusters
apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster:
    server: https://prod.example.com:6443
users:
- name: ${OUTSIDE_USER}
  user:
    token: PRODUCTION-TOKEN
contexts:
- name: prod
  context:
    cluster: prod
    user: ${OUTSIDE_USER}
current-context: prod
`;

const ATTACKS: [attacks: string, carried: RegExp, message: string][] = [
  ['kubeconfig-exec', /\n {4}exec:\n/, `asks kubectl to run a program (users[0].user.exec)`],
  ['kubeconfig-auth-provider', /\n {4}auth-provider:\n/, `asks kubectl to run an authentication plug-in (users[0].user.auth-provider)`],
  ['kubeconfig-token-file', /\n {4}tokenFile: \S+cli\.json\n/, `asks kubectl to read a local file (users[0].user.tokenFile)`],
  ['kubeconfig-client-key-file', /\n {4}client-key: \S+id_rsa\n/, `asks kubectl to read a local file (users[0].user.client-key)`],
  ['kubeconfig-proxy-url', /\n {4}proxy-url: http:/, `asks kubectl to send its traffic through a proxy (clusters[0].cluster.proxy-url)`],
  [
    'kubeconfig-outside-user',
    new RegExp(`\\n {4}user: ${OUTSIDE_USER}\\n`),
    `has a context naming a user it does not define (contexts[0].context.user)`,
  ],
  [
    'kubeconfig-token-file,kubeconfig-exec',
    /tokenFile[\s\S]*exec|exec[\s\S]*tokenFile/,
    `asks kubectl to run a program (users[0].user.exec)`,
  ],
];

describe('security: kubeconfigs from a hostile server', function () {
  this.timeout(20_000);
  let tmp: string;
  let marker: string;
  const emulators: RunningEmulator[] = [];

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qbo-system-kubeconfig-'));
    marker = path.join(tmp, 'marker');
  });
  afterEach(async () => {
    for (const emulator of emulators.splice(0)) await emulator.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** The kubeconfig items of `get cluster CLUSTER -k`, through a library session to an emulator playing `attacks`. */
  async function fetchOutput(attacks: string | undefined, cluster = 'dev'): Promise<Record<string, unknown>[]> {
    const emulator = await startTestEmulator(attacks ? { hostile: { attacks: parseHostileAttacks(attacks), marker } } : {});
    emulators.push(emulator);
    const { session } = testSession(credentialsFor(emulator));
    try {
      session.start();
      assert.ok(await session.whenReady(5000), 'the session is ready');
      return (await session.run(kubeconfigCommand(byName(cluster)))).outputItems;
    } finally {
      session.dispose();
    }
  }

  /** What the workload actions and Open Terminal do with it: check, then a private temporary file. */
  async function asForKubectl(items: Record<string, unknown>[], parent: string): Promise<string> {
    const { file } = await createTemporaryKubeconfig(kubeconfigFromOutput(items, 'dev'), 'qbo-kubectl-', parent);
    return file;
  }

  for (const [attacks, carried, message] of ATTACKS) {
    it(`refuses ${attacks}: one message, no temporary file, the user's kubeconfig byte-identical, nothing run`, async () => {
      const items = await fetchOutput(attacks);
      const raw = String(items.find((item) => typeof item.kubeconfig === 'string')?.kubeconfig);
      assert.match(raw, carried, 'the server sent the attack');

      const temporary = path.join(tmp, 'temporary');
      fs.mkdirSync(temporary);
      await assert.rejects(
        asForKubectl(items, temporary),
        (error: unknown) => error instanceof KubeconfigRefused && error.message === `the kubeconfig qbo sent for dev ${message}${END}`,
      );
      assert.deepEqual(fs.readdirSync(temporary), [], 'a file was written for kubectl');

      const kube = path.join(tmp, 'kube');
      fs.mkdirSync(kube);
      const config = path.join(kube, 'config');
      fs.writeFileSync(config, USER_CONFIG, { mode: 0o600 });
      await assert.rejects(async () => mergeIntoFile(config, kubeconfigFromOutput(items, 'dev'), { setCurrent: true }), KubeconfigRefused);
      assert.equal(fs.readFileSync(config, 'utf8'), USER_CONFIG);
      assert.deepEqual(fs.readdirSync(kube), ['config'], 'a backup or temporary file was written');
      assert.ok(!fs.existsSync(marker), 'the program named by the server ran');
    });
  }

  it('aims an attack at one cluster: prod is refused, dev is not', async () => {
    const prod = await fetchOutput('kubeconfig-exec@prod', 'prod');
    assert.throws(() => kubeconfigFromOutput(prod, 'prod'), /the kubeconfig qbo sent for prod asks kubectl to run a program/);
    const dev = await fetchOutput('kubeconfig-exec@prod', 'dev');
    assert.doesNotMatch(kubeconfigFromOutput(dev, 'dev').text, /exec/);
  });

  it("takes a benign server's kubeconfig the same way to the disk, as the server's data", async () => {
    const items = await fetchOutput(undefined);
    const file = await asForKubectl(items, tmp);
    assert.equal(fs.readFileSync(file, 'utf8'), items.find((item) => typeof item.kubeconfig === 'string')?.kubeconfig);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    const config = path.join(tmp, 'config');
    fs.writeFileSync(config, USER_CONFIG);
    const merged = await mergeIntoFile(config, kubeconfigFromOutput(items, 'dev'), { setCurrent: true });
    assert.ok(merged.changed && merged.backup);
    assert.ok(fs.readFileSync(config, 'utf8').startsWith('# my clusters\n'));
  });

  it('plays a live attack: the stand-in kubectl, like kubectl, runs the exec program of the raw text', async () => {
    const items = await fetchOutput('kubeconfig-exec');
    const raw = path.join(tmp, 'raw-kubeconfig');
    fs.writeFileSync(raw, String(items.find((item) => typeof item.kubeconfig === 'string')?.kubeconfig));
    const kubectl = installStandInKubectl(path.join(tmp, 'bin'));
    const run = spawnSync(kubectl.file, ['get', 'pods', '--kubeconfig', raw], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.ok(fs.existsSync(marker), 'the marker program did not run: the checks above would prove nothing');
    assert.deepEqual(kubectl.records()[0]?.exec, { command: 'touch', args: [marker], status: 0 });
  });
});
