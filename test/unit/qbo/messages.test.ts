import * as assert from 'node:assert/strict';
import { parseServerMessage, outputMessages, interpretServerMessage, PAYLOAD_KEYS } from '../../../src/qbo/messages';
import { fixture } from '../../support/fixtures';
import { MAX_FIELD_CHARS } from '../../../src/qbo/fields';
import { compareWithZod } from '../../../bench/equivalence';

function parsed(text: string) {
  const result = parseServerMessage(text);
  if (!result.ok) assert.fail(`expected a message, got ${result.error.kind}: ${result.error.detail}`);
  return result.message;
}

describe('parseServerMessage', () => {
  it('parses the observed example verbatim, keeping every field', () => {
    const text = fixture('observed-nodes.json');
    const message = parsed(text);
    assert.equal(message.envelope.code, 200);
    assert.equal(message.envelope.timestamp, 1686713251461070);
    assert.equal(message.envelope.uuid, 'de66b27a-74f5-4413-b86d-1f9c25cd7007');
    assert.equal(message.envelope.thread_id, 140279387227904);
    assert.equal(message.payloads.length, 1);
    const payload = message.payloads[0];
    assert.ok(payload && payload.key === 'nodes');
    assert.equal(payload.items[0]?.id, '98650026d1dff267006d4ae520ff096ec4ac4a051de33abc5f805674337e22db');
    assert.equal(payload.items[0]?.os, 'Debian GNU/Linux 11 (bullseye)');
    assert.deepEqual(message.raw, JSON.parse(text));
    assert.equal(message.final, false);
    assert.equal(message.watch, false);
  });

  it('parses the observed networks and images examples', () => {
    const networks = parsed(
      '{"networks": [{"name": "alex", "id": "718bef86-7dfe-46c0-bf4e-3dfea83c6c28", "subnet": "172.18.0.0/24", "state": "ready", "user": "alex@qbo.io"}]}',
    );
    assert.equal(networks.payloads[0]?.key, 'networks');
    assert.equal((networks.payloads[0]?.items[0] as { subnet?: string }).subnet, '172.18.0.0/24');
    const images = parsed(
      '{"images": [{"name": "hub.docker.com/kindest/node:v1.27.2", "registry": "hub.docker.com", "user": "kindest", "repository": "", "image": "node", "tag": "v1.27.2"}]}',
    );
    assert.equal((images.payloads[0]?.items[0] as { tag?: string }).tag, 'v1.27.2');
  });

  it('accepts a single object where the real server sends an array', () => {
    const message = parsed('{"clusters": {"id": "c1", "name": "dev", "state": "running"}}');
    assert.equal(message.payloads[0]?.items.length, 1);
  });

  it('accepts string timestamps, numeric and ISO', () => {
    assert.equal(parsed('{"timestamp": "1686713251461070"}').envelope.timestamp, 1686713251461070);
    assert.equal(parsed('{"timestamp": "2023-06-14T03:27:31Z"}').envelope.timestamp, Date.parse('2023-06-14T03:27:31Z') * 1000);
    assert.equal(parsed('{"timestamp": "yesterday"}').envelope.timestamp, undefined);
  });

  it('treats ids as opaque strings, numbers included', () => {
    const message = parsed('{"pods": [{"id": 42, "name": "p"}, {"id": "not-a-uuid", "name": "q"}]}');
    const items = message.payloads[0]?.items as { id?: string }[];
    assert.deepEqual(
      items.map((item) => item.id),
      ['42', 'not-a-uuid'],
    );
  });

  it('keeps unknown fields and unknown payload keys', () => {
    const message = parsed('{"code": 200, "gpus": [{"x": 1}], "nodes": [{"id": "n", "temperature": 71}]}');
    assert.deepEqual(message.unknownKeys, ['gpus']);
    assert.equal((message.payloads[0]?.items[0] as Record<string, unknown>).temperature, 71);
    assert.deepEqual(message.raw.gpus, [{ x: 1 }]);
  });

  it('coerces numbers sent as strings and strings sent as numbers', () => {
    const message = parsed('{"code": "404", "pods": [{"id": "p", "ready": "1", "started": 1}], "ipvs": [{"id": "i", "vip_port": 80}]}');
    assert.equal(message.envelope.code, 404);
    assert.equal((message.payloads[0]?.items[0] as { ready?: number }).ready, 1);
    assert.equal((message.payloads[1]?.items[0] as { vip_port?: string }).vip_port, '80');
  });

  it('counts invalid payload elements without failing the message', () => {
    const message = parsed('{"nodes": [{"id": "ok"}, 7, "x", null, {"id": {"nested": true}}]}');
    const payload = message.payloads[0];
    assert.equal(payload?.items.length, 1);
    assert.equal(payload?.rejected, 4);
  });

  it('parses version as free-form objects and output lines', () => {
    const message = parsed(
      '{"version": [{"qbo": "4.3.0", "anything": {"k": 1}}], "output": [{"message": "thread \'x\' started"}, {"kubeconfig": "apiVersion: v1"}]}',
    );
    assert.deepEqual(outputMessages(message), ["thread 'x' started"]);
    assert.equal(message.payloads.length, 2);
  });

  it('marks CMD_DONE as final and CMD_WATCH or uuid-less messages as pushes', () => {
    assert.equal(parsed('{"command": "CMD_DONE", "uuid": "u"}').final, true);
    assert.equal(parsed('{"command": "CMD_WATCH"}').watch, true);
    assert.equal(parsed('{"command": "CMD_GET", "uuid": "u"}').watch, false);
  });

  it('never throws, returning typed errors', () => {
    const cases: [string, string][] = [
      ['', 'not-json'],
      ['{', 'not-json'],
      ['[1,2]', 'not-object'],
      ['null', 'not-object'],
      ['"text"', 'not-object'],
      ['42', 'not-object'],
      ['{"code": {"a": 1}}', 'invalid-envelope'],
    ];
    for (const [text, kind] of cases) {
      const result = parseServerMessage(text);
      assert.equal(result.ok, false, text);
      if (!result.ok) assert.equal(result.error.kind, kind, text);
    }
    const big = parseServerMessage('x'.repeat(101), 100);
    assert.ok(!big.ok && big.error.kind === 'too-large');
    const notText = parseServerMessage(undefined as unknown as string);
    assert.equal(notText.ok, false);
  });

  it('does not put frame content into error details', () => {
    const result = parseServerMessage('{"qbo_aux": "secret-value", ');
    assert.ok(!result.ok);
    assert.ok(!result.error.detail.includes('secret-value'));
  });

  it('knows every payload key of the AsyncAPI document plus images and version', () => {
    for (const key of [
      'clusters',
      'nodes',
      'pods',
      'services',
      'networks',
      'ipvs',
      'users',
      'clients',
      'output',
      'input',
      'images',
      'version',
      'cli',
    ]) {
      assert.ok(PAYLOAD_KEYS.includes(key as never), key);
    }
    const all = interpretServerMessage(Object.fromEntries(PAYLOAD_KEYS.map((key) => [key, [{}]])));
    assert.ok(all.ok && all.message.payloads.length === PAYLOAD_KEYS.length);
  });
});

describe('get user -l (cli payload)', () => {
  it('keeps each cli entry, a token or a public key, with its port coerced to a number', () => {
    const parsed = parseServerMessage(
      JSON.stringify({
        code: 200,
        command: 'CMD_GET',
        uuid: 'u1',
        cli: [
          { qbo_port: '443', qbo_host: '172.17.0.1', qbo_uid: '33820cc1-d513-4fa8-88ac-1adb008c3864' },
          { qbo_port: 9601, qbo_host: '127.0.0.1', qbo_uid: { kty: 'EC', crv: 'P-521', x: 'AA', y: 'BB' }, qbo_aux: 'aux' },
          'not an object',
        ],
      }),
    );
    assert.ok(parsed.ok);
    const payload = parsed.message.payloads.find((item) => item.key === 'cli');
    assert.equal(payload?.rejected, 1);
    assert.deepEqual(
      payload?.items.map((item) => [item.qbo_host, item.qbo_port, typeof item.qbo_uid]),
      [
        ['172.17.0.1', 443, 'string'],
        ['127.0.0.1', 9601, 'object'],
      ],
    );
    assert.deepEqual(parsed.message.unknownKeys, []);
  });
});

describe('field length limit', () => {
  const cluster = (extra: Record<string, unknown>) => ({ name: 'dev', id: 'c1', state: 'running', ...extra });
  const items = (elements: unknown[]) => {
    const result = interpretServerMessage({ clusters: elements });
    assert.ok(result.ok);
    const payload = result.message.payloads[0];
    return { kept: payload?.items.length, rejected: payload?.rejected };
  };

  it('refuses an element with a string field over MAX_FIELD_CHARS, declared or not, and keeps the others', () => {
    const long = 'x'.repeat(MAX_FIELD_CHARS + 1);
    assert.deepEqual(items([cluster({ address: long }), cluster({ id: 'c2' })]), { kept: 1, rejected: 1 });
    assert.deepEqual(items([cluster({ name: long })]), { kept: 0, rejected: 1 });
    assert.deepEqual(items([cluster({ extra_field: long })]), { kept: 0, rejected: 1 });
    // Out of order (the zod path, not the fast one) gives the same answer.
    assert.deepEqual(items([{ extra_field: long, state: 'running', name: 'dev' }]), { kept: 0, rejected: 1 });
    assert.deepEqual(items([{ id: 'c1', name: long }]), { kept: 0, rejected: 1 });
  });

  it('keeps a field of exactly MAX_FIELD_CHARS (a kubeconfig is far below it)', () => {
    const limit = 'x'.repeat(MAX_FIELD_CHARS);
    assert.deepEqual(items([cluster({ address: limit, extra_field: limit })]), { kept: 1, rejected: 0 });
    const output = interpretServerMessage({ output: [{ message: 'done', kubeconfig: 'k'.repeat(20_000) }] });
    assert.ok(output.ok && output.message.payloads[0]?.items.length === 1);
  });

  it('refuses an output line over the limit (its element only)', () => {
    const result = interpretServerMessage({ output: [{ message: 'y'.repeat(MAX_FIELD_CHARS + 1) }, { message: 'ok' }] });
    assert.ok(result.ok);
    assert.deepEqual(outputMessages(result.message), ['ok']);
  });

  it('fast path and zod agree at and past the limit', () => {
    for (const value of ['x'.repeat(MAX_FIELD_CHARS), 'x'.repeat(MAX_FIELD_CHARS + 1)])
      for (const key of ['clusters', 'nodes', 'pods', 'output'] as const)
        assert.equal(
          compareWithZod(key, [
            { name: value, id: 'i', other: value },
            { id: 'j', name: 'n', message: value },
          ]),
          undefined,
          key,
        );
  });
});
