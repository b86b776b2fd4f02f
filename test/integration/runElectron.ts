// Runs the same (main) integration suite with @vscode/test-electron (downloads VS Code: needs internet,
// so CI uses runCodeServer instead). `npm run test:electron`.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { installFakeKubernetesExtension } from '../support/fakeKubernetes';
import { ROOT, startEmulatorProcess } from '../support/processes';
import { installStandInKubectl } from '../support/standInKubectl';
import { CONFIG_FILE, type IntegrationConfig, type IntegrationResult } from './config';
import { TEST_SETTINGS } from './testSettings';

async function main(): Promise<number> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qbo-electron-'));
  const workspace = path.join(tmp, 'workspace');
  const userDataDir = path.join(tmp, 'user-data');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(workspace);
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(TEST_SETTINGS, null, 2));
  const resultFile = path.join(tmp, 'result.json');
  const emulator = await startEmulatorProcess(['--speed', '0.05'], tmp);
  fs.mkdirSync(path.join(tmp, 'workloads'));
  const workloads = await startEmulatorProcess(
    ['--speed', '0.05', '--world', path.join(ROOT, 'test', 'support', 'fixtures', 'workloads-world.json')],
    path.join(tmp, 'workloads'),
  );
  const kubectl = installStandInKubectl(path.join(tmp, 'kubectl-bin'));
  const extensionsDir = path.join(tmp, 'extensions');
  installFakeKubernetesExtension(extensionsDir);
  try {
    const config: IntegrationConfig = {
      suite: 'main',
      cliJson: emulator.cliJson,
      emulatorUrl: emulator.url,
      resultFile,
      userDataDir,
      workloadsCliJson: workloads.cliJson,
      kubectlDir: kubectl.binDir,
    };
    fs.writeFileSync(CONFIG_FILE, JSON.stringify(config, null, 2));
    await runTests({
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: path.join(ROOT, 'out', 'test', 'integration', 'suite', 'index.js'),
      launchArgs: [workspace, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--disable-workspace-trust'],
      extensionTestsEnv: { PATH: `${kubectl.binDir}${path.delimiter}${process.env.PATH ?? ''}` },
    });
    const result = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as IntegrationResult;
    console.log(`integration (electron): ${result.passes} passed, ${result.failures} failed`);
    return result.failures === 0 ? 0 : 1;
  } catch (error) {
    console.error(error);
    return 1;
  } finally {
    await emulator.stop();
    await workloads.stop();
    fs.rmSync(CONFIG_FILE, { force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

void main().then((code) => process.exit(code));
