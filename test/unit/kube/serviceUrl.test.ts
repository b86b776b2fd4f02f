import * as assert from 'node:assert/strict';
import {
  buildUrl,
  forwardedUrl,
  isPort,
  schemeFor,
  serviceEndpoints,
  suggestedLocalPorts,
  usableAddress,
} from '../../../src/kube/serviceUrl';

describe('service URLs', () => {
  it('uses https for 443 and 8443, http otherwise', () => {
    assert.equal(schemeFor(443), 'https');
    assert.equal(schemeFor(8443), 'https');
    assert.equal(schemeFor(80), 'http');
    assert.equal(schemeFor(9090), 'http');
    assert.equal(schemeFor(undefined), 'http');
  });

  it('prefers the external address on the service port', () => {
    const endpoints = serviceEndpoints(
      [{ name: 'web', type: 'LoadBalancer', external_address: '172.18.0.200', port_number: 443, node_port: 30443, protocol: 'TCP' }],
      ['172.18.0.3'],
    );
    assert.deepEqual(endpoints, [{ url: 'https://172.18.0.200/', port: 443, portName: undefined, via: 'external address' }]);
  });

  it('falls back to a node address and the node port, the scheme following the service port', () => {
    const endpoints = serviceEndpoints(
      [
        { name: 'web', type: 'NodePort', external_address: '', port_number: 8443, node_port: 31000, port_name: 'https' },
        { name: 'web', type: 'NodePort', external_address: '<none>', port_number: 80, node_port: 31001 },
      ],
      ['', '172.18.0.4', '172.18.0.5'],
    );
    assert.deepEqual(
      endpoints.map((endpoint) => [endpoint.url, endpoint.via]),
      [
        ['https://172.18.0.4:31000/', 'node port'],
        ['http://172.18.0.4:31001/', 'node port'],
      ],
    );
  });

  it('has no endpoint for a ClusterIP-only, UDP, or portless service, or a node port without a running node', () => {
    assert.deepEqual(
      serviceEndpoints([{ name: 'kubernetes', type: 'ClusterIP', address: '10.96.0.1', port_number: 443 }], ['172.18.0.3']),
      [],
    );
    assert.deepEqual(serviceEndpoints([{ name: 'dns', external_address: '172.18.0.9', port_number: 53, protocol: 'UDP' }], []), []);
    assert.deepEqual(serviceEndpoints([{ name: 'x', external_address: '172.18.0.9' }], []), []);
    assert.deepEqual(serviceEndpoints([{ name: 'web', port_number: 80, node_port: 30080 }], []), []);
  });

  it('never puts a server-given address with a path or credentials into a URL, and brackets IPv6', () => {
    assert.equal(usableAddress('evil.example/path'), undefined);
    assert.equal(usableAddress('user@host'), undefined);
    assert.equal(usableAddress('<pending>'), undefined);
    assert.equal(buildUrl('http', 'fd00::1', 8080), 'http://[fd00::1]:8080/');
    assert.equal(buildUrl('https', 'example.com', 443), 'https://example.com/');
    assert.equal(buildUrl('http', 'example.com', 443), 'http://example.com:443/');
  });

  it('takes only whole-number ports from 1 to 65535, from the service and its node port', () => {
    for (const port of [1, 80, 443, 65535]) assert.equal(isPort(port), true, String(port));
    for (const port of [0, -7, 3.5, 65536, 70000, Number.NaN, Infinity, '80', undefined]) assert.equal(isPort(port), false, String(port));
    const external = (port_number: number) => ({ name: 'web', external_address: '172.18.0.200', port_number, protocol: 'TCP' });
    assert.deepEqual(serviceEndpoints([external(3.5), external(-7), external(0), external(70000)], ['172.18.0.3']), []);
    const nodePort = (node_port: number) => ({ name: 'web', external_address: '', port_number: 80, node_port });
    assert.deepEqual(serviceEndpoints([nodePort(3.5), nodePort(-7), nodePort(65536)], ['172.18.0.3']), []);
    assert.deepEqual(
      serviceEndpoints([external(8080), nodePort(30080)], ['172.18.0.3']).map((endpoint) => endpoint.url),
      ['http://172.18.0.200:8080/', 'http://172.18.0.3:30080/'],
    );
    assert.throws(() => buildUrl('http', '172.18.0.3', 3.5), /not a port/);
    assert.throws(() => forwardedUrl(-7, 80), /not a port/);
    assert.deepEqual(suggestedLocalPorts(3.5), []);
    assert.deepEqual(suggestedLocalPorts(-7), []);
  });

  it('builds the forwarded URL and suggests unprivileged local ports', () => {
    assert.equal(forwardedUrl(18443, 443), 'https://localhost:18443/');
    assert.equal(forwardedUrl(8080, 80), 'http://localhost:8080/');
    assert.deepEqual(suggestedLocalPorts(80), [8080, 18080]);
    assert.deepEqual(suggestedLocalPorts(9090), [9090, 8090, 18090]);
  });
});
