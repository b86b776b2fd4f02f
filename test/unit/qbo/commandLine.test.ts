import * as assert from 'node:assert/strict';
import {
  ALL,
  addClusterCommand,
  addNodeCommand,
  CommandSyntaxError,
  deleteCommand,
  GET_KINDS,
  getCommand,
  InvalidArgumentError,
  kubeconfigCommand,
  named,
  nameProblem,
  parseCommandLine,
  startCommand,
  stopCommand,
  versionCommand,
  type CommandLine,
} from '../../../src/qbo/commandLine';
import { SPEC_EXAMPLE_COMMANDS } from '../../support/fixtures';

function rejects(build: () => CommandLine, argument: string): void {
  assert.throws(build, (error: unknown) => error instanceof InvalidArgumentError && error.argument === argument);
}

describe('command builders', () => {
  it('build every example command of the AsyncAPI document', () => {
    const built: CommandLine[] = [
      versionCommand(),
      getCommand('nodes', named('dev', 'prod')),
      getCommand('nodes', ALL),
      getCommand('pods'),
      getCommand('services', ALL),
      getCommand('networks', named('dev', 'prod')),
      getCommand('ipvs', ALL),
      getCommand('users', ALL),
      getCommand('images', ALL),
      startCommand('clusters', named('dev', 'prod')),
      startCommand('clusters', ALL),
      stopCommand('clusters', named('alex')),
      stopCommand('clusters', ALL),
      addClusterCommand(['alex'], { image: 'hub.docker.com/kindest/node:v1.27.3' }),
      addClusterCommand(['dev', 'prod']),
      deleteCommand('clusters', named('dev', 'prod')),
      deleteCommand('clusters', ALL),
    ];
    assert.equal(built.length, SPEC_EXAMPLE_COMMANDS.length);
    built.forEach((command, index) => {
      const example = SPEC_EXAMPLE_COMMANDS[index] as string;
      // Same meaning as the example; the builders always use the plural noun ("net" → "networks").
      assert.deepEqual(parseCommandLine(command.line), parseCommandLine(example), example);
    });
    assert.equal(built[2]?.line, 'get nodes -A');
    assert.equal(built[13]?.line, 'add cluster alex -i hub.docker.com/kindest/node:v1.27.3');
  });

  it('build the remaining commands of the grammar', () => {
    assert.equal(kubeconfigCommand('dev').line, 'get cluster dev -k');
    assert.equal(startCommand('nodes', named('worker-1')).line, 'start nodes worker-1');
    assert.equal(stopCommand('nodes', ALL).line, 'stop nodes -A');
    assert.equal(deleteCommand('nodes', named('a1b2c3d4')).line, 'delete nodes a1b2c3d4');
    assert.equal(
      addClusterCommand(['dev'], { image: 'kindest/node:v1.27.3', nodes: 3, domain: 'dev.example.com' }).line,
      'add cluster dev -i kindest/node:v1.27.3 -n 3 -d dev.example.com',
    );
    assert.equal(addNodeCommand('dev', 2).line, 'add node dev -n 2');
    assert.equal(addNodeCommand('dev').line, 'add node dev');
    for (const kind of GET_KINDS) assert.equal(getCommand(kind).line, `get ${kind} -A`);
  });

  it('reject names that could smuggle a flag or a second name', () => {
    for (const bad of ['dev -A', 'a b', '', 'x'.repeat(65), '../x', '-A', '--all', 'dev\n-A', 'dev;rm', 'é', '.hidden']) {
      rejects(() => stopCommand('clusters', named(bad)), 'cluster name');
      rejects(() => kubeconfigCommand(bad), 'cluster name');
      rejects(() => addNodeCommand(bad), 'cluster name');
      assert.ok(nameProblem(bad), bad);
    }
    assert.equal(nameProblem('x'.repeat(64)), undefined);
    assert.equal(nameProblem('node-2.local_1'), undefined);
  });

  it('name the argument that is bad', () => {
    rejects(() => stopCommand('nodes', named('ok', 'not ok')), 'node name #2');
    rejects(() => addClusterCommand(['dev'], { image: 'kindest/node:v1 -A' }), 'image');
    rejects(() => addClusterCommand(['dev'], { image: '-i' }), 'image');
    rejects(() => addClusterCommand(['dev'], { nodes: 0 }), 'node count');
    rejects(() => addClusterCommand(['dev'], { nodes: 101 }), 'node count');
    rejects(() => addClusterCommand(['dev'], { nodes: 2.5 }), 'node count');
    rejects(() => addClusterCommand(['dev'], { nodes: '3 -A' }), 'node count');
    rejects(() => addClusterCommand(['dev'], { domain: 'a b.com' }), 'domain');
    rejects(() => addClusterCommand(['dev'], { domain: '-d.com' }), 'domain');
    rejects(() => addClusterCommand([]), 'cluster name');
    rejects(() => startCommand('clusters', named()), 'cluster name');
    rejects(() => getCommand('secrets' as never), 'kind');
    rejects(() => startCommand('pods' as never, ALL), 'kind');
  });

  it('errors describe the value without dumping it whole', () => {
    try {
      stopCommand('clusters', named('y'.repeat(500)));
      assert.fail('should throw');
    } catch (error) {
      assert.ok(error instanceof InvalidArgumentError);
      assert.ok(error.message.length < 200);
    }
  });
});

describe('parseCommandLine', () => {
  it('accepts singular and plural nouns, aliases, a leading qbo, and -A', () => {
    assert.deepEqual(parseCommandLine('qbo get svc -A'), { verb: 'get', kind: 'services', target: ALL, kubeconfig: false });
    assert.deepEqual(parseCommandLine('stop cluster dev'), { verb: 'stop', kind: 'clusters', target: named('dev') });
    assert.deepEqual(parseCommandLine('del nodes --all'), { verb: 'delete', kind: 'nodes', target: ALL });
    assert.deepEqual(parseCommandLine('get clusters'), { verb: 'get', kind: 'clusters', target: named(), kubeconfig: false });
    assert.deepEqual(parseCommandLine('add node dev -n 2'), { verb: 'add', kind: 'nodes', cluster: 'dev', nodes: 2 });
    assert.deepEqual(parseCommandLine('get cluster dev -k'), { verb: 'get', kind: 'clusters', target: named('dev'), kubeconfig: true });
  });

  it('refuses what the grammar does not allow, with a reason', () => {
    for (const bad of [
      '',
      'launch clusters',
      'get',
      'get secrets',
      'stop clusters',
      'stop pods dev',
      'stop clusters dev -A',
      'add cluster -A',
      'add node',
      'add node a b',
      'get clusters -k',
      'get nodes dev -k',
      'start clusters dev -n 2',
      'get clusters -x',
      'add cluster dev -i',
      'add cluster dev -n 0',
      'version now',
      'stop clusters ../x',
    ]) {
      assert.throws(() => parseCommandLine(bad), CommandSyntaxError, bad);
    }
  });
});
