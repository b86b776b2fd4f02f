import * as assert from 'node:assert/strict';
import * as l10n from '@vscode/l10n';
import {
  clusterPresentation,
  escapeMarkdown,
  folderPresentation,
  ipvsPresentation,
  networkPresentation,
  nodePresentation,
  placeholderPresentation,
  podPresentation,
  servicePorts,
  servicePresentation,
  stateIcon,
} from '../../../src/explorer/presentation';
import { naturalCompare } from '../../../src/explorer/naturalOrder';

describe('presentation', () => {
  it('colors icons by state: running green, stopped grey, transitional spinning, failed red', () => {
    assert.deepEqual(stateIcon('running', 'vm', 'vm-running'), { id: 'vm-running', color: 'charts.green' });
    assert.deepEqual(stateIcon('stopped', 'vm', 'vm-running'), { id: 'vm', color: 'disabledForeground' });
    assert.deepEqual(stateIcon('starting', 'vm', 'vm-running'), { id: 'sync~spin' });
    assert.deepEqual(stateIcon('failed', 'vm', 'vm-running'), { id: 'error', color: 'charts.red' });
  });

  it('sorts naturally', () => {
    const names = ['node-10', 'node-2', 'Node-1', 'node-1', 'alpha', 'node-20'];
    assert.deepEqual([...names].sort(naturalCompare), ['alpha', 'Node-1', 'node-1', 'node-2', 'node-10', 'node-20']);
  });

  it('presents a cluster with name, state, and a contextValue per state', () => {
    const running = clusterPresentation({ id: 'c1', name: 'dev', state: 'running' }, 'c1');
    assert.equal(running.label, 'dev');
    assert.equal(running.description, 'running');
    assert.equal(running.contextValue, 'qbo.cluster.running');
    assert.equal(running.collapsible, 'collapsed');
    assert.equal(clusterPresentation({ id: 'c2', name: 'prod', state: 'stopped' }, 'c2').contextValue, 'qbo.cluster.stopped');
    assert.equal(clusterPresentation({ id: 'c3', name: 'x', state: 'stopping' }, 'c3').contextValue, 'qbo.cluster.transitional');
    assert.equal(clusterPresentation({ id: 'c4', state: 'failed' }, 'c4abcdef99').label, 'c4abcdef', 'falls back to the short id');
  });

  it("adds another client's recent action to a cluster's description and tooltip", () => {
    const note = { summary: 'alex@qbo.io stopped it 20 s ago', detail: 'alex@qbo.io (qbo-cli) stopped it 20 s ago' };
    const row = clusterPresentation({ id: 'c1', name: 'dev', state: 'stopped' }, 'c1', note);
    assert.equal(row.description, 'stopped · alex@qbo.io stopped it 20 s ago');
    assert.ok((row.tooltip ?? '').includes('| Recent activity | alex@qbo\\.io \\(qbo\\-cli\\) stopped it 20 s ago |'), row.tooltip);
    assert.equal(clusterPresentation({ id: 'c1', name: 'dev' }, 'c1', note).description, 'alex@qbo.io stopped it 20 s ago');
    assert.doesNotMatch(clusterPresentation({ id: 'c1', name: 'dev', state: 'stopped' }, 'c1').tooltip ?? '', /Recent activity/);
  });

  it('presents a node with state, address and a markdown tooltip', () => {
    const node = nodePresentation(
      {
        id: '98650026d1dff267006d4ae520ff096ec4ac4a051de33abc5f805674337e22db',
        name: 'control-f5047fd5.localhost',
        image: 'kindest/node:v1.27.2',
        state: 'ready',
        address: '172.18.0.3',
        os: 'Debian GNU/Linux 11 (bullseye)',
        kernel: '6.3.5-200.fc38.x86_64',
        cluster: 'alex',
      },
      'k',
      12,
    );
    assert.equal(node.description, 'ready · 172.18.0.3');
    assert.equal(node.contextValue, 'qbo.node.running');
    assert.match(node.tooltip ?? '', /kindest\/node:v1\\\.27\\\.2/);
    assert.match(node.tooltip ?? '', /Debian GNU\/Linux 11 \\\(bullseye\\\)/);
    assert.match(node.tooltip ?? '', /Short ID \| 98650026 \|/);
    assert.match(node.tooltip ?? '', /6\\\.3\\\.5\\-200\\\.fc38\\\.x86\\_64/);
    assert.equal(node.collapsible, 'collapsed');
    assert.equal(nodePresentation({ id: 'n', name: 'n', state: 'exited' }, 'n', 0).collapsible, 'none');
  });

  it('presents a pod with status, ready/started and namespace', () => {
    const pod = podPresentation(
      { id: 'p', name: 'coredns-5d78c9869d-8xk2p', status: 'Running', ready: 1, started: 1, namespace: 'kube-system' },
      'p',
    );
    assert.equal(pod.description, 'Running · 1/1 · kube-system');
    assert.equal(pod.icon.color, 'charts.green');
    assert.equal(podPresentation({ id: 'q', name: 'q', status: 'CrashLoopBackOff' }, 'q').icon.color, 'charts.red');
  });

  it('presents services with type, ports and addresses', () => {
    assert.equal(servicePorts({ port_number: 53, target_port: 53, protocol: 'UDP' }), '53/UDP');
    assert.equal(servicePorts({ port_number: 80, target_port: 8080, node_port: 30080, protocol: 'TCP' }), '80:30080→8080/TCP');
    const service = servicePresentation(
      { id: 's', name: 'kube-dns', type: 'ClusterIP', port_number: 53, target_port: 53, protocol: 'UDP', address: '10.96.0.10' },
      's',
    );
    assert.equal(service.description, 'ClusterIP · 53/UDP · 10.96.0.10');
  });

  it('presents networks and load balancers (vip:port → rip:port, scheduler)', () => {
    assert.equal(
      networkPresentation({ id: 'n', name: 'alex', subnet: '172.18.0.0/24', state: 'ready' }, 'n').description,
      '172.18.0.0/24 · ready',
    );
    const lb = ipvsPresentation(
      { id: 'i', vip: '172.18.0.100', vip_port: '443', rip: '172.18.0.3', rip_port: '6443', scheduler: 'rr', protocol: 'TCP' },
      'i',
    );
    assert.equal(lb.label, '172.18.0.100:443 → 172.18.0.3:6443');
    assert.equal(lb.description, 'rr · TCP');
  });

  it('presents folders with counts and gates Add Nodes on a running cluster', () => {
    assert.deepEqual(
      [folderPresentation('nodes', 3, 'running').label, folderPresentation('ipvs', 0).label, folderPresentation('services', 2).description],
      ['Nodes', 'Load Balancers', '2'],
    );
    assert.equal(folderPresentation('nodes', 3, 'running').contextValue, 'qbo.folder.nodes.running');
    assert.equal(folderPresentation('nodes', 3, 'stopped').contextValue, 'qbo.folder.nodes');
    assert.equal(folderPresentation('networks', 0).collapsible, 'none');
  });

  it('escapes markdown so server values cannot inject links', () => {
    assert.equal(escapeMarkdown('[x](command:evil)'), '\\[x\\]\\(command:evil\\)');
    const node = nodePresentation({ id: 'n', name: '[click](command:qbo.deleteCluster)' }, 'n', 0);
    assert.ok(!(node.tooltip ?? '').includes('[click](command'));
  });

  it('keeps a server value on its row of the tooltip, without bare links or run-on text', () => {
    const node = nodePresentation(
      { id: 'n', name: 'w-1', address: '10.0.0.1\n# Heading https://evil.example/x', os: 'x'.repeat(5000) },
      'n',
      0,
    );
    const tooltip = node.tooltip ?? '';
    const addressRow = tooltip.split('\n').find((line) => line.includes('10\\.0\\.0\\.1'));
    assert.ok(addressRow?.includes('Heading'), 'the value stays on its row');
    assert.doesNotMatch(tooltip, /https?:\/\//, 'no URL Markdown would turn into a link');
    assert.ok(tooltip.length < 1500, String(tooltip.length));
  });

  it('passes every label and tooltip word through the l10n bundle', () => {
    l10n.config({
      contents: { 'Load Balancers': 'LOAD BALANCERS', 'Node {0}': 'NODE {0}', State: 'STATE', 'click to retry': 'CLICK TO RETRY' },
    });
    try {
      assert.equal(folderPresentation('ipvs', 1, undefined).label, 'LOAD BALANCERS');
      assert.match(
        nodePresentation({ id: 'n', name: 'w-1', state: 'running' }, 'n', 0).tooltip ?? '',
        /\*\*NODE w\\-1\*\*[\s\S]*\| STATE \| running \|/,
      );
      assert.equal(placeholderPresentation('error', 'x').description, 'CLICK TO RETRY');
    } finally {
      l10n.config({ contents: {} });
    }
  });

  it('presents placeholders, the error one as retryable', () => {
    assert.equal(placeholderPresentation('loading', 'Loading clusters…').icon.id, 'loading~spin');
    assert.equal(placeholderPresentation('error', 'boom').contextValue, 'qbo.placeholder.error');
  });
});
