import * as assert from 'node:assert/strict';
import {
  commandText,
  containersOfPod,
  describeNodeArgs,
  describePodArgs,
  KubectlArgumentError,
  kubectlCandidates,
  kubectlPathFromKubernetesSettings,
  nodeShellArgs,
  parseContainerNames,
  podContainersArgs,
  podLogsArgs,
  podShellArgs,
  portForwardArgs,
  shellWord,
  terminalName,
} from '../../../src/kube/kubectl';

const pod = { name: 'coredns-5d78c9869d-x7k2p', namespace: 'kube-system' };

describe('kubectl command lines', () => {
  it('follows a pod log, in its namespace, for one container when given', () => {
    assert.deepEqual(podLogsArgs(pod), ['logs', '-f', 'coredns-5d78c9869d-x7k2p', '-n', 'kube-system']);
    assert.deepEqual(podLogsArgs(pod, 'sidecar'), ['logs', '-f', 'coredns-5d78c9869d-x7k2p', '-n', 'kube-system', '-c', 'sidecar']);
  });

  it('opens sh in a pod with exec -it, the container before --', () => {
    assert.deepEqual(podShellArgs(pod), ['exec', '-it', 'coredns-5d78c9869d-x7k2p', '-n', 'kube-system', '--', 'sh']);
    assert.deepEqual(podShellArgs(pod, 'app'), ['exec', '-it', 'coredns-5d78c9869d-x7k2p', '-n', 'kube-system', '-c', 'app', '--', 'sh']);
  });

  it('describes pods and nodes, and lists a pod’s containers', () => {
    assert.deepEqual(describePodArgs({ name: 'web-1', namespace: undefined }), ['describe', 'pod', 'web-1', '-n', 'default']);
    assert.deepEqual(describeNodeArgs('control-f5047fd5.localhost'), ['describe', 'node', 'control-f5047fd5.localhost']);
    assert.deepEqual(podContainersArgs(pod), [
      'get',
      'pod',
      'coredns-5d78c9869d-x7k2p',
      '-n',
      'kube-system',
      '-o',
      'jsonpath={.spec.containers[*].name}',
    ]);
  });

  it('opens a node shell with kubectl debug and the configured image', () => {
    assert.deepEqual(nodeShellArgs('worker-1.localhost', 'busybox:1.36'), [
      'debug',
      'node/worker-1.localhost',
      '-it',
      '--image=busybox:1.36',
    ]);
    assert.deepEqual(nodeShellArgs('n1', 'registry.example.com/tools/shell@sha256:abc'), [
      'debug',
      'node/n1',
      '-it',
      '--image=registry.example.com/tools/shell@sha256:abc',
    ]);
    for (const image of ['', '-rm', 'busy box', 'a/../b', 'x;rm -rf /'])
      assert.throws(() => nodeShellArgs('n1', image), KubectlArgumentError, JSON.stringify(image));
  });

  it('forwards a service port to a local port', () => {
    assert.deepEqual(portForwardArgs({ name: 'web', namespace: 'apps' }, 18080, 80), ['port-forward', 'svc/web', '18080:80', '-n', 'apps']);
    for (const [local, remote] of [
      [0, 80],
      [8080, 70000],
      [1.5, 80],
    ] as const)
      assert.throws(() => portForwardArgs({ name: 'web', namespace: 'apps' }, local, remote), KubectlArgumentError);
  });

  it('refuses names that could be read as a flag or shell word, without echoing control characters', () => {
    for (const name of ['-f', '--all', 'a b', 'Web', 'x;id', '$(id)', '', 'a\nb', 'a'.repeat(254)])
      assert.throws(() => podLogsArgs({ name, namespace: 'default' }), KubectlArgumentError, JSON.stringify(name));
    assert.throws(() => podLogsArgs({ name: 'web', namespace: 'a.b' }), /not a valid namespace/);
    assert.throws(() => podShellArgs(pod, '-it'), /not a valid container name/);
    assert.throws(() => describeNodeArgs(undefined), /nothing is not a valid node name/);
    assert.throws(
      () => podLogsArgs({ name: 'a\u0007b', namespace: 'x' }),
      (error: Error) => !error.message.includes('\u0007'),
    );
  });

  it('quotes for the Kubernetes extension’s shell (sh), refusing what a shell would expand', () => {
    assert.equal(
      commandText(describePodArgs(pod), '/tmp/qbo-kubectl-1/kubeconfig', 'linux'),
      'describe pod coredns-5d78c9869d-x7k2p -n kube-system --kubeconfig /tmp/qbo-kubectl-1/kubeconfig',
    );
    assert.equal(shellWord('/Users/A B/kubeconfig', 'darwin'), '"/Users/A B/kubeconfig"');
    assert.equal(shellWord('jsonpath={.spec.containers[*].name}', 'linux'), '"jsonpath={.spec.containers[*].name}"');
    assert.equal(shellWord('~/x', 'linux'), '"~/x"', 'no tilde expansion');
    for (const word of ['$HOME', 'a`id`', 'a"b', 'a\\b', 'a\nb', 'a\tb'])
      assert.throws(() => shellWord(word, 'linux'), KubectlArgumentError, JSON.stringify(word));
  });

  it('passes a Windows temporary kubeconfig through cmd.exe, quoted when it has a space, refusing what cmd.exe would expand', () => {
    const kubeconfig = 'C:\\Users\\alex\\AppData\\Local\\Temp\\qbo-kubectl-Ab12Cd\\kubeconfig';
    assert.equal(
      commandText(describePodArgs(pod), kubeconfig, 'win32'),
      `describe pod coredns-5d78c9869d-x7k2p -n kube-system --kubeconfig ${kubeconfig}`,
      'backslashes are ordinary characters to cmd.exe and to kubectl',
    );
    const spaced = 'C:\\Users\\Alex Smith\\AppData\\Local\\Temp\\qbo-kubectl-Ab12Cd\\kubeconfig';
    assert.equal(
      commandText(describeNodeArgs('dev-control-plane'), spaced, 'win32'),
      `describe node dev-control-plane --kubeconfig "${spaced}"`,
    );
    // A short (8.3) profile folder, and what cmd.exe takes literally inside double quotes.
    assert.equal(shellWord('C:\\Users\\RUNNER~1\\AppData\\Local\\Temp\\k', 'win32'), '"C:\\Users\\RUNNER~1\\AppData\\Local\\Temp\\k"');
    assert.equal(shellWord('C:\\Users\\Tom & Jerry (2)\\k', 'win32'), '"C:\\Users\\Tom & Jerry (2)\\k"');
    assert.equal(shellWord('jsonpath={.spec.containers[*].name}', 'win32'), '"jsonpath={.spec.containers[*].name}"');
    for (const word of ['%USERPROFILE%\\k', 'C:\\Users\\a!b\\k', 'a"b', 'C:\\Temp\\', 'C:\\A B\\', 'a\r\nb'])
      assert.throws(() => shellWord(word, 'win32'), KubectlArgumentError, JSON.stringify(word));
    // The same Windows path is refused for sh, where a backslash escapes.
    assert.throws(() => shellWord(kubeconfig, 'linux'), KubectlArgumentError);
  });

  it('reads container names from kubectl and from a pod object that carries them', () => {
    assert.deepEqual(parseContainerNames('app sidecar\n'), ['app', 'sidecar']);
    assert.deepEqual(parseContainerNames(''), []);
    assert.deepEqual(parseContainerNames('app -bad Bad ok'), ['app', 'ok']);
    assert.equal(containersOfPod({ name: 'p' }), undefined);
    assert.deepEqual(containersOfPod({ containers: ['a', { name: 'b' }, { image: 'x' }, '-c'] }), ['a', 'b']);
    assert.equal(containersOfPod({ containers: [] }), undefined);
  });

  it('finds the Kubernetes extension’s kubectl path, per OS first', () => {
    assert.equal(kubectlPathFromKubernetesSettings({ 'vs-kubernetes.kubectl-path': '/opt/k/kubectl' }, 'linux'), '/opt/k/kubectl');
    assert.equal(
      kubectlPathFromKubernetesSettings(
        { 'vs-kubernetes.kubectl-path': '/opt/k/kubectl', 'vs-kubernetes.kubectl-path.mac': '/mac/kubectl' },
        'darwin',
      ),
      '/mac/kubectl',
    );
    assert.equal(kubectlPathFromKubernetesSettings({ 'vs-kubernetes.kubectl-path': '  ' }, 'linux'), undefined);
    assert.equal(kubectlPathFromKubernetesSettings(undefined, 'linux'), undefined);
  });

  it('lists kubectl candidates on PATH (with Windows extensions)', () => {
    assert.deepEqual(kubectlCandidates('/usr/bin::/opt/bin', 'linux'), ['/usr/bin/kubectl', '/opt/bin/kubectl']);
    assert.deepEqual(kubectlCandidates('C:\\bin', 'win32', '.EXE;.CMD'), ['C:\\bin\\kubectl.exe', 'C:\\bin\\kubectl.cmd']);
    assert.deepEqual(kubectlCandidates(undefined, 'linux'), []);
  });

  it('names a terminal after the object and what runs in it', () => {
    assert.equal(terminalName('web-1', 'logs'), 'web-1 · logs');
    assert.equal(terminalName(undefined, 'logs'), 'logs');
  });
});
