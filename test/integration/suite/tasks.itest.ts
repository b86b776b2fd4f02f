// qbo tasks in a real VS Code against the emulator: the provided "qbo: start prod" through
// vscode.tasks.executeTask ends with exit code 0 once prod runs; tasks.json tasks of type qbo are
// resolved by the extension (a bad cluster name fails with a clear message, a kubeconfig task writes
// inside the workspace only); a preLaunchTask names a provided task; the public API's
// waitForCluster resolves from the mirror. Runs after server.itest (signed out) and ends signed out.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseCliJson } from '../../../src/qbo/credentials';
import { EmulatorProbe } from '../../support/emulatorProbe';
import { waitForValue } from '../../support/wait';
import { readIntegrationConfig } from '../config';
import { logText } from './files';
import { publicApi, soleInventory, soleStatus, testApi, type TestApi } from './testApi';

const PROFILE = 'it-tasks';
const config = readIntegrationConfig();
const credentials = parseCliJson(fs.readFileSync(config.cliJson, 'utf8'), config.cliJson);

/** Resolves with the exit code of the next run of a task named `name`. */
function exitCodeOf(name: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const subscription = vscode.tasks.onDidEndTaskProcess((event) => {
      if (event.execution.task.name !== name) return;
      subscription.dispose();
      resolve(event.exitCode);
    });
  });
}

async function qboTask(name: string): Promise<vscode.Task> {
  return waitForValue(
    async () => (await vscode.tasks.fetchTasks({ type: 'qbo' })).find((task) => task.name === name),
    `the task "${name}"`,
  );
}

async function run(task: vscode.Task): Promise<number | undefined> {
  const ended = exitCodeOf(task.name);
  await vscode.tasks.executeTask(task);
  return ended;
}

describe('qbo tasks', function () {
  let api: TestApi;
  const probe = new EmulatorProbe(credentials);
  const folder = (): string => {
    const first = vscode.workspace.workspaceFolders?.[0];
    assert.ok(first, 'the suite runs in a workspace folder');
    return first.uri.fsPath;
  };
  const tasksJson = (): string => path.join(folder(), '.vscode', 'tasks.json');
  const writeTasksJson = (tasks: Record<string, unknown>[]): void => {
    fs.mkdirSync(path.dirname(tasksJson()), { recursive: true });
    fs.writeFileSync(tasksJson(), JSON.stringify({ version: '2.0.0', tasks }, null, 2));
  };

  before(async () => {
    await probe.open();
    api = await testApi();
    await waitForValue(() => soleStatus(api) === 'signed-out', 'the signed-out state left by the previous suite');
    assert.equal(await vscode.commands.executeCommand('qbo.signInWithFile', vscode.Uri.file(config.cliJson), { name: PROFILE }), true);
    await waitForValue(() => soleStatus(api) === 'ready', 'the session to be ready');
    // The small world's prod is stopped; earlier suites may have started it.
    if ((await probe.clusterState('prod')) !== 'stopped')
      assert.equal(await vscode.commands.executeCommand('qbo.stopCluster', 'prod'), true);
    await waitForValue(() => soleInventory(api).findCluster('prod')?.[1].state === 'stopped', 'prod stopped');
  });

  after(async () => {
    fs.rmSync(path.join(folder(), '.vscode'), { recursive: true, force: true });
    fs.rmSync(path.join(folder(), '.kube'), { recursive: true, force: true });
    await vscode.commands.executeCommand('qbo.signOut', PROFILE);
    await waitForValue(() => soleStatus(api) === 'signed-out', 'signed out');
    probe.dispose();
  });

  it('offers start and stop for every cluster in Tasks: Run Task, named "qbo: start prod" and so on', async () => {
    const tasks = await vscode.tasks.fetchTasks({ type: 'qbo' });
    const provided = tasks.filter((task) => task.source === 'qbo').map((task) => task.name);
    for (const name of ['start dev', 'stop dev', 'start prod', 'stop prod'])
      assert.ok(provided.includes(name), `${name} in ${provided.join(', ')}`);
    const startProd = tasks.find((task) => task.name === 'start prod');
    assert.deepEqual({ ...startProd?.definition }, { type: 'qbo', action: 'start', clusters: ['prod'] });
    assert.ok(startProd?.execution instanceof vscode.CustomExecution, 'a pseudoterminal, no shell');
  });

  it('runs the provided task "qbo: start prod": exit code 0 once prod and its nodes run, and the API wait resolves too', async () => {
    assert.equal(await probe.clusterState('prod'), 'stopped');
    const waited = (await publicApi()).waitForCluster('prod', 'running', { timeoutMs: 60_000 });
    const code = await run(await qboTask('start prod'));
    assert.equal(code, 0);
    // At the task's end the mirror already shows prod running, every node included.
    const inventory = soleInventory(api);
    assert.equal(inventory.findCluster('prod')?.[1].state, 'running');
    const nodes = inventory.inCluster('prod', 'nodes');
    assert.ok(nodes.length > 0 && nodes.every(([, node]) => node.state === 'running'), JSON.stringify(nodes.map(([, node]) => node.state)));
    assert.equal(await probe.clusterState('prod'), 'running');
    await waited;
  });

  it('a tasks.json task with a bad cluster name fails with exit code 1 and says why, sending nothing', async () => {
    writeTasksJson([{ label: 'qbo bad name', type: 'qbo', action: 'stop', clusters: ['prod; rm'] }]);
    const code = await run(await qboTask('qbo bad name'));
    assert.equal(code, 1);
    const log = await waitForValue(() => {
      const text = logText(api.logUri);
      return text.includes('[task] The qbo task is not valid') ? text : undefined;
    }, 'the refusal in the log');
    assert.match(log, /\[task\] The qbo task is not valid: clusters\[0\]: "prod; rm": a name cannot contain spaces/);
    assert.equal(await probe.clusterState('prod'), 'running', 'nothing was stopped');
  });

  it('a kubeconfig task writes the checked kubeconfig inside the workspace folder (mode 0600) and refuses a path outside it', async () => {
    writeTasksJson([
      { label: 'qbo kubeconfig dev', type: 'qbo', action: 'kubeconfig', clusters: ['dev'], path: '${workspaceFolder}/.kube/dev.yaml' },
      { label: 'qbo kubeconfig outside', type: 'qbo', action: 'kubeconfig', clusters: ['dev'], path: '../outside.yaml' },
    ]);
    assert.equal(await run(await qboTask('qbo kubeconfig dev')), 0);
    const file = path.join(folder(), '.kube', 'dev.yaml');
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.match(fs.readFileSync(file, 'utf8'), /current-context: dev/);
    assert.equal(await run(await qboTask('qbo kubeconfig outside')), 1);
    assert.ok(!fs.existsSync(path.join(folder(), '..', 'outside.yaml')));
  });

  it('a launch configuration’s preLaunchTask "qbo: stop prod" runs before the debug session starts', async () => {
    const program = path.join(folder(), 'hello.js');
    fs.writeFileSync(program, 'console.log("hello");\n');
    let stateAtStart: string | undefined;
    const started = new Promise<void>((resolve) => {
      const subscription = vscode.debug.onDidStartDebugSession(() => {
        stateAtStart = soleInventory(api).findCluster('prod')?.[1].state;
        subscription.dispose();
        resolve();
      });
    });
    const ok = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders?.[0], {
      type: 'node',
      request: 'launch',
      name: 'qbo preLaunchTask',
      program,
      preLaunchTask: 'qbo: stop prod',
    });
    assert.equal(ok, true, 'the debug session started');
    await started;
    assert.equal(stateAtStart, 'stopped', 'prod was stopped before the program ran');
    assert.equal(await probe.clusterState('prod'), 'stopped');
    await vscode.debug.stopDebugging();
    fs.rmSync(program, { force: true });
  });
});
