import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  ActionableError,
  Cancelled,
  FAILED,
  orCancel,
  runGuarded,
  type FailureReport,
  type FailureReporter,
} from '../../../src/commands/support/boundary';

/** Records every report, as the VS Code reporter would show and log them. */
function recorder(): FailureReporter & { reports: FailureReport[] } {
  const reports: FailureReport[] = [];
  return { reports, report: (failure) => reports.push(failure) };
}

describe('command error boundary', () => {
  it('reports an error thrown in a command exactly once, naming the command, and does not let it escape', async () => {
    const reporter = recorder();
    const outcome = await runGuarded(
      'qbo.stopCluster',
      () => {
        throw new Error('dev is not running');
      },
      reporter,
    );
    assert.equal(outcome, FAILED);
    assert.deepEqual(reporter.reports, [{ commandId: 'qbo.stopCluster', message: 'dev is not running', followUps: [] }]);
  });

  it('reports a rejected async command once as well', async () => {
    const reporter = recorder();
    const outcome = runGuarded(
      'qbo.addCluster',
      async () => {
        await new Promise((resolve) => setImmediate(resolve));
        throw new Error('"dev -A" is not a valid name');
      },
      reporter,
    );
    await assert.doesNotReject(outcome);
    assert.equal(await outcome, FAILED);
    assert.equal(reporter.reports.length, 1);
    assert.equal(reporter.reports[0]?.commandId, 'qbo.addCluster');
  });

  it('does not report a cancellation, and tells it apart from a failure', async () => {
    const reporter = recorder();
    const outcome = await runGuarded(
      'qbo.deleteCluster',
      async () => {
        await Promise.resolve();
        throw new Cancelled();
      },
      reporter,
    );
    assert.equal(outcome, undefined);
    assert.notEqual(outcome, FAILED);
    assert.deepEqual(reporter.reports, []);
  });

  it("passes a command's result through without reporting anything", async () => {
    const reporter = recorder();
    assert.equal(await runGuarded('qbo.copyName', () => Promise.resolve('dev'), reporter), 'dev');
    assert.equal(await runGuarded('qbo.signOut', () => true, reporter), true);
    assert.deepEqual(reporter.reports, []);
  });

  it('reports a failure once when one command runs another (the inner boundary has reported it)', async () => {
    const reporter = recorder();
    const inner = () =>
      runGuarded(
        'qbo.signInWithJson',
        () => {
          throw new Error('qbo: cannot sign in: no qbo_aux');
        },
        reporter,
      );
    assert.equal(await runGuarded('qbo.signIn', inner, reporter), FAILED);
    assert.deepEqual(
      reporter.reports.map((report) => report.commandId),
      ['qbo.signInWithJson'],
    );
  });

  it('offers the follow-up of an actionable error, and reports what was thrown when it is not an Error', async () => {
    const reporter = recorder();
    await runGuarded(
      'qbo.startCluster',
      () => {
        throw new ActionableError('qbo: not signed in.', { label: 'Sign In', command: 'qbo.signIn' });
      },
      reporter,
    );
    await runGuarded('qbo.refresh', () => Promise.reject(new Error('')), reporter);
    // What a careless dependency may reject with.
    await runGuarded('qbo.refresh', () => Promise.reject('socket closed'), reporter);
    assert.deepEqual(reporter.reports, [
      { commandId: 'qbo.startCluster', message: 'qbo: not signed in.', followUps: [{ label: 'Sign In', command: 'qbo.signIn' }] },
      { commandId: 'qbo.refresh', message: 'Error', followUps: [] },
      { commandId: 'qbo.refresh', message: 'socket closed', followUps: [] },
    ]);
  });

  it('turns a dismissed prompt into a cancellation', () => {
    assert.equal(orCancel('dev'), 'dev');
    assert.equal(orCancel(''), '');
    assert.throws(() => orCancel(undefined), Cancelled);
  });
});

describe('command registration', () => {
  const dir = path.join(__dirname, '..', '..', '..', '..', 'src', 'commands');
  const read = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8');

  it('registers every command file through the one wrapper', () => {
    const index = read('index.ts');
    const listed =
      /ALL_COMMANDS[^=]*=\s*\[([^\]]*)\]/
        .exec(index)?.[1]
        ?.split(',')
        .map((name) => name.trim()) ?? [];
    const declared = fs
      .readdirSync(dir)
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) => [...read(file).matchAll(/export const (\w+): QboCommand\b/g)].map((match) => match[1] as string));
    assert.ok(declared.length >= 30, `only ${declared.length} commands found`);
    for (const name of declared) assert.ok(listed.includes(name), `${name} is not in ALL_COMMANDS`);
  });

  it('calls vscode.commands.registerCommand only in src/commands/register.ts (and the test-only path)', () => {
    const src = path.join(dir, '..');
    const offenders: string[] = [];
    const walk = (folder: string): void => {
      for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
        const full = path.join(folder, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith('.ts') && /\.registerCommand\(/.test(fs.readFileSync(full, 'utf8')))
          offenders.push(path.relative(src, full));
      }
    };
    walk(src);
    assert.deepEqual(offenders.sort(), [path.join('commands', 'register.ts'), 'testHooks.ts']);
  });
});
