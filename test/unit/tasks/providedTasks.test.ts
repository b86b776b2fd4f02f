import * as assert from 'node:assert/strict';
import { providedTasks } from '../../../src/tasks/providedTasks';
import { parseTaskDefinition } from '../../../src/tasks/taskDefinition';

describe('the tasks qbo provides', () => {
  it('one profile: start and stop for every cluster, in natural order, without a profile', () => {
    const tasks = providedTasks([{ name: 'cloud', clusters: ['prod', 'dev-10', 'dev-2'] }]);
    assert.deepEqual(
      tasks.map((task) => task.name),
      ['start dev-2', 'stop dev-2', 'start dev-10', 'stop dev-10', 'start prod', 'stop prod'],
    );
    assert.deepEqual(tasks[0]?.definition, { type: 'qbo', action: 'start', clusters: ['dev-2'] });
  });

  it('every provided definition passes the task check', () => {
    for (const task of providedTasks([
      { name: 'a', clusters: ['dev'] },
      { name: 'b', clusters: ['dev', 'qa'] },
    ]))
      assert.ok(parseTaskDefinition(task.definition).ok, task.name);
  });

  it('names stay the same whatever state a cluster is in, and when another profile connects', () => {
    const alone = providedTasks([{ name: 'cloud', clusters: ['dev'] }]).map((task) => task.name);
    const together = providedTasks([
      { name: 'cloud', clusters: ['dev'] },
      { name: 'Local emulator', clusters: ['dev', 'qa'] },
    ]).map((task) => task.name);
    for (const name of alone) assert.ok(together.includes(name), `"${name}" disappeared when a second profile connected`);
    assert.deepEqual(together, [
      'start dev',
      'stop dev',
      'start qa',
      'stop qa',
      'start dev (cloud)',
      'stop dev (cloud)',
      'start dev (Local emulator)',
      'stop dev (Local emulator)',
      'start qa (Local emulator)',
      'stop qa (Local emulator)',
    ]);
    const qualified = providedTasks([
      { name: 'cloud', clusters: ['dev'] },
      { name: 'local', clusters: ['dev'] },
    ]).find((task) => task.name === 'stop dev (local)');
    assert.deepEqual(qualified?.definition, { type: 'qbo', action: 'stop', clusters: ['dev'], profile: 'local' });
  });

  it('leaves out names no command could carry, and repeats none', () => {
    const tasks = providedTasks([{ name: 'cloud', clusters: ['ok', 'bad name', undefined, '-A', 'ok'] }]);
    assert.deepEqual(
      tasks.map((task) => task.name),
      ['start ok', 'stop ok'],
    );
  });

  it('nothing connected, nothing offered', () => {
    assert.deepEqual(providedTasks([]), []);
  });
});
