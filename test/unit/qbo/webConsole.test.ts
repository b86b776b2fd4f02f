import * as assert from 'node:assert/strict';
import { CLOUD_CONSOLE_URL, isCloudHost, webConsoleUrl } from '../../../src/qbo/webConsole';

describe('web console address', () => {
  it('is the cloud console for cloud profiles and when signed out', () => {
    assert.equal(CLOUD_CONSOLE_URL, 'https://console.cloud.qbo.io');
    assert.equal(webConsoleUrl(), CLOUD_CONSOLE_URL);
    assert.equal(webConsoleUrl({ host: 'nemo.cloud.qbo.io', port: 443 }), CLOUD_CONSOLE_URL);
    assert.equal(webConsoleUrl({ host: 'NEMO.Cloud.QBO.io.', port: 443, scheme: 'wss' }), CLOUD_CONSOLE_URL);
  });

  it('is the Community Edition itself on its API port, http for ws and https for wss', () => {
    assert.equal(webConsoleUrl({ host: '192.168.1.20', port: 9601 }), 'http://192.168.1.20:9601/');
    assert.equal(webConsoleUrl({ host: 'ce.example.com', port: 9601 }), 'https://ce.example.com:9601/');
    assert.equal(webConsoleUrl({ host: 'ce.example.com', port: 9601, scheme: 'ws' }), 'http://ce.example.com:9601/');
    assert.equal(webConsoleUrl({ host: 'localhost', port: 9601, scheme: 'wss' }), 'https://localhost:9601/');
    assert.equal(webConsoleUrl({ host: 'fd00::5', port: 9601 }), 'http://[fd00::5]:9601/');
  });

  it('does not mistake look-alike hosts for the cloud', () => {
    assert.equal(isCloudHost('qbo.io.evil.example'), false);
    assert.equal(isCloudHost('notqbo.io'), false);
    assert.equal(isCloudHost('cloud.qbo.io'), true);
  });
});
