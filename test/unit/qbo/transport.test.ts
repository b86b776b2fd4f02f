// Transport as the spec says (docs/PROTOCOL.md §1, §8): wss on port 443 whatever the address; ws by
// default only to loopback and private hosts on other ports; plain ws to a public host refused.
import * as assert from 'node:assert/strict';
import { connectionUrl, defaultScheme, transportRefusal } from '../../../src/qbo/connection';

describe('transport defaults', () => {
  it('uses wss on port 443 whatever the address, private ones included (the spec’s 172.17.0.1:443)', () => {
    for (const host of ['172.17.0.1', '127.0.0.1', 'localhost', '10.0.0.7', '192.168.1.20', '::1', 'nemo.cloud.qbo.io', '8.8.8.8']) {
      assert.equal(defaultScheme(host, 443), 'wss', host);
    }
    assert.equal(connectionUrl({ host: '172.17.0.1', port: 443 }), 'wss://172.17.0.1:443/');
    assert.equal(connectionUrl({ host: '::1', port: 443 }), 'wss://[::1]:443/');
  });

  it('uses ws by default only for loopback and private addresses on other ports', () => {
    assert.equal(connectionUrl({ host: '127.0.0.1', port: 9601 }), 'ws://127.0.0.1:9601/');
    assert.equal(connectionUrl({ host: '172.17.0.1', port: 9601 }), 'ws://172.17.0.1:9601/');
    assert.equal(connectionUrl({ host: 'localhost', port: 8080 }), 'ws://localhost:8080/');
    assert.equal(connectionUrl({ host: 'qbo.example.com', port: 9601 }), 'wss://qbo.example.com:9601/');
    assert.equal(connectionUrl({ host: '8.8.8.8', port: 80 }), 'wss://8.8.8.8:80/');
  });

  it('keeps a scheme the profile sets explicitly', () => {
    assert.equal(connectionUrl({ host: '172.17.0.1', port: 443, scheme: 'ws' }), 'ws://172.17.0.1:443/');
    assert.equal(connectionUrl({ host: '127.0.0.1', port: 9601, scheme: 'wss' }), 'wss://127.0.0.1:9601/');
  });

  it('refuses plain ws to a public host unless allowed, whatever the port', () => {
    assert.match(transportRefusal({ host: 'qbo.example.com', port: 9601, scheme: 'ws' }) ?? '', /refusing unencrypted ws:\/\//);
    assert.equal(transportRefusal({ host: 'qbo.example.com', port: 9601 }), undefined, 'the default there is wss');
    assert.equal(transportRefusal({ host: 'qbo.example.com', port: 9601, scheme: 'ws', allowInsecure: true }), undefined);
    assert.equal(transportRefusal({ host: '172.17.0.1', port: 443 }), undefined);
  });
});
