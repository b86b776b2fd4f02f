// The `qbo` task type in VS Code: a TaskProvider whose tasks run in a pseudoterminal
// (CustomExecution), so no shell ever sees a value from tasks.json. Provides `start NAME` and
// `stop NAME` for every known cluster (providedTasks.ts); resolves tasks.json tasks of type qbo.
// The work itself is runTask.ts.
import * as vscode from 'vscode';
import type { AllowedKubeconfig } from '../kube/kubeconfigPolicy';
import type { MachineTarget } from '../commands/commandLines';
import type { ConnectedProfile, SessionManager } from '../session/sessionManager';
import { taskTimeoutMs } from '../settings';
import type { OutputLog } from '../ui/output';
import { providedTasks } from './providedTasks';
import { runQboTask, type LineKind } from './runTask';
import { whenSettled } from './sessionSettled';
import { parseTaskDefinition, TASK_TYPE, taskTitle, type QboTaskDefinition } from './taskDefinition';
import { terminalLine } from './terminalText';

/** How long listing the tasks waits for the connected profiles' first listing. */
const PROVIDE_READY_TIMEOUT_MS = 10_000;

export interface QboTaskDependencies {
  manager: SessionManager;
  output: OutputLog;
  fetchKubeconfig(profile: ConnectedProfile, cluster: MachineTarget): Promise<AllowedKubeconfig>;
}

/** The folders a kubeconfig task of this scope may write into: its own, or every folder of a workspace-wide task. */
function foldersOf(scope: vscode.TaskScope | vscode.WorkspaceFolder | undefined): string[] {
  const local = (folder: vscode.WorkspaceFolder): string[] => (folder.uri.scheme === 'file' ? [folder.uri.fsPath] : []);
  if (scope === vscode.TaskScope.Workspace) return (vscode.workspace.workspaceFolders ?? []).flatMap(local);
  if (typeof scope === 'object') return local(scope);
  return [];
}

function detailOf(definition: QboTaskDefinition): string | undefined {
  const [cluster] = definition.clusters;
  if (cluster === undefined) return undefined;
  if (definition.action === 'start') return vscode.l10n.t('Start {0} and wait until it and its nodes run', cluster);
  if (definition.action === 'stop') return vscode.l10n.t('Stop {0} and wait until it and its nodes are stopped', cluster);
  return undefined;
}

class QboTaskTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  private readonly abort = new AbortController();

  constructor(
    private readonly definition: vscode.TaskDefinition,
    private readonly folders: readonly string[],
    private readonly dependencies: QboTaskDependencies,
  ) {}

  open(): void {
    void this.run();
  }

  close(): void {
    this.abort.abort();
  }

  private write(text: string, kind: LineKind): void {
    if (!this.abort.signal.aborted) this.writeEmitter.fire(terminalLine(text, kind));
  }

  private async run(): Promise<void> {
    const { manager, output } = this.dependencies;
    const code = await runQboTask(
      this.definition,
      {
        manager,
        timeoutMs: taskTimeoutMs(),
        folders: this.folders,
        fetchKubeconfig: (profile, cluster) => this.dependencies.fetchKubeconfig(profile, cluster),
        signal: this.abort.signal,
      },
      {
        line: (text, kind) => {
          this.write(text, kind);
          if (kind === 'failure') output.warn(`[task] ${text}`);
        },
      },
    );
    const parsed = parseTaskDefinition(this.definition);
    output.info(`[task] ${parsed.ok ? taskTitle(parsed.spec) : 'invalid qbo task'} ended with exit code ${code}`);
    this.write(vscode.l10n.t('The qbo task ended with exit code {0}.', code), 'info');
    if (!this.abort.signal.aborted) this.closeEmitter.fire(code);
    this.writeEmitter.dispose();
    this.closeEmitter.dispose();
  }
}

class QboTaskProvider implements vscode.TaskProvider {
  constructor(private readonly dependencies: QboTaskDependencies) {}

  async provideTasks(): Promise<vscode.Task[]> {
    const { manager } = this.dependencies;
    // Listing qbo's tasks needs the clusters: this connects, as a command would (a preLaunchTask
    // "qbo: start dev" in a window whose qbo view was never shown must still find its task).
    await manager.ensureStarted();
    await Promise.all(manager.profiles.map((profile) => whenSettled(profile.session, PROVIDE_READY_TIMEOUT_MS)));
    const profiles = manager.profiles.map((profile) => ({
      name: profile.name,
      clusters: profile.inventory.all('clusters').map((cluster) => cluster.name),
    }));
    return providedTasks(profiles).map(({ name, definition }) => {
      const task = this.task(definition, vscode.TaskScope.Workspace, name);
      const detail = detailOf(definition);
      if (detail) task.detail = detail;
      return task;
    });
  }

  resolveTask(task: vscode.Task): vscode.Task | undefined {
    if (task.definition.type !== TASK_TYPE) return undefined;
    // The same definition object, as VS Code requires; it is checked when the task runs, so a bad
    // one fails in its terminal with the reason instead of vanishing from the task list.
    return this.task(task.definition, task.scope ?? vscode.TaskScope.Workspace, task.name);
  }

  private task(definition: vscode.TaskDefinition, scope: vscode.TaskScope | vscode.WorkspaceFolder, name: string): vscode.Task {
    const folders = foldersOf(scope);
    const execution = new vscode.CustomExecution((resolved) => Promise.resolve(new QboTaskTerminal(resolved, folders, this.dependencies)));
    // No problem matchers (qbo's output has no file positions): [] also keeps VS Code from asking for one.
    return new vscode.Task(definition, scope, name, TASK_TYPE, execution, []);
  }
}

export function registerQboTasks(dependencies: QboTaskDependencies): vscode.Disposable {
  return vscode.tasks.registerTaskProvider(TASK_TYPE, new QboTaskProvider(dependencies));
}
