// The tasks qbo offers in Tasks: Run Task without a tasks.json: `start NAME` and `stop NAME` for
// every cluster a connected profile holds, whatever its state (so `"preLaunchTask": "qbo: start
// dev"` finds its task whether dev runs or not). Names are stable (docs/DECISIONS.md "qbo tasks"):
// `start dev` never names a profile and acts on the one connected profile that has dev; while two
// or more profiles are connected, `start dev (PROFILE)` names each profile's own. Pure.
import { naturalCompare } from '../explorer/naturalOrder';
import { nameProblem } from '../qbo/commandLine';
import { TASK_TYPE, type QboTaskDefinition } from './taskDefinition';

export interface ProvidedTask {
  /** The task's name; VS Code shows it as `qbo: NAME`, and launch.json refers to it so. */
  readonly name: string;
  readonly definition: QboTaskDefinition;
}

export interface ProfileClusterNames {
  readonly name: string;
  readonly clusters: readonly (string | undefined)[];
}

/** The lifecycle actions offered for every known cluster (delete and add only from tasks.json: they are not undone by a click). */
const OFFERED = ['start', 'stop'] as const;

function validNames(names: readonly (string | undefined)[]): string[] {
  const valid = names.filter((name): name is string => name !== undefined && nameProblem(name) === undefined);
  return [...new Set(valid)].sort(naturalCompare);
}

export function providedTasks(profiles: readonly ProfileClusterNames[]): ProvidedTask[] {
  const tasks: ProvidedTask[] = [];
  for (const cluster of validNames(profiles.flatMap((profile) => profile.clusters)))
    for (const action of OFFERED)
      tasks.push({ name: `${action} ${cluster}`, definition: { type: TASK_TYPE, action, clusters: [cluster] } });
  if (profiles.length < 2) return tasks;
  for (const profile of [...profiles].sort((a, b) => naturalCompare(a.name, b.name)))
    for (const cluster of validNames(profile.clusters))
      for (const action of OFFERED)
        tasks.push({
          name: `${action} ${cluster} (${profile.name})`,
          definition: { type: TASK_TYPE, action, clusters: [cluster], profile: profile.name },
        });
  return tasks;
}
