import * as assert from 'node:assert/strict';
import { deleteConfirmation } from '../../../src/manifests/confirmation';
import { applySummary, countResults, countsText, deleteSummary, diffOutcome, failureText } from '../../../src/manifests/results';

describe('what kubectl answered', () => {
  it('kubectl diff: 0 is "no differences", 1 is "differs" (not a failure), anything else a failure', () => {
    assert.equal(diffOutcome(0), 'same');
    assert.equal(diffOutcome(1), 'differs');
    for (const code of [2, 3, 127, 255, -1, null]) assert.equal(diffOutcome(code), 'failed', String(code));
  });

  it('sums up an apply from kubectl\'s lines: "3 created, 1 configured in dev"', () => {
    const stdout = [
      'namespace/shop created',
      'configmap/cfg created',
      'deployment.apps/web configured',
      'service/web created',
      'Warning: something kubectl said',
      '',
    ].join('\n');
    const counts = countResults(stdout);
    assert.equal(applySummary(counts, 'dev'), 'qbo: 3 created, 1 configured in dev.');
    assert.equal(
      countsText(countResults('a/b unchanged\nc.apps/d serverside-applied\ne/f configured (server dry run)\ng/h unchanged\n')),
      '1 configured, 1 applied, 2 unchanged',
    );
    assert.equal(applySummary(new Map(), 'dev'), 'qbo: applied to dev; kubectl reported no objects.');
  });

  it('counts the deleted objects, in old and new kubectl wording, and says how many were not there', () => {
    const counts = countResults('configmap "cfg" deleted\ndeployment.apps "web" deleted from shop namespace\n');
    assert.equal(counts.get('deleted'), 2);
    assert.equal(deleteSummary(counts, 2, 'dev'), 'qbo: 2 deleted from dev.');
    assert.equal(deleteSummary(counts, 3, 'dev'), 'qbo: 2 deleted from dev (1 not there).');
    assert.equal(deleteSummary(new Map(), 3, 'dev'), 'qbo: none of the 3 objects was in dev; nothing deleted.');
  });

  it("a failure shows kubectl's own error lines, and what it did first", () => {
    const stderr =
      'Warning: deprecated\nerror: resource mapping not found for name: "x" namespace: "" from "STDIN": no matches for kind "Widget"\nensure CRDs are installed first\n';
    assert.equal(
      failureText('apply', 'dev', stderr, countResults('configmap/cfg created\n')),
      'qbo: kubectl apply failed on dev (1 created first): error: resource mapping not found for name: "x" namespace: "" from "STDIN": no matches for kind "Widget"',
    );
    assert.equal(
      failureText('diff', 'dev', 'The Deployment "web" is invalid\n'),
      'qbo: kubectl diff failed on dev: The Deployment "web" is invalid',
    );
    assert.equal(failureText('get', 'dev', ''), 'qbo: kubectl get failed on dev: no message');
  });
});

describe('what Delete from Cluster asks', () => {
  it('names the count, the file and the cluster, and lists the objects (the first 20, then how many more)', () => {
    const objects = Array.from({ length: 23 }, (_, index) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name: `cfg-${index + 1}`,
      namespace: 'shop',
    }));
    const { message, detail } = deleteConfirmation(objects, 'shop.yaml', 'dev');
    assert.equal(message, 'Delete 23 objects of shop.yaml from dev?');
    const lines = detail;
    assert.equal(lines.length, 21);
    assert.deepEqual(lines.slice(0, 2), ['ConfigMap shop/cfg-1', 'ConfigMap shop/cfg-2']);
    assert.equal(lines[20], '… and 3 more');
    assert.deepEqual(deleteConfirmation(objects.slice(0, 1), 'a.yaml', 'dev'), {
      message: 'Delete 1 object of a.yaml from dev?',
      detail: ['ConfigMap shop/cfg-1'],
    });
  });

  it('shows names from the workspace and the server as text', () => {
    const { message, detail } = deleteConfirmation(
      [{ apiVersion: 'v1', kind: 'ConfigMap', name: '[x](command:y)', namespace: undefined }],
      '$(alert).yaml',
      'dev',
    );
    assert.doesNotMatch(message + detail.join('\n'), /\$\(|\]\(|command:/);
  });
});
