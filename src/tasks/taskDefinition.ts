// The `qbo` task type (tasks.json, launch.json's preLaunchTask, the auto-detected tasks): what a
// definition may say, checked before anything is sent. tasks.json is workspace content, so every
// value is validated here with the command grammar's own rules (commandLine.ts) and a bad one gives
// one clear message naming the property. Pure: no `vscode`.
import * as l10n from '@vscode/l10n';
import * as z from 'zod/mini';
import { countProblem, describeValue, imageProblem, nameProblem } from '../qbo/commandLine';

export const TASK_TYPE = 'qbo';

export const TASK_ACTIONS = ['start', 'stop', 'add', 'delete', 'kubeconfig'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];
/** The actions that change clusters and then wait on the mirror. */
export type LifecycleAction = Exclude<TaskAction, 'kubeconfig'>;

export const WAIT_STATES = ['running', 'stopped', 'gone'] as const;
export type WaitState = (typeof WAIT_STATES)[number];

/**
 * The state each action waits for (docs/DECISIONS.md "qbo tasks"). It is the only state the action
 * can lead to, so `waitUntil` may name it (tasks.json then says what it waits for) but no other:
 * `start` + `stopped` could only end by timing out.
 */
export const DEFAULT_WAIT: Readonly<Record<LifecycleAction, WaitState>> = {
  start: 'running',
  stop: 'stopped',
  add: 'running',
  delete: 'gone',
};

/** More clusters than this in one task is a mistake, not a plan (and keeps messages short). */
export const MAX_TASK_CLUSTERS = 50;
const MAX_PROFILE_LENGTH = 200;
const MAX_PATH_LENGTH = 4096;

/** A definition as tasks.json (or another extension) writes it; every field still unchecked. */
export interface QboTaskDefinition {
  readonly type: typeof TASK_TYPE;
  readonly action: TaskAction;
  readonly clusters: readonly string[];
  readonly profile?: string;
  readonly image?: string;
  readonly nodes?: number;
  readonly waitUntil?: WaitState;
  readonly path?: string;
}

/** A checked task: what the runner does. */
export type QboTaskSpec =
  | {
      readonly action: 'start' | 'stop' | 'delete';
      readonly clusters: readonly string[];
      readonly profile: string | undefined;
      readonly waitUntil: WaitState;
    }
  | {
      readonly action: 'add';
      readonly clusters: readonly string[];
      readonly profile: string | undefined;
      readonly image: string | undefined;
      readonly nodes: number | undefined;
      readonly waitUntil: WaitState;
    }
  | { readonly action: 'kubeconfig'; readonly cluster: string; readonly profile: string | undefined; readonly path: string };

export type ParsedTask = { ok: true; spec: QboTaskSpec } | { ok: false; message: string };

function quoted(values: readonly string[]): string {
  return values.map((value) => `"${value}"`).join(', ');
}

/** A check that adds one issue with the command grammar's reason when `problem` finds one. */
function grammar(problem: (value: string) => string | undefined): z.core.$ZodCheck<string> {
  return z.superRefine((value: string, context) => {
    const reason = problem(value);
    if (reason) context.addIssue({ code: 'custom', message: `${describeValue(value)}: ${reason}`, input: value });
  });
}

function hasNoControlCharacters(value: string): boolean {
  // eslint-disable-next-line no-control-regex -- exactly what must not pass
  return !/[\u0000-\u001f\u007f]/.test(value);
}

const definitionSchema = z.object({
  type: z.literal(TASK_TYPE, { error: () => l10n.t('"type" must be "qbo"') }),
  action: z.enum(TASK_ACTIONS, {
    error: (issue) =>
      issue.input === undefined || issue.input === ''
        ? l10n.t('"action" is missing; it is one of {0}', quoted(TASK_ACTIONS))
        : l10n.t('"action" must be one of {0}; got {1}', quoted(TASK_ACTIONS), describeValue(String(issue.input))),
  }),
  clusters: z
    .array(z.string({ error: () => l10n.t('a cluster name is text') }).check(grammar(nameProblem)), {
      error: () => l10n.t('"clusters" is a list of cluster names, e.g. ["dev"]'),
    })
    .check(
      z.minLength(1, { error: () => l10n.t('"clusters" names no cluster; e.g. ["dev"]') }),
      z.maxLength(MAX_TASK_CLUSTERS, { error: () => l10n.t('"clusters" names more than {0} clusters', MAX_TASK_CLUSTERS) }),
    ),
  profile: z.optional(
    z.string({ error: () => l10n.t('"profile" is the name of a connected qbo profile') }).check(
      z.refine((value) => value.trim() !== '' && value.length <= MAX_PROFILE_LENGTH && hasNoControlCharacters(value), {
        error: () => l10n.t('"profile" is the name of a connected qbo profile'),
      }),
    ),
  ),
  image: z.optional(
    z.string({ error: () => l10n.t('"image" is text, e.g. "hub.docker.com/kindest/node:v1.27.3"') }).check(grammar(imageProblem)),
  ),
  nodes: z.optional(
    z
      .number({ error: () => l10n.t('"nodes" is a whole number from 1 to 100') })
      .check(z.refine((value) => countProblem(value) === undefined, { error: () => l10n.t('"nodes" is a whole number from 1 to 100') })),
  ),
  waitUntil: z.optional(
    z.enum(WAIT_STATES, {
      error: (issue) => l10n.t('"waitUntil" must be one of {0}; got {1}', quoted(WAIT_STATES), describeValue(String(issue.input ?? ''))),
    }),
  ),
  path: z.optional(
    z.string({ error: () => l10n.t('"path" is a file path inside the workspace folder') }).check(
      z.refine((value) => value.trim() !== '' && value.length <= MAX_PATH_LENGTH && !value.includes('\u0000'), {
        error: () => l10n.t('"path" is a file path inside the workspace folder'),
      }),
    ),
  ),
});

/** `clusters[1]` for an issue at that path, `"action"` for a property. */
function where(path: readonly PropertyKey[]): string {
  const [first, ...rest] = path;
  if (first === undefined) return l10n.t('the task definition');
  return `${String(first)}${rest.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('')}`;
}

function fail(message: string): ParsedTask {
  return { ok: false, message: l10n.t('The qbo task is not valid: {0}', message) };
}

/**
 * Checks a task definition (as VS Code hands it over, variables resolved). Returns the task to run,
 * or the first problem in words that name the property; nothing may be sent for a refused one.
 */
export function parseTaskDefinition(definition: unknown): ParsedTask {
  if (typeof definition !== 'object' || definition === null || Array.isArray(definition))
    return fail(l10n.t('a task definition is an object such as {"type": "qbo", "action": "start", "clusters": ["dev"]}'));
  const parsed = definitionSchema.safeParse(definition);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (!issue) return fail(l10n.t('the task definition'));
    const property = where(issue.path);
    // A message about a property names it already ("action" must be …); the grammar's name the value.
    const named = issue.path.length === 1 && issue.message.startsWith(`"${String(issue.path[0])}"`);
    return fail(named ? issue.message : `${property}: ${issue.message}`);
  }
  const { action, clusters, profile, image, nodes, waitUntil, path } = parsed.data;
  const duplicate = clusters.find((name, index) => clusters.indexOf(name) !== index);
  if (duplicate !== undefined) return fail(l10n.t('"clusters" names {0} twice', describeValue(duplicate)));
  const onlyFor = (property: string, owner: TaskAction): ParsedTask =>
    fail(l10n.t('"{0}" belongs to "{1}" tasks, not to "{2}"', property, owner, action));
  if (image !== undefined && action !== 'add') return onlyFor('image', 'add');
  if (nodes !== undefined && action !== 'add') return onlyFor('nodes', 'add');
  if (path !== undefined && action !== 'kubeconfig') return onlyFor('path', 'kubeconfig');
  const trimmedProfile = profile?.trim();
  if (action === 'kubeconfig') {
    if (waitUntil !== undefined) return fail(l10n.t('"waitUntil" does not apply to "kubeconfig" tasks: they write a file and end'));
    if (path === undefined) return fail(l10n.t('a "kubeconfig" task needs "path", the file to write inside the workspace folder'));
    const [cluster] = clusters;
    if (clusters.length !== 1 || cluster === undefined) return fail(l10n.t('a "kubeconfig" task names exactly one cluster'));
    return { ok: true, spec: { action, cluster, profile: trimmedProfile, path } };
  }
  const wanted = DEFAULT_WAIT[action];
  if (waitUntil !== undefined && waitUntil !== wanted)
    return fail(l10n.t('a "{0}" task can only wait until "{1}" (got "{2}")', action, wanted, waitUntil));
  if (action === 'add') return { ok: true, spec: { action, clusters, profile: trimmedProfile, image, nodes, waitUntil: wanted } };
  return { ok: true, spec: { action, clusters, profile: trimmedProfile, waitUntil: wanted } };
}

/** What the terminal and the task list call a task: `start dev`, `stop dev, qa`, `kubeconfig dev`. */
export function taskTitle(spec: QboTaskSpec): string {
  return spec.action === 'kubeconfig' ? `kubeconfig ${spec.cluster}` : `${spec.action} ${spec.clusters.join(', ')}`;
}
