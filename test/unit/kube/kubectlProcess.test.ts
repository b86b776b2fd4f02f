import * as assert from 'node:assert/strict';
import { kubectlEnvironment } from '../../../src/kube/kubectlProcess';

describe("kubectl's environment", () => {
  it("is the user's, with KUBECONFIG naming the temporary file and no external diff program", () => {
    const base = { PATH: '/usr/bin', HOME: '/home/a', KUBECONFIG: '/home/a/.kube/config', KUBECTL_EXTERNAL_DIFF: 'meld' };
    const env = kubectlEnvironment(base, '/tmp/qbo-kubectl-x/kubeconfig');
    assert.deepEqual(env, { PATH: '/usr/bin', HOME: '/home/a', KUBECONFIG: '/tmp/qbo-kubectl-x/kubeconfig' });
    // The base is not changed.
    assert.equal(base.KUBECTL_EXTERNAL_DIFF, 'meld');
  });
});
