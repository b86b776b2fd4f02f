// The tree filter in a real VS Code: the view's description and message follow it, the tree hides
// what it filters, Clear Filter (the command behind the view-title button) shows everything again.
// Runs after explorer.itest (signed out) and leaves the window signed out for profiles.itest.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { TreeElement } from '../../../src/explorer/treeElements';
import { waitForValue } from '../../support/wait';
import { readIntegrationConfig } from '../config';
import { testApi, type TestApi, soleStatus, soleInventory } from './testApi';

const config = readIntegrationConfig();

describe('tree filter', function () {
  let api: TestApi;
  const label = (element: TreeElement): string => String(api.provider.getTreeItem(element).label);
  const child = (parent: TreeElement | undefined, name: string | RegExp): TreeElement | undefined =>
    api.provider.getChildren(parent).find((element) => (typeof name === 'string' ? label(element) === name : name.test(label(element))));
  /** Namespaces of the pods on dev's control-plane node, as the tree shows them. */
  const controlPlanePodNamespaces = (): string[] => {
    const nodes = child(child(undefined, 'dev'), 'Nodes');
    const control = child(nodes, /^control-/);
    assert.ok(control, 'dev has a control-plane node row');
    return api.provider.getChildren(control).map((pod) => String(api.model.entity(pod)?.namespace));
  };

  before(async () => {
    api = await testApi();
    await waitForValue(() => soleStatus(api) === 'signed-out', 'the signed-out state left by the previous suite');
  });

  after(async () => {
    await vscode.commands.executeCommand('qbo.clearFilter');
    if (api.manager.sole?.active?.profile.name === 'filtering') await vscode.commands.executeCommand('qbo.signOut', 'filtering');
    await waitForValue(() => soleStatus(api) === 'signed-out', 'signed out again');
  });

  it('says nothing about a filter while signed out (the welcome view stays)', async () => {
    api.model.setFilter({ hideSystem: true, runningOnly: false });
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(!api.treeView.message, `no message above the tree (got ${JSON.stringify(api.treeView.message)})`);
    assert.doesNotMatch(api.treeView.description ?? '', /filtered/);
  });

  it('hides kube-system and says so; Clear Filter shows everything again', async () => {
    const text = fs.readFileSync(config.cliJson, 'utf8');
    assert.equal(await vscode.commands.executeCommand('qbo.signInWithJson', text, { name: 'filtering' }), true);
    await waitForValue(() => soleStatus(api) === 'ready' && child(undefined, 'dev'), 'signed in with dev listed');
    // The filter set while signed out is still on (remembered), and now it shows.
    await waitForValue(() => api.treeView.description === 'filtering · filtered: no kube-system', 'the description to name the filter');
    assert.equal(api.treeView.message, 'Filtered: no kube-system. Clear Filter in the view title shows everything.');
    const filtered = controlPlanePodNamespaces();
    assert.ok(!filtered.includes('kube-system'), `kube-system pods are hidden (shown: ${filtered.join(', ')})`);

    await vscode.commands.executeCommand('qbo.clearFilter');
    assert.equal(api.model.filter.hideSystem, false);
    await waitForValue(() => api.treeView.description === 'filtering', 'the description without the filter');
    assert.ok(!api.treeView.message, `no message above the tree (got ${JSON.stringify(api.treeView.message)})`);
    assert.ok(controlPlanePodNamespaces().includes('kube-system'), 'kube-system pods are back');
  });

  it('Reveal of a stopped node hidden by "running only" shows non-running nodes again', async () => {
    const stopped = soleInventory(api)
      .all('nodes')
      .find((node) => node.cluster === 'prod' && node.state !== 'running');
    assert.ok(stopped?.name, 'the stopped cluster prod has a stopped node');
    api.model.setFilter({ hideSystem: true, runningOnly: true });
    assert.equal(await vscode.commands.executeCommand('qbo.revealInExplorer', stopped.name), true);
    assert.deepEqual(api.model.filter, { hideSystem: true, runningOnly: false }, 'only "running only" is dropped');
    await vscode.commands.executeCommand('qbo.clearFilter');
  });
});
