// Port forwards you can see and stop, in a real VS Code against the workloads emulator: a forward
// shows under its service row and in the status bar, Stop ends its kubectl and removes its
// kubeconfig, one whose process dies disappears with one log line, a taken port is refused before
// kubectl runs, and signing out stops them. kubectl is the recording stand-in first on PATH, which
// listens on the forwarded port until killed. Runs after filter.itest (signed out).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TreeElement } from '../../../src/explorer/treeElements';
import type { Service } from '../../../src/qbo/messages';
import { readKubectlLog, sha256 } from '../../support/standInKubectl';
import { waitForValue } from '../../support/wait';
import { readIntegrationConfig } from '../config';
import { emulatorKubeconfig } from './emulatorKubeconfig';
import { logText } from './files';
import { soleInventory, soleStatus, testApi, type TestApi } from './testApi';
import { freePort, processAlive } from '../../support/processes';

const config = readIntegrationConfig();
const WORKLOADS_CLI_JSON = config.workloadsCliJson ?? '';
const KUBECTL_DIR = config.kubectlDir ?? '';
const KUBECTL_LOG = path.join(KUBECTL_DIR, 'kubectl.log');
const PROFILE = 'it-forwards';

interface ForwardRun {
  url: string;
  localPort: number;
  remotePort: number;
  args: string[];
  kubeconfig: string;
  kubectl: string;
  pid: number;
}

describe('port forwards you can see and stop', function () {
  let api: TestApi;
  let expectedSha: string;
  const savedPath = process.env.PATH;

  /** The row of the web service's entry for `port` (a service with two ports is two rows). */
  const webRow = (port: number): TreeElement => {
    const inventory = soleInventory(api);
    const found = inventory.entries('services').find(([, service]) => service.name === 'web' && (service as Service).port_number === port);
    assert.ok(found, `no web service entry for port ${port}`);
    const row = api.model.entityElement(PROFILE, 'service', found[0]);
    assert.ok(row);
    return row;
  };
  const labelsUnder = (row: TreeElement): string[] => api.model.children(row).map((child) => api.model.presentation(child)?.label ?? '?');
  const forwardFolders = (): string[] => fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('qbo-forward-'));

  before(async () => {
    process.env.PATH = `${KUBECTL_DIR}${path.delimiter}${savedPath ?? ''}`;
    api = await testApi();
    await waitForValue(() => soleStatus(api) === 'signed-out', 'the signed-out state left by the previous suite');
    assert.equal(await vscode.commands.executeCommand('qbo.signInWithFile', vscode.Uri.file(WORKLOADS_CLI_JSON), { name: PROFILE }), true);
    await waitForValue(() => soleInventory(api).size('services') >= 4, 'the workloads world');
    expectedSha = sha256(await emulatorKubeconfig(WORKLOADS_CLI_JSON, 'apps'));
  });

  after(async () => {
    process.env.PATH = savedPath;
    for (let i = 0; i < 5 && api.manager.sole?.active; i++) await vscode.commands.executeCommand('qbo.signOut');
  });

  it('shows a running forward under its service port, counts it in the status bar, and Stop ends kubectl and removes its kubeconfig', async () => {
    const localPort = await freePort();
    const from = readKubectlLog(KUBECTL_LOG).length;
    assert.equal(api.model.presentation(webRow(443))?.collapsible, 'none');
    const run = await vscode.commands.executeCommand<ForwardRun>('qbo.portForwardService', webRow(80), { port: 443, localPort });
    assert.ok(run);
    assert.equal(run.url, `https://localhost:${localPort}/`);
    const record = readKubectlLog(KUBECTL_LOG)
      .slice(from)
      .find((entry) => entry.argv[0] === 'port-forward');
    assert.deepEqual(record?.argv, ['port-forward', 'svc/web', `${localPort}:443`, '-n', 'shop']);
    assert.equal(record?.kubeconfig?.sha256, expectedSha);
    assert.equal(record?.kubeconfig?.mode, '600');
    assert.equal(record?.pid, run.pid);
    // Under the row of port 443 (not the row it was started from), which now expands.
    assert.deepEqual(labelsUnder(webRow(443)), [`localhost:${localPort} → 443`]);
    assert.deepEqual(labelsUnder(webRow(80)), []);
    assert.equal(api.model.presentation(webRow(443))?.collapsible, 'expanded');
    const [row] = api.model.children(webRow(443));
    assert.ok(row);
    assert.equal(api.model.presentation(row)?.contextValue, 'qbo.forward.running');
    assert.equal(api.forwardStatusBar.text, '$(plug) 1');
    // The URL a browser reaches it at: the local one, or (code-server) its proxy of that port.
    const copied = await vscode.commands.executeCommand<string>('qbo.copyForwardUrl', row);
    assert.match(copied ?? '', new RegExp(`^https://localhost:${localPort}/$|/proxy/${localPort}/$`));
    assert.equal(await vscode.env.clipboard.readText(), copied);

    assert.equal(await vscode.commands.executeCommand('qbo.stopForward', row), true);
    assert.deepEqual(labelsUnder(webRow(443)), []);
    assert.equal(api.model.presentation(webRow(443))?.collapsible, 'none');
    assert.equal(api.forwardStatusBar.text, undefined);
    assert.equal(fs.existsSync(run.kubeconfig), false, 'the kubeconfig is still there');
    await waitForValue(() => !processAlive(run.pid), 'kubectl to end');
  });

  it('a forward whose kubectl dies disappears, with one log line', async () => {
    const localPort = await freePort();
    const run = await vscode.commands.executeCommand<ForwardRun>('qbo.portForwardService', webRow(80), { port: 80, localPort });
    assert.ok(run);
    assert.deepEqual(labelsUnder(webRow(80)), [`localhost:${localPort} → 80`]);
    process.kill(run.pid, 'SIGKILL');
    await waitForValue(() => labelsUnder(webRow(80)).length === 0, 'the forward row to go');
    assert.equal(api.forwardStatusBar.text, undefined);
    await waitForValue(() => !fs.existsSync(run.kubeconfig), 'its kubeconfig to go');
    const ended = await waitForValue(() => {
      const lines = logText(api.logUri)
        .split('\n')
        .filter((line) => line.includes(`port forward localhost:${localPort} → shop/web:80 (apps) ended`));
      return lines.length > 0 ? lines : undefined;
    }, 'the log line');
    assert.equal(ended.length, 1, ended.join('\n'));
    assert.match(ended[0] ?? '', /ended: signal SIGKILL/);
  });

  it('refuses a local port that is taken, before kubectl runs or a kubeconfig is fetched', async () => {
    const blocker = net.createServer();
    const port = await new Promise<number>((resolve) =>
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as net.AddressInfo).port)),
    );
    const from = readKubectlLog(KUBECTL_LOG).length;
    const folders = forwardFolders().length;
    try {
      assert.equal(await vscode.commands.executeCommand('qbo.portForwardService', webRow(80), { port: 80, localPort: port }), false);
    } finally {
      blocker.close();
    }
    assert.equal(readKubectlLog(KUBECTL_LOG).length, from, 'kubectl ran');
    assert.equal(forwardFolders().length, folders, 'a kubeconfig was written');
    assert.ok(logText(api.logUri).includes(`qbo.portForwardService: qbo: localhost:${port} is in use by another program.`));
    // One of ours is refused the same way, naming it.
    const localPort = await freePort();
    const run = await vscode.commands.executeCommand<ForwardRun>('qbo.portForwardService', webRow(80), { port: 80, localPort });
    assert.ok(run);
    assert.equal(await vscode.commands.executeCommand('qbo.portForwardService', webRow(443), { port: 443, localPort }), false);
    await waitForValue(
      () =>
        logText(api.logUri).includes(`qbo: localhost:${localPort} is already forwarded to localhost:${localPort} → shop/web:80 (apps).`),
      'the refusal naming the running forward',
    );
    assert.equal(await vscode.commands.executeCommand('qbo.stopForward', { localPort }), true);
  });

  it('signing out stops the profile’s forwards and removes their kubeconfigs', async () => {
    const localPort = await freePort();
    const run = await vscode.commands.executeCommand<ForwardRun>('qbo.portForwardService', webRow(80), { port: 80, localPort });
    assert.ok(run);
    assert.equal(api.forwardStatusBar.text, '$(plug) 1');
    assert.equal(await vscode.commands.executeCommand('qbo.signOut', PROFILE), true);
    await waitForValue(() => api.forwardStatusBar.text === undefined, 'the forward to stop');
    await waitForValue(() => !fs.existsSync(run.kubeconfig) && !processAlive(run.pid), 'kubectl and its kubeconfig to go');
  });
});
