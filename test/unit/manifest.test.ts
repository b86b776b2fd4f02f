import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  clusterPresentation,
  folderPresentation,
  nodePresentation,
  podPresentation,
  servicePresentation,
} from '../../src/explorer/presentation';

const root = path.join(__dirname, '..', '..', '..');
const manifestText = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
/** The manifest as VS Code shows it: every %key% replaced from package.nls.json. */
const manifest = JSON.parse(
  manifestText.replace(/"%([\w.-]+)%"/g, (_match, key: string) => JSON.stringify(nls[key] ?? `MISSING ${key}`)),
) as {
  main: string;
  extensionKind?: string[];
  capabilities?: { untrustedWorkspaces?: { supported?: unknown }; virtualWorkspaces?: unknown };
  contributes: {
    commands: { command: string; title: string }[];
    menus: Record<string, { command: string; when?: string; group?: string }[]>;
    views: Record<string, { id: string }[]>;
    viewsWelcome: { view: string; when: string; contents: string }[];
    configuration: { properties: Record<string, unknown> };
  };
};

/** Command ids the code registers: every `id: 'qbo.…'` in src/commands. */
function registeredIds(): string[] {
  const dir = path.join(root, 'src', 'commands');
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.ts'))
    .flatMap((file) =>
      [...fs.readFileSync(path.join(dir, file), 'utf8').matchAll(/id: '(qbo\.[A-Za-z]+)'/g)].map((match) => match[1] as string),
    );
}

/** Evaluates the `viewItem =~ /re/` or `viewItem == value` part of a when clause. */
function viewItemMatches(when: string, contextValue: string): boolean {
  const regex = /viewItem =~ \/(.+?)\/(?:\s|$)/.exec(when);
  if (regex) return new RegExp(regex[1] as string).test(contextValue);
  const equal = /viewItem == ([\w.]+)/.exec(when);
  if (equal) return equal[1] === contextValue;
  return true;
}

function itemCommandsFor(contextValue: string): Set<string> {
  return new Set(
    manifest.contributes.menus['view/item/context']
      ?.filter((entry) => viewItemMatches(entry.when ?? '', contextValue))
      .map((entry) => entry.command),
  );
}

describe('package.json manifest', () => {
  it('takes every user-facing string from package.nls.json', () => {
    const keys = [...manifestText.matchAll(/"%([\w.-]+)%"/g)].map((match) => match[1] as string);
    assert.ok(keys.length > 50);
    for (const key of keys) assert.ok(typeof nls[key] === 'string' && nls[key] !== '', key);
    for (const command of manifest.contributes.commands) assert.doesNotMatch(command.title, /^MISSING/);
  });

  it('ships an up-to-date l10n bundle of every vscode.l10n.t message', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const l10n = require(path.join(root, 'scripts', 'l10n.js')) as {
      extract(): Record<string, string>;
      render(bundle: Record<string, string>): string;
      BUNDLE: string;
    };
    const bundle = l10n.extract();
    assert.ok(Object.keys(bundle).length > 80);
    assert.ok('Delete {0} {1}?' in bundle);
    assert.equal(fs.readFileSync(l10n.BUNDLE, 'utf8'), l10n.render(bundle), 'run npm run l10n');
  });

  it('has a walkthrough: sign in, explore, start and stop, kubeconfig', () => {
    const walkthroughs = (manifest.contributes as unknown as { walkthroughs: { steps: { id: string; media: { markdown: string } }[] }[] })
      .walkthroughs;
    assert.deepEqual(
      walkthroughs[0]?.steps.map((step) => step.id),
      ['signIn', 'explore', 'startStop', 'kubeconfig'],
    );
    for (const step of walkthroughs[0]?.steps ?? []) assert.ok(fs.existsSync(path.join(root, step.media.markdown)), step.media.markdown);
  });

  const declared = new Set(manifest.contributes.commands.map((command) => command.command));

  it('declares every registered command and registers every declared one', () => {
    const registered = new Set(registeredIds());
    assert.ok(registered.size >= 25);
    for (const id of registered) assert.ok(declared.has(id), `${id} is registered but not declared`);
    for (const id of declared) assert.ok(registered.has(id), `${id} is declared but not registered`);
  });

  it('references only declared commands in menus', () => {
    for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
      for (const entry of entries) assert.ok(declared.has(entry.command), `${menu}: ${entry.command}`);
    }
  });

  it('offers Start only on stopped things and Stop only on running ones', () => {
    const running = itemCommandsFor(clusterPresentation({ name: 'dev', state: 'running' }, 'k').contextValue);
    const stopped = itemCommandsFor(clusterPresentation({ name: 'prod', state: 'stopped' }, 'k').contextValue);
    assert.ok(running.has('qbo.stopCluster') && !running.has('qbo.startCluster'));
    assert.ok(stopped.has('qbo.startCluster') && !stopped.has('qbo.stopCluster'));
    for (const menu of [running, stopped])
      for (const id of ['qbo.deleteCluster', 'qbo.getKubeconfig', 'qbo.copyName', 'qbo.showJson']) assert.ok(menu.has(id), id);
    const nodeRunning = itemCommandsFor(nodePresentation({ name: 'n', state: 'running' }, 'k', 0).contextValue);
    const nodeStopped = itemCommandsFor(nodePresentation({ name: 'n', state: 'exited' }, 'k', 0).contextValue);
    assert.ok(nodeRunning.has('qbo.stopNode') && !nodeRunning.has('qbo.startNode') && !nodeRunning.has('qbo.stopCluster'));
    assert.ok(nodeStopped.has('qbo.startNode') && !nodeStopped.has('qbo.stopNode'));
    assert.ok(itemCommandsFor(folderPresentation('nodes', 2, 'running').contextValue).has('qbo.addNodes'));
    assert.ok(!itemCommandsFor(folderPresentation('nodes', 2, 'stopped').contextValue).has('qbo.addNodes'));
    const transitional = itemCommandsFor(clusterPresentation({ name: 'dev', state: 'stopping' }, 'k').contextValue);
    assert.ok(!transitional.has('qbo.startCluster'));
  });

  it('offers the workload actions by kind and state: logs and describe on every pod, shells only on running pods and nodes', () => {
    const runningPod = itemCommandsFor(podPresentation({ name: 'web-1', status: 'Running' }, 'k').contextValue);
    const pendingPod = itemCommandsFor(podPresentation({ name: 'web-1', status: 'Pending' }, 'k').contextValue);
    for (const id of ['qbo.viewPodLogs', 'qbo.openPodShell', 'qbo.describePod']) assert.ok(runningPod.has(id), id);
    assert.ok(pendingPod.has('qbo.viewPodLogs') && pendingPod.has('qbo.describePod') && !pendingPod.has('qbo.openPodShell'));
    assert.ok(!runningPod.has('qbo.describeNode') && !runningPod.has('qbo.openServiceInBrowser'));
    const runningNode = itemCommandsFor(nodePresentation({ name: 'n', state: 'running' }, 'k', 0).contextValue);
    const stoppedNode = itemCommandsFor(nodePresentation({ name: 'n', state: 'exited' }, 'k', 0).contextValue);
    assert.ok(runningNode.has('qbo.describeNode') && runningNode.has('qbo.openNodeShell') && !runningNode.has('qbo.viewPodLogs'));
    assert.ok(stoppedNode.has('qbo.describeNode') && !stoppedNode.has('qbo.openNodeShell'));
    const service = itemCommandsFor(servicePresentation({ name: 'web', type: 'NodePort' }, 'k').contextValue);
    for (const id of ['qbo.openServiceInBrowser', 'qbo.copyServiceUrl', 'qbo.portForwardService']) assert.ok(service.has(id), id);
    assert.ok(!service.has('qbo.viewPodLogs'));
    const cluster = itemCommandsFor(clusterPresentation({ name: 'dev', state: 'running' }, 'k').contextValue);
    assert.ok(!cluster.has('qbo.viewPodLogs') && !cluster.has('qbo.portForwardService'));
  });

  it('keeps the node shell image a user-only setting with a small public default', () => {
    const image = manifest.contributes.configuration.properties['qbo.nodeShell.image'] as { default: string; scope: string };
    assert.equal(image.default, 'busybox:1.36');
    assert.equal(image.scope, 'application');
  });

  it('has a view, welcome content for each sign-in path, and nothing secret in settings', () => {
    assert.deepEqual(
      manifest.contributes.views.qbo?.map((view) => view.id),
      ['qbo.clusters'],
    );
    const signedOut = manifest.contributes.viewsWelcome.find((entry) => entry.when === 'qbo.signedOut');
    for (const command of ['qbo.signInWithFile', 'qbo.signInWithJson', 'qbo.signInWithToken', 'qbo.connectToEmulator'])
      assert.ok(signedOut?.contents.includes(`command:${command}`), command);
    assert.ok(manifest.contributes.viewsWelcome.some((entry) => entry.contents.includes('command:qbo.addCluster')));
    for (const key of Object.keys(manifest.contributes.configuration.properties))
      assert.doesNotMatch(key, /token|secret|aux|password|key$/i, key);
  });

  it('shows no welcome before the extension knows the sign-in state, only "Connecting…"', () => {
    // A welcome keyed on a merely unset key (e.g. !qbo.signedIn) flashes "Sign in" at a signed-in
    // user while the extension activates.
    for (const entry of manifest.contributes.viewsWelcome.filter((welcome) => welcome.view === 'qbo.clusters')) {
      const clauses = entry.when.split('&&').map((clause) => clause.trim());
      const knownState = clauses.some((clause) => ['qbo.signedOut', 'qbo.signedIn'].includes(clause));
      assert.ok(knownState || entry.when === '!qbo.activated', `welcome "${entry.when}" keys on a state that may merely be unset`);
    }
    const starting = manifest.contributes.viewsWelcome.find((entry) => entry.when === '!qbo.activated');
    assert.ok(starting, 'a "Connecting…" welcome before activation');
    const source = fs.readFileSync(path.join(root, 'src', 'ui', 'contextKeys.ts'), 'utf8');
    assert.match(source, /set\('qbo\.activated', true\)/);
    assert.match(source, /set\('qbo\.signedOut',/);
  });

  it('points main at the bundle and ships a monochrome view icon', () => {
    assert.equal(manifest.main, './dist/extension.js');
    const svg = fs.readFileSync(path.join(root, 'media', 'qbo.svg'), 'utf8');
    assert.match(svg, /currentColor/);
    assert.doesNotMatch(svg, /#[0-9a-f]{3,6}/i, 'a hard-coded color would not follow the theme');
  });

  it('runs where the credentials are (workspace side), also in untrusted and virtual workspaces', () => {
    assert.deepEqual(manifest.extensionKind, ['workspace']);
    // Safe to declare only because nothing that decides where credentials go is read from a workspace.
    assert.deepEqual(manifest.capabilities, { untrustedWorkspaces: { supported: true }, virtualWorkspaces: true });
  });

  it('offers Save As and Merge in the title of a kubeconfig document, and Save As nowhere else', () => {
    const source = fs.readFileSync(path.join(root, 'src', 'commands', 'kubeconfigDocument.ts'), 'utf8');
    const scheme = /KUBECONFIG_SCHEME = '([a-z-]+)'/.exec(source)?.[1];
    assert.equal(scheme, 'qbo-kubeconfig');
    const title = manifest.contributes.menus['editor/title'] ?? [];
    for (const command of ['qbo.saveKubeconfigAs', 'qbo.mergeKubeconfig']) {
      const entry = title.find((candidate) => candidate.command === command);
      assert.equal(entry?.when, `resourceScheme == ${scheme}`, command);
      assert.match(entry?.group ?? '', /^navigation/, command);
    }
    const palette = manifest.contributes.menus.commandPalette?.find((entry) => entry.command === 'qbo.saveKubeconfigAs');
    assert.equal(palette?.when, `resourceScheme == ${scheme}`);
  });
});
