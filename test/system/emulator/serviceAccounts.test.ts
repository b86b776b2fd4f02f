// Emulator: the service-account workflow of the spec's auth section (docs/PROTOCOL.md §2, §8): with a
// temporary token, `get user -c EMAIL` creates a P-521 service account of the same user whose
// private key never leaves the server; `get user -l` names the user's temporary token.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildCookie, parseCliJson } from '../../../src/qbo';
import {
  createServiceAccount,
  createTokenAccount,
  isServiceAccount,
  type RunningEmulator,
  type ServiceAccountEntry,
  type TokenAccountEntry,
} from '../../../src/emulator';
import { cookieFor, payload, startTestEmulator, TestSocket, type Frame } from '../../support/emulator';
import { startEmulatorProcess, type EmulatorProcess } from '../../support/processes';
import { changePushes } from './frames';

const USER = 'dev@localhost';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function names(frames: Frame[], key: string): string[] {
  return payload(frames, key).map((object) => `${String(object.name)}:${String(object.id)}`);
}

describe('emulator: service accounts', () => {
  let emulator: RunningEmulator;
  let token: TokenAccountEntry;
  const open: TestSocket[] = [];
  async function connectWith(cookie: string): Promise<TestSocket> {
    const socket = await TestSocket.open(emulator.url, cookie);
    open.push(socket);
    return socket;
  }

  beforeEach(async () => {
    token = createTokenAccount(USER);
    emulator = await startTestEmulator({ accounts: [token, await createServiceAccount('bob@example.com')] });
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((socket) => socket.close()));
    await emulator.close();
  });

  it('creates a service account of the signed-in user that signs in to the same world and mirror', async () => {
    const web = await connectWith(`qbo_uid=${token.token}; qbo_aux=`);
    const frames = await web.command(`get user -c ${USER}`);
    assert.equal(frames.at(-1)?.code, 200);
    const users = payload(frames, 'users');
    assert.equal(users.length, 1);
    const user = users[0] as Frame;
    assert.equal(user.email, USER);
    const cli = user.cli as Frame;
    assert.deepEqual(Object.keys(cli), ['qbo_uid', 'qbo_aux', 'qbo_port', 'qbo_host', 'qbo_user']);
    const uid = cli.qbo_uid as Frame;
    assert.deepEqual(Object.keys(uid).sort(), ['crv', 'kty', 'x', 'y']);
    assert.deepEqual([uid.crv, uid.kty], ['P-521', 'EC']);
    assert.match(String(cli.qbo_aux), UUID);
    assert.deepEqual([cli.qbo_port, cli.qbo_host, cli.qbo_user], [emulator.port, '127.0.0.1', USER]);
    assert.equal(frames.find((frame) => 'users' in frame)?.subcommand, 'SUBCMD_USER');

    // The private half stays in the server: it is in the account list, on no frame.
    const created = emulator.accounts.find((account): account is ServiceAccountEntry => isServiceAccount(account) && account.user === USER);
    assert.ok(created);
    assert.equal(created.jwk.x, uid.x);
    const wire = JSON.stringify(web.frames);
    assert.ok(!wire.includes(created.jwk.d), 'no private key on the wire');
    assert.ok(!wire.includes('"d"'));

    // The cli.json as the client stores it signs in (JWE cookie) as the same user.
    const service = await connectWith(await buildCookie(parseCliJson(cli)));
    assert.deepEqual(names(await service.command('get clusters'), 'clusters'), names(await web.command('get clusters'), 'clusters'));
    assert.deepEqual(names(await service.command('get nodes -A'), 'nodes'), names(await web.command('get nodes -A'), 'nodes'));
    await web.command('stop cluster dev');
    await service.waitFor(
      () => changePushes(service).some((push) => payload([push], 'clusters').some((cluster) => cluster.state === 'stopped')),
      5000,
      'the push of the token client’s stop',
    );
    const clients = payload(await service.command('get clients'), 'clients');
    assert.equal(clients.length, 2);
    assert.equal(new Set(clients.map((client) => client.mirror)).size, 1, 'same mirror');

    // A second account is another key pair and aux; both keep working.
    const again = (payload(await web.command(`get user -c ${USER.toUpperCase()}`), 'users')[0] as Frame).cli as Frame;
    assert.notEqual(again.qbo_aux, cli.qbo_aux);
    assert.notDeepEqual(again.qbo_uid, cli.qbo_uid);
    await connectWith(await buildCookie(parseCliJson(again)));
    await connectWith(await buildCookie(parseCliJson(cli)));
  });

  it("refuses another user's e-mail with 403 and creates nothing", async () => {
    const web = await connectWith(`qbo_uid=${token.token}; qbo_aux=`);
    const before = emulator.accounts.length;
    for (const email of ['bob@example.com', 'dev@localhost.evil', 'eve@qbo.io']) {
      const frames = await web.command(`get user -c ${email}`);
      const final = frames.at(-1) as Frame;
      assert.deepEqual([final.code, final.status], [403, 'Forbidden'], email);
      assert.match(String((final.output as Frame[])[0]?.message), /own e-mail/);
      assert.deepEqual(payload(frames, 'users'), []);
    }
    assert.equal((await web.command('get user -c not-an-email')).at(-1)?.code, 400);
    assert.equal(emulator.accounts.length, before);
  });

  it('answers get user -l with the temporary token; a user without one gets one minted, the same each time', async () => {
    const web = await connectWith(`qbo_uid=${token.token}; qbo_aux=`);
    const cli = payload(await web.command('get user -l'), 'cli');
    assert.deepEqual(cli, [{ qbo_port: emulator.port, qbo_host: '127.0.0.1', qbo_uid: token.token }]);

    const bob = emulator.accounts[1] as ServiceAccountEntry;
    const service = await connectWith(await cookieFor(emulator, bob));
    const minted = payload(await service.command('get user -l'), 'cli');
    assert.equal(minted.length, 1);
    const mintedToken = String(minted[0]?.qbo_uid);
    assert.match(mintedToken, UUID);
    assert.deepEqual(payload(await service.command('get users -l'), 'cli'), minted, 'the same token next time');
    assert.ok(!JSON.stringify(service.frames).includes(bob.jwk.d));
    const bobByToken = await connectWith(`qbo_uid=${mintedToken}; qbo_aux=`);
    const users = payload(await bobByToken.command('get users'), 'users');
    assert.equal(users[0]?.email, 'bob@example.com');
    assert.deepEqual(names(await bobByToken.command('get clusters'), 'clusters'), names(await service.command('get clusters'), 'clusters'));
  });

  it('creates a service account in single-reply mode too: one reply carrying users[].cli', async () => {
    await emulator.close();
    emulator = await startTestEmulator({ accounts: [token], replies: 'single' });
    const web = await connectWith(`qbo_uid=${token.token}; qbo_aux=`);
    web.send({ cmd: `get user -c ${USER}`, uuid: 'create-1' });
    await web.waitFor(() => web.frames.some((frame) => frame.uuid === 'create-1'), 5000, 'the reply');
    const replies = web.frames.filter((frame) => frame.uuid === 'create-1');
    assert.equal(replies.length, 1);
    assert.deepEqual([replies[0]?.code, replies[0]?.command, replies[0]?.subcommand], [200, 'CMD_GET', 'SUBCMD_USER']);
    const cli = (payload(replies, 'users')[0] as Frame).cli as Frame;
    await connectWith(await buildCookie(parseCliJson(cli)));
  });
});

describe('emulator: --token-account (dist/emulator.js)', function () {
  this.timeout(30_000);
  let tmp: string;
  let running: EmulatorProcess | undefined;
  before(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qbo-token-account-'))));
  after(async () => {
    await running?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('serves a temporary token for dev@localhost; a service account made with it sees the same clusters', async () => {
    running = await startEmulatorProcess(['--speed', '0', '--token-account'], tmp);
    const config = JSON.parse(fs.readFileSync(running.cliJson, 'utf8')) as Frame;
    assert.equal(typeof config.qbo_uid, 'string');
    assert.equal(config.qbo_user, USER);
    const web = await TestSocket.open(running.url, await buildCookie(parseCliJson(config)));
    try {
      const cli = (payload(await web.command(`get user -c ${USER}`), 'users')[0] as Frame).cli as Frame;
      assert.equal(cli.qbo_port, running.port);
      const service = await TestSocket.open(running.url, await buildCookie(parseCliJson(cli)));
      try {
        assert.deepEqual(names(await service.command('get clusters'), 'clusters'), names(await web.command('get clusters'), 'clusters'));
        assert.equal(payload(await service.command('get clusters'), 'clusters').length, 2);
      } finally {
        await service.close();
      }
    } finally {
      await web.close();
    }
  });
});
