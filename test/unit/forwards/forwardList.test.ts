import * as assert from 'node:assert/strict';
import { ForwardList, ForwardPortTaken, type Forward, type NewForward } from '../../../src/forwards/forwardList';
import { forwardLabel, forwardName, forwardPickItems, forwardStatusText } from '../../../src/forwards/forwardText';

function forward(localPort: number, extra: Partial<NewForward> = {}): NewForward {
  return {
    profile: 'work',
    cluster: 'dev',
    serviceKey: 's-web-80',
    service: 'web',
    namespace: 'shop',
    localPort,
    remotePort: 80,
    url: `http://localhost:${localPort}/`,
    ...extra,
  };
}

describe('the port forward list', () => {
  let list: ForwardList;
  let changes: (readonly Forward[])[];
  beforeEach(() => {
    list = new ForwardList();
    changes = [];
    list.onDidChange((changed) => changes.push(changed));
  });
  afterEach(() => list.dispose());

  it('adds a forward as starting, then running, with its process id; each change is announced', () => {
    const added = list.add(forward(8080));
    assert.equal(added.state, 'starting');
    list.setPid(8080, 4242);
    list.setRunning(8080);
    assert.deepEqual(list.byLocalPort(8080), { ...forward(8080), state: 'running', pid: 4242 });
    assert.deepEqual(
      changes.map((changed) => changed.map((entry) => `${entry.localPort}:${entry.state}:${entry.pid ?? '-'}`)),
      [['8080:starting:-'], ['8080:starting:4242'], ['8080:running:4242']],
    );
    // Nothing new: nothing announced.
    list.setRunning(8080);
    list.setPid(8080, 4242);
    list.setRunning(9999);
    assert.equal(changes.length, 3);
  });

  it('refuses a local port that is already forwarded', () => {
    list.add(forward(8080));
    assert.throws(
      () => list.add(forward(8080, { service: 'api' })),
      (error: unknown) => error instanceof ForwardPortTaken && error.existing.service === 'web',
    );
    assert.equal(list.size, 1);
  });

  it('lists the forwards under one service row of one profile, by local port', () => {
    list.add(forward(9090));
    list.add(forward(8080));
    list.add(forward(8443, { serviceKey: 's-web-443', remotePort: 443 }));
    list.add(forward(7070, { profile: 'home' }));
    assert.deepEqual(
      list.under('work', 's-web-80').map((entry) => entry.localPort),
      [8080, 9090],
    );
    assert.deepEqual(
      list.under('home', 's-web-80').map((entry) => entry.localPort),
      [7070],
    );
    assert.deepEqual(
      list.all().map((entry) => entry.localPort),
      [7070, 8080, 8443, 9090],
    );
    assert.deepEqual(
      list.ofProfile('home').map((entry) => entry.localPort),
      [7070],
    );
  });

  it('removes a forward once, returning what it was', () => {
    list.add(forward(8080));
    assert.equal(list.remove(8080)?.localPort, 8080);
    assert.equal(list.remove(8080), undefined);
    assert.equal(list.size, 0);
    assert.equal(changes.length, 2);
  });
});

describe('how port forwards read', () => {
  const running: Forward = { ...forward(8080), state: 'running', pid: 1 };

  it('labels a row localhost:LOCAL → PORT and names a forward with its service and cluster', () => {
    assert.equal(forwardLabel(running), 'localhost:8080 → 80');
    assert.equal(forwardName(running), 'localhost:8080 → shop/web:80 (dev)');
  });

  it('shows a count in the status bar only while forwards run', () => {
    assert.equal(forwardStatusText([]), undefined);
    assert.deepEqual(forwardStatusText([running]), {
      text: '$(plug) 1',
      tooltip: '1 qbo port forward running\nlocalhost:8080 → shop/web:80 (dev)',
    });
    const second: Forward = { ...running, localPort: 8443, remotePort: 443 };
    assert.equal(forwardStatusText([running, second])?.text, '$(plug) 2');
    assert.match(forwardStatusText([running, second])?.tooltip ?? '', /^2 qbo port forwards running\n/);
  });

  it('offers forwards in a pick with their cluster, the profile when several are connected, and a starting one as such', () => {
    const starting: Forward = { ...running, localPort: 9000, state: 'starting', profile: 'home' };
    assert.deepEqual(
      forwardPickItems([running, starting], true).map((item) => [item.label, item.description]),
      [
        ['localhost:8080 → shop/web:80', 'dev · work'],
        ['localhost:9000 → shop/web:80', 'dev · home · starting…'],
      ],
    );
    assert.equal(forwardPickItems([running], false)[0]?.description, 'dev');
  });

  it('shows a service name from the server as text in the status bar and picks', () => {
    const hostile: Forward = { ...running, service: '$(alert)[x](command:y)' };
    assert.doesNotMatch(forwardStatusText([hostile])?.tooltip ?? '', /\$\(|\]\(|command:/);
    assert.doesNotMatch(forwardPickItems([hostile], false)[0]?.label ?? '', /\$\(|\]\(|command:/);
  });
});
