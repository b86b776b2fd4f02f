import * as assert from 'node:assert/strict';
import {
  ALL,
  CommandSyntaxError,
  GET_KINDS,
  emailProblem,
  idForm,
  InvalidArgumentError,
  named,
  nameProblem,
  parseCommandLine,
} from '../../../src/qbo/commandLine';
import {
  addClusterCommand,
  addNodeCommand,
  byName,
  byNames,
  cliConfigurationCommand,
  clientsCommand,
  createServiceAccountCommand,
  deleteCommand,
  getCommand,
  kubeconfigCommand,
  namedTargets,
  renderCommand,
  startCommand,
  stopCommand,
  versionCommand,
  type QboCommand,
} from '../../../src/qbo/commands';
import { SPEC_EXAMPLE_COMMANDS } from '../../support/fixtures';

function rejects(build: () => QboCommand, argument: string): void {
  assert.throws(build, (error: unknown) => error instanceof InvalidArgumentError && error.argument === argument);
}

describe('command builders', () => {
  it('build every example command of the AsyncAPI document', () => {
    const built: QboCommand[] = [
      versionCommand(),
      getCommand('nodes', byNames('dev', 'prod')),
      getCommand('nodes', 'all'),
      getCommand('pods'),
      getCommand('services', 'all'),
      getCommand('networks', byNames('dev', 'prod')),
      getCommand('ipvs', 'all'),
      getCommand('users', 'all'),
      getCommand('images', 'all'),
      startCommand('clusters', namedTargets('clusters', 'dev', 'prod')),
      startCommand('clusters', 'all'),
      stopCommand('clusters', namedTargets('clusters', 'alex')),
      stopCommand('clusters', 'all'),
      addClusterCommand(['alex'], { image: 'hub.docker.com/kindest/node:v1.27.3' }),
      addClusterCommand(['dev', 'prod']),
      deleteCommand('clusters', namedTargets('clusters', 'dev', 'prod')),
      deleteCommand('clusters', 'all'),
    ];
    assert.equal(built.length, SPEC_EXAMPLE_COMMANDS.length);
    built.forEach((command, index) => {
      const example = SPEC_EXAMPLE_COMMANDS[index] as string;
      // Same meaning as the example; the builders always use the plural noun ("net" → "networks").
      assert.deepEqual(parseCommandLine(renderCommand(command)), parseCommandLine(example), example);
    });
    assert.equal(renderCommand(built[2] as QboCommand), 'get nodes -A');
    assert.equal(renderCommand(built[13] as QboCommand), 'add cluster alex -i hub.docker.com/kindest/node:v1.27.3');
  });

  it('build the remaining commands of the grammar', () => {
    assert.equal(renderCommand(kubeconfigCommand(byName('dev'))), 'get cluster dev -k');
    assert.equal(renderCommand(startCommand('nodes', namedTargets('nodes', 'worker-1'))), 'start nodes worker-1');
    assert.equal(renderCommand(stopCommand('nodes', 'all')), 'stop nodes -A');
    assert.equal(renderCommand(deleteCommand('nodes', namedTargets('nodes', 'a1b2c3d4'))), 'delete nodes a1b2c3d4');
    assert.equal(
      renderCommand(addClusterCommand(['dev'], { image: 'kindest/node:v1.27.3', nodes: 3, domain: 'dev.example.com' })),
      'add cluster dev -i kindest/node:v1.27.3 -n 3 -d dev.example.com',
    );
    assert.equal(renderCommand(addNodeCommand({ ref: byName('dev'), cluster: 'dev' }, 2)), 'add node dev -n 2');
    assert.equal(renderCommand(addNodeCommand({ ref: byName('dev'), cluster: 'dev' })), 'add node dev');
    for (const kind of GET_KINDS) assert.equal(renderCommand(getCommand(kind)), `get ${kind} -A`);
  });

  it('reject names that could smuggle a flag or a second name', () => {
    for (const bad of ['dev -A', 'a b', '', 'x'.repeat(65), '../x', '-A', '--all', 'dev\n-A', 'dev;rm', 'é', '.hidden']) {
      rejects(() => stopCommand('clusters', namedTargets('clusters', bad)), 'cluster name');
      rejects(() => kubeconfigCommand(byName(bad)), 'cluster name');
      rejects(() => addNodeCommand({ ref: byName(bad), cluster: bad }), 'cluster name');
      assert.ok(nameProblem(bad), bad);
    }
    assert.equal(nameProblem('x'.repeat(64)), undefined);
    assert.equal(nameProblem('node-2.local_1'), undefined);
  });

  it('name the argument that is bad', () => {
    rejects(() => stopCommand('nodes', namedTargets('nodes', 'ok', 'not ok')), 'node name #2');
    rejects(() => addClusterCommand(['dev'], { image: 'kindest/node:v1 -A' }), 'image');
    rejects(() => addClusterCommand(['dev'], { image: '-i' }), 'image');
    rejects(() => addClusterCommand(['dev'], { nodes: 0 }), 'node count');
    rejects(() => addClusterCommand(['dev'], { nodes: 101 }), 'node count');
    rejects(() => addClusterCommand(['dev'], { nodes: 2.5 }), 'node count');
    rejects(() => addClusterCommand(['dev'], { nodes: '3 -A' }), 'node count');
    rejects(() => addClusterCommand(['dev'], { domain: 'a b.com' }), 'domain');
    rejects(() => addClusterCommand(['dev'], { domain: '-d.com' }), 'domain');
    rejects(() => addClusterCommand([]), 'cluster name');
    rejects(() => startCommand('clusters', []), 'cluster name');
    rejects(() => getCommand('secrets' as never), 'kind');
    rejects(() => startCommand('pods' as never, 'all'), 'kind');
  });

  it('errors describe the value without dumping it whole', () => {
    try {
      stopCommand('clusters', namedTargets('clusters', 'y'.repeat(500)));
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

const NODE_ID = '98650026d1dff267006d4ae520ff096ec4ac4a051de33abc5f805674337e22db';
const CLUSTER_UUID = '718bef86-7dfe-46c0-bf4e-3dfea83c6c28';
/** Values that try to smuggle a flag, a second word or a control character into the line. */
const HOSTILE = ['alex@qbo.io -A', 'alex@qbo.io\n-A', '-A', '--all', '-c', 'a b@qbo.io', 'alex@qbo.io;rm', '', ' alex@qbo.io'];

describe('service-account, CLI-configuration and clients commands', () => {
  it('build get user -c EMAIL, get user -l and get clients, and parse them back', () => {
    assert.equal(renderCommand(createServiceAccountCommand('alex@qbo.io')), 'get user -c alex@qbo.io');
    assert.equal(renderCommand(createServiceAccountCommand('dev@localhost')), 'get user -c dev@localhost');
    assert.equal(renderCommand(cliConfigurationCommand()), 'get user -l');
    assert.equal(renderCommand(clientsCommand()), 'get clients');
    assert.deepEqual(parseCommandLine(renderCommand(createServiceAccountCommand('alex+ci@qbo.io'))), {
      verb: 'get',
      kind: 'users',
      createServiceAccount: 'alex+ci@qbo.io',
    });
    assert.deepEqual(parseCommandLine('qbo get users --list'), { verb: 'get', kind: 'users', cliConfiguration: true });
    assert.deepEqual(parseCommandLine(renderCommand(cliConfigurationCommand())), { verb: 'get', kind: 'users', cliConfiguration: true });
    assert.deepEqual(parseCommandLine(renderCommand(clientsCommand())), { verb: 'get', kind: 'clients' });
    assert.deepEqual(parseCommandLine('get client'), { verb: 'get', kind: 'clients' });
  });

  it('validate the e-mail address as one, so nothing is smuggled after -c', () => {
    for (const bad of [
      ...HOSTILE,
      'alex',
      'alex@',
      '@qbo.io',
      'alex@@qbo.io',
      'alex@-qbo.io',
      'alex@qbo..io',
      'é@qbo.io',
      'x'.repeat(250) + '@qbo.io',
    ]) {
      assert.throws(
        () => createServiceAccountCommand(bad),
        (error: unknown) => error instanceof InvalidArgumentError && error.argument === 'e-mail address',
        JSON.stringify(bad),
      );
      assert.ok(emailProblem(bad), bad);
      // The parser splits on whitespace, so a leading space is just a separator there.
      if (bad.trim() === bad) assert.throws(() => parseCommandLine(`get user -c ${bad}`), CommandSyntaxError, JSON.stringify(bad));
    }
    assert.equal(emailProblem('first.last_1%x@sub.example-co.io'), undefined);
  });

  it('refuse -c and -l outside get user, together, twice, or with other arguments', () => {
    for (const bad of [
      'get user -c',
      'get user -c alex@qbo.io -l',
      'get user -c alex@qbo.io -c bob@qbo.io',
      'get user -c alex@qbo.io -A',
      'get user -l dev',
      'get user -l -k',
      'get clusters -l',
      'get nodes -c alex@qbo.io',
      'stop clusters dev -c alex@qbo.io',
      'add cluster dev -l',
      'get clients -A',
      'get clients dev',
      'stop clients -A',
    ]) {
      assert.throws(() => parseCommandLine(bad), CommandSyntaxError, bad);
    }
  });
});

describe('full ids wherever a name is taken', () => {
  it('classify short ids, 64-hex node ids and cluster UUIDs', () => {
    assert.equal(idForm('a1b2c3d4'), 'short');
    assert.equal(idForm(NODE_ID), 'node');
    assert.equal(idForm(NODE_ID.toUpperCase()), 'node');
    assert.equal(idForm(CLUSTER_UUID), 'uuid');
    for (const notAnId of ['dev', 'a1b2c3d', 'a1b2c3d4e', NODE_ID.slice(1), `${CLUSTER_UUID}0`, CLUSTER_UUID.replace(/-/g, '')]) {
      assert.equal(idForm(notAnId), undefined, notAnId);
    }
  });

  it('build and parse every name-taking command with a full id', () => {
    assert.equal(renderCommand(startCommand('nodes', namedTargets('nodes', NODE_ID))), `start nodes ${NODE_ID}`);
    assert.equal(renderCommand(deleteCommand('nodes', namedTargets('nodes', NODE_ID, 'a1b2c3d4'))), `delete nodes ${NODE_ID} a1b2c3d4`);
    assert.equal(renderCommand(stopCommand('clusters', namedTargets('clusters', CLUSTER_UUID))), `stop clusters ${CLUSTER_UUID}`);
    assert.equal(renderCommand(kubeconfigCommand(byName(CLUSTER_UUID))), `get cluster ${CLUSTER_UUID} -k`);
    assert.equal(renderCommand(addNodeCommand({ ref: byName(CLUSTER_UUID), cluster: CLUSTER_UUID }, 2)), `add node ${CLUSTER_UUID} -n 2`);
    assert.equal(renderCommand(getCommand('pods', byNames(CLUSTER_UUID))), `get pods ${CLUSTER_UUID}`);
    assert.deepEqual(parseCommandLine(`stop nodes ${NODE_ID}`), { verb: 'stop', kind: 'nodes', target: named(NODE_ID) });
    assert.deepEqual(parseCommandLine(`get cluster ${CLUSTER_UUID} -k`), {
      verb: 'get',
      kind: 'clusters',
      target: named(CLUSTER_UUID),
      kubeconfig: true,
    });
    assert.deepEqual(parseCommandLine(`add node ${CLUSTER_UUID}`), { verb: 'add', kind: 'nodes', cluster: CLUSTER_UUID });
  });

  it('refuse hostile ids that carry a flag or a second word', () => {
    for (const bad of [
      `${NODE_ID} -A`,
      `${NODE_ID}\n-A`,
      `${CLUSTER_UUID} --all`,
      `-${CLUSTER_UUID}`,
      `${NODE_ID}0`,
      `${CLUSTER_UUID};x`,
    ]) {
      assert.throws(
        () => stopCommand('nodes', namedTargets('nodes', bad)),
        (error: unknown) => error instanceof InvalidArgumentError && error.argument === 'node name',
        JSON.stringify(bad),
      );
      assert.throws(() => kubeconfigCommand(byName(bad)), InvalidArgumentError, JSON.stringify(bad));
    }
  });
});
