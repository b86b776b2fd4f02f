import * as assert from 'node:assert/strict';
import { DEFAULT_WAIT, MAX_TASK_CLUSTERS, parseTaskDefinition, taskTitle, type QboTaskSpec } from '../../../src/tasks/taskDefinition';

function spec(definition: unknown): QboTaskSpec {
  const parsed = parseTaskDefinition(definition);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.spec;
}

/** The message of a refused definition (fails if it was accepted). */
function refusal(definition: unknown): string {
  const parsed = parseTaskDefinition(definition);
  assert.equal(parsed.ok, false, `accepted ${JSON.stringify(definition)}`);
  return parsed.ok ? '' : parsed.message;
}

const qbo = (fields: Record<string, unknown>): Record<string, unknown> => ({ type: 'qbo', ...fields });

describe('qbo task definitions', () => {
  it('accepts each action and fills in the state it waits for', () => {
    assert.deepEqual(spec(qbo({ action: 'start', clusters: ['dev'] })), {
      action: 'start',
      clusters: ['dev'],
      profile: undefined,
      waitUntil: 'running',
    });
    assert.equal((spec(qbo({ action: 'stop', clusters: ['dev', 'qa'] })) as { waitUntil: string }).waitUntil, 'stopped');
    assert.equal((spec(qbo({ action: 'delete', clusters: ['dev'] })) as { waitUntil: string }).waitUntil, 'gone');
    assert.deepEqual(
      spec(qbo({ action: 'add', clusters: ['ci-1'], image: 'hub.docker.com/kindest/node:v1.27.3', nodes: 2, profile: ' cloud ' })),
      {
        action: 'add',
        clusters: ['ci-1'],
        profile: 'cloud',
        image: 'hub.docker.com/kindest/node:v1.27.3',
        nodes: 2,
        waitUntil: 'running',
      },
    );
    assert.deepEqual(spec(qbo({ action: 'kubeconfig', clusters: ['dev'], path: '.kube/dev.yaml' })), {
      action: 'kubeconfig',
      cluster: 'dev',
      profile: undefined,
      path: '.kube/dev.yaml',
    });
    assert.deepEqual(DEFAULT_WAIT, { start: 'running', stop: 'stopped', add: 'running', delete: 'gone' });
  });

  it('accepts waitUntil when it names the state the action leads to', () => {
    for (const [action, state] of Object.entries(DEFAULT_WAIT))
      assert.equal((spec(qbo({ action, clusters: ['dev'], waitUntil: state })) as { waitUntil: string }).waitUntil, state);
  });

  it('refuses a bad cluster name with a message naming the entry and the rule', () => {
    assert.equal(
      refusal(qbo({ action: 'start', clusters: ['dev', 'bad name!'] })),
      'The qbo task is not valid: clusters[1]: "bad name!": a name cannot contain spaces',
    );
    assert.match(refusal(qbo({ action: 'stop', clusters: ['-A'] })), /clusters\[0\]: "-A": a name cannot start with "-"/);
    assert.match(refusal(qbo({ action: 'stop', clusters: ['dev;rm'] })), /clusters\[0\]: "dev;rm": use letters, digits/);
    assert.match(refusal(qbo({ action: 'stop', clusters: ['x'.repeat(65)] })), /at most 64 characters/);
    assert.match(refusal(qbo({ action: 'stop', clusters: [3] })), /clusters\[0\]: a cluster name is text/);
    assert.match(refusal(qbo({ action: 'stop', clusters: ['dev\u001b[2J'] })), /"dev\?\[2J"/, 'control characters are not echoed');
  });

  it('refuses missing, empty, oversized or repeated cluster lists', () => {
    assert.match(refusal(qbo({ action: 'start' })), /"clusters" is a list of cluster names/);
    assert.match(refusal(qbo({ action: 'start', clusters: 'dev' })), /"clusters" is a list of cluster names, e\.g\. \["dev"\]/);
    assert.match(refusal(qbo({ action: 'start', clusters: [] })), /"clusters" names no cluster/);
    const many = Array.from({ length: MAX_TASK_CLUSTERS + 1 }, (_, index) => `c${index}`);
    assert.match(refusal(qbo({ action: 'start', clusters: many })), /more than 50 clusters/);
    assert.match(refusal(qbo({ action: 'start', clusters: ['dev', 'dev'] })), /"clusters" names "dev" twice/);
  });

  it('refuses a missing or unknown action and another type', () => {
    // VS Code fills a required string property that tasks.json leaves out with "".
    assert.match(
      refusal(qbo({ action: '', clusters: ['dev'] })),
      /"action" is missing; it is one of "start", "stop", "add", "delete", "kubeconfig"/,
    );
    assert.match(refusal(qbo({ clusters: ['dev'] })), /"action" is missing/);
    assert.match(refusal(qbo({ action: 'restart', clusters: ['dev'] })), /"action" must be one of .*; got "restart"/);
    assert.match(refusal({ type: 'npm', action: 'start', clusters: ['dev'] }), /"type" must be "qbo"/);
    assert.match(refusal(null), /a task definition is an object/);
    assert.match(refusal(['start']), /a task definition is an object/);
  });

  it('refuses waitUntil naming a state the action cannot reach, or an unknown one', () => {
    assert.equal(
      refusal(qbo({ action: 'start', clusters: ['dev'], waitUntil: 'gone' })),
      'The qbo task is not valid: a "start" task can only wait until "running" (got "gone")',
    );
    assert.match(refusal(qbo({ action: 'delete', clusters: ['dev'], waitUntil: 'stopped' })), /"delete" task can only wait until "gone"/);
    assert.match(
      refusal(qbo({ action: 'stop', clusters: ['dev'], waitUntil: 'asleep' })),
      /"waitUntil" must be one of "running", "stopped", "gone"; got "asleep"/,
    );
    assert.match(
      refusal(qbo({ action: 'kubeconfig', clusters: ['dev'], path: 'k.yaml', waitUntil: 'running' })),
      /does not apply to "kubeconfig"/,
    );
  });

  it('keeps each property to its action', () => {
    assert.match(
      refusal(qbo({ action: 'start', clusters: ['dev'], image: 'kindest/node:v1' })),
      /"image" belongs to "add" tasks, not to "start"/,
    );
    assert.match(refusal(qbo({ action: 'stop', clusters: ['dev'], nodes: 2 })), /"nodes" belongs to "add" tasks/);
    assert.match(refusal(qbo({ action: 'start', clusters: ['dev'], path: 'k.yaml' })), /"path" belongs to "kubeconfig" tasks/);
    assert.match(refusal(qbo({ action: 'kubeconfig', clusters: ['dev'] })), /needs "path"/);
    assert.match(refusal(qbo({ action: 'kubeconfig', clusters: ['dev', 'qa'], path: 'k.yaml' })), /names exactly one cluster/);
  });

  it('refuses bad images, node counts, profiles and paths', () => {
    assert.match(refusal(qbo({ action: 'add', clusters: ['x'], image: 'a b' })), /image: "a b": an image cannot contain spaces/);
    assert.match(refusal(qbo({ action: 'add', clusters: ['x'], image: 'hub.docker.com/../../etc' })), /image: .*"\.\."/);
    for (const nodes of [0, 101, 2.5, '3', -1])
      assert.match(refusal(qbo({ action: 'add', clusters: ['x'], nodes })), /"nodes" is a whole number from 1 to 100/, String(nodes));
    for (const profile of ['', '   ', 'a'.repeat(201), 'bad\nprofile', 7])
      assert.match(
        refusal(qbo({ action: 'start', clusters: ['x'], profile })),
        /"profile" is the name of a connected qbo profile/,
        JSON.stringify(profile),
      );
    for (const path of ['', ' ', 'a\u0000b', 'x'.repeat(4097), 12])
      assert.match(
        refusal(qbo({ action: 'kubeconfig', clusters: ['x'], path })),
        /"path" is a file path inside the workspace folder/,
        JSON.stringify(path),
      );
  });

  it('names a task by its action and clusters', () => {
    assert.equal(taskTitle(spec(qbo({ action: 'stop', clusters: ['dev', 'qa'] }))), 'stop dev, qa');
    assert.equal(taskTitle(spec(qbo({ action: 'kubeconfig', clusters: ['dev'], path: 'k.yaml' }))), 'kubeconfig dev');
  });
});
