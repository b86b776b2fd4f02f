import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  clusterPresentation,
  folderPresentation,
  nodePresentation,
  podPresentation,
  servicePresentation,
} from '../../src/explorer/presentation';

const root = path.join(__dirname, '..', '..', '..');
/** A menu item: a command, or a submenu (exactly one of the two). */
type MenuEntry =
  | { command: string; submenu?: undefined; when?: string; group?: string }
  | { command?: undefined; submenu: string; when?: string; group?: string };

const manifestText = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
const manifestScripts = (JSON.parse(manifestText) as { scripts: Record<string, string> }).scripts;
/** The manifest as VS Code shows it: every %key% replaced from package.nls.json. */
const manifest = JSON.parse(
  manifestText.replace(/"%([\w.-]+)%"/g, (_match, key: string) => JSON.stringify(nls[key] ?? `MISSING ${key}`)),
) as {
  main: string;
  icon?: string;
  galleryBanner?: { color?: string; theme?: string };
  homepage?: string;
  bugs?: { url?: string };
  repository?: { type?: string; url?: string };
  keywords?: string[];
  categories?: string[];
  extensionKind?: string[];
  capabilities?: { untrustedWorkspaces?: { supported?: unknown }; virtualWorkspaces?: unknown };
  contributes: {
    commands: { command: string; title: string }[];
    menus: Record<string, MenuEntry[]>;
    submenus: { id: string; label: string }[];
    keybindings: { command: string; key: string; mac?: string; when?: string }[];
    views: Record<string, { id: string }[]>;
    viewsWelcome: { view: string; when: string; contents: string }[];
    configuration: { properties: Record<string, { default?: unknown }> };
  };
};

/** The Marketplace's categories (the extension manifest reference's allowed values). */
const MARKETPLACE_CATEGORIES = new Set([
  'AI',
  'Azure',
  'Chat',
  'Data Science',
  'Debuggers',
  'Education',
  'Extension Packs',
  'Formatters',
  'Keymaps',
  'Language Packs',
  'Linters',
  'Machine Learning',
  'Notebooks',
  'Other',
  'Programming Languages',
  'SCM Providers',
  'Snippets',
  'Testing',
  'Themes',
  'Visualization',
]);
/** The Marketplace takes at most this many keywords. */
const MAX_KEYWORDS = 30;

/** Width and height from a PNG's signature and IHDR chunk (which the format requires first). */
function pngSize(bytes: Buffer): { width: number; height: number } {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(signature)) throw new Error('not a PNG (signature)');
  if (bytes.toString('latin1', 12, 16) !== 'IHDR') throw new Error('not a PNG (no IHDR first)');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

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
      .flatMap((entry) => (entry.command !== undefined ? [entry.command] : [])),
  );
}

describe('package.json manifest', () => {
  it('takes every user-facing string from package.nls.json', () => {
    const keys = [...manifestText.matchAll(/"%([\w.-]+)%"/g)].map((match) => match[1] as string);
    assert.ok(keys.length > 50);
    for (const key of keys) assert.ok(typeof nls[key] === 'string' && nls[key] !== '', key);
    for (const command of manifest.contributes.commands) assert.doesNotMatch(command.title, /^MISSING/);
  });

  it('ships the l10n bundle that @vscode/l10n-dev extracts from src now (npm run l10n)', function () {
    // The real extraction (what `npm run l10n` runs) into a temporary folder, compared with the
    // committed bundle: a message added, changed or removed in src without `npm run l10n` fails.
    // The extractor parses every source file with tree-sitter: about 7 s of CPU, far more on a busy machine.
    this.timeout(120_000);
    const script = manifestScripts.l10n ?? '';
    assert.match(script, /^vscode-l10n-dev export --outDir \.\/l10n \.\/src$/);
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qbo-l10n-'));
    try {
      const cli = path.join(root, 'node_modules', '@vscode', 'l10n-dev', 'dist', 'cli.js');
      execFileSync(process.execPath, [cli, 'export', '--outDir', outDir, './src'], { cwd: root, stdio: 'pipe' });
      const extracted = fs.readFileSync(path.join(outDir, 'bundle.l10n.json'), 'utf8');
      const bundle = JSON.parse(extracted) as Record<string, string | { message: string; comment: string[] }>;
      assert.ok(Object.keys(bundle).length > 150, 'every vscode.l10n.t and @vscode/l10n message');
      // Both call forms: vscode.l10n.t in commands, l10n.t of @vscode/l10n in the pure modules.
      for (const message of ['Delete {0} {1}?', 'Load Balancers', 'filtered: {0}', '$(account) qbo: signed out'])
        assert.equal(bundle[message], message, message);
      // A message with a translator comment is keyed by message and comment.
      const withComment = Object.values(bundle).find((entry) => typeof entry === 'object' && entry.message === '{0} (from {1})');
      assert.ok(withComment && typeof withComment === 'object' && withComment.comment.length === 1, 'the translator comment is kept');
      assert.equal(fs.readFileSync(path.join(root, 'l10n', 'bundle.l10n.json'), 'utf8'), extracted, 'run npm run l10n');
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true });
    }
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

  it('references only declared commands and submenus in menus', () => {
    const submenus = new Set(manifest.contributes.submenus.map((submenu) => submenu.id));
    for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
      for (const entry of entries)
        if (entry.submenu !== undefined) assert.ok(submenus.has(entry.submenu), `${menu}: submenu ${entry.submenu}`);
        else assert.ok(declared.has(entry.command), `${menu}: ${entry.command}`);
    }
  });

  it('puts Delete alone in the last group of each context menu, and Delete All last in the view title', () => {
    const groupName = (entry: MenuEntry): string => (entry.group ?? '').split('@')[0] as string;
    const contexts = [
      clusterPresentation({ name: 'dev', state: 'running' }, 'k').contextValue,
      clusterPresentation({ name: 'dev', state: 'stopped' }, 'k').contextValue,
      nodePresentation({ name: 'n', state: 'running' }, 'k', 0).contextValue,
    ];
    for (const contextValue of contexts) {
      const entries = (manifest.contributes.menus['view/item/context'] ?? []).filter(
        (entry) => viewItemMatches(entry.when ?? '', contextValue) && groupName(entry) !== 'inline',
      );
      const groups = [...new Set(entries.map(groupName))].sort();
      const last = groups[groups.length - 1];
      const lastEntries = entries.filter((entry) => groupName(entry) === last);
      assert.deepEqual(
        lastEntries.map((entry) => entry.command),
        [contextValue.startsWith('qbo.cluster') ? 'qbo.deleteCluster' : 'qbo.deleteNode'],
        contextValue,
      );
      assert.ok(groups.length >= 3, `${contextValue} has its other groups before Delete`);
    }
    const title = (manifest.contributes.menus['view/title'] ?? []).filter((entry) => !groupName(entry).startsWith('navigation'));
    const titleGroups = [...new Set(title.map(groupName))].sort();
    assert.deepEqual(
      title.filter((entry) => groupName(entry) === titleGroups[titleGroups.length - 1]).map((entry) => entry.command),
      ['qbo.deleteAllClusters'],
    );
  });

  it('gathers the editor items in a qbo submenu shown only for a selected known cluster or node, or a Kubernetes manifest', () => {
    assert.deepEqual(manifest.contributes.submenus, [
      { id: 'qbo.editorContext', label: 'qbo' },
      { id: 'qbo.manifest', label: 'qbo' },
    ]);
    const editor = manifest.contributes.menus['editor/context'] ?? [];
    const submenu = editor.find((entry) => entry.submenu === 'qbo.editorContext');
    assert.equal(submenu?.when, 'editorHasSelection && qbo.selectionKind || qbo.editorIsManifest');
    // The only loose item is about the file itself, not a selection: Sign In with This File.
    assert.deepEqual(
      editor.filter((entry) => entry.command !== undefined).map((entry) => [entry.command, entry.when]),
      [['qbo.signInWithThisFile', 'qbo.editorIsCliJson']],
    );
    const all = manifest.contributes.menus['qbo.editorContext'] ?? [];
    const manifestItems = all.filter((entry) => entry.when === 'qbo.editorIsManifest');
    assert.deepEqual(
      manifestItems.map((entry) => entry.command),
      ['qbo.applyManifest', 'qbo.diffManifest', 'qbo.deleteManifest'],
    );
    const inner = all.filter((entry) => !manifestItems.includes(entry));
    assert.deepEqual([...new Set(inner.map((entry) => entry.command))].sort(), [
      'qbo.getKubeconfig',
      'qbo.openTerminal',
      'qbo.revealInExplorer',
      'qbo.startCluster',
      'qbo.startNode',
      'qbo.stopCluster',
      'qbo.stopNode',
    ]);
    for (const entry of inner) assert.match(entry.when ?? '', /qbo\.selectionKind/, `${entry.command ?? ''} names the selection kind`);
  });

  it('hides Reveal in qbo Explorer from the palette without a selection, and Clear Filter while unfiltered', () => {
    const palette = manifest.contributes.menus.commandPalette ?? [];
    const when = (command: string): string | undefined => palette.find((entry) => entry.command === command)?.when;
    assert.match(when('qbo.revealInExplorer') ?? '', /editorHasSelection && qbo\.selectionKind/);
    assert.equal(when('qbo.clearFilter'), 'qbo.filtered');
    assert.equal(when('qbo.deleteSelection'), 'false');
    const title = manifest.contributes.menus['view/title'] ?? [];
    assert.equal(title.find((entry) => entry.command === 'qbo.clearFilter')?.when, 'view == qbo.clusters && qbo.filtered');
    assert.match(title.find((entry) => entry.command === 'qbo.filter')?.group ?? '', /^navigation/);
  });

  it('binds Delete and Ctrl/Cmd+C only while the Clusters view has focus', () => {
    const bindings = manifest.contributes.keybindings;
    assert.deepEqual(
      bindings.map((binding) => [binding.command, binding.key, binding.mac]),
      [
        ['qbo.deleteSelection', 'delete', 'cmd+backspace'],
        ['qbo.copyName', 'ctrl+c', 'cmd+c'],
      ],
    );
    for (const binding of bindings) assert.equal(binding.when, 'focusedView == qbo.clusters && !inputFocus', binding.command);
  });

  it('keeps the output panel closed on errors unless the user asks for it', () => {
    assert.equal(manifest.contributes.configuration.properties['qbo.revealOutputOnError']?.default, false);
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

  it('scopes the seven user-only settings to the user alone, and they are the only ones the code reads through userSetting()', () => {
    // docs/SECURITY.md, "Trust boundary": where credentials go, whether destructive actions ask (the
    // conflict guard too), what runs on a node, whether another client's commands pop up.
    const trust = [
      'qbo.profiles',
      'qbo.activeProfile',
      'qbo.confirm.delete',
      'qbo.confirm.bulkActions',
      'qbo.confirm.recentActivityMinutes',
      'qbo.nodeShell.image',
      'qbo.activity.notify',
    ];
    const properties = manifest.contributes.configuration.properties as Record<string, { scope?: string }>;
    for (const key of trust) assert.equal(properties[key]?.scope, 'application', key);
    const sources = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        return entry.isDirectory() ? sources(full) : entry.name.endsWith('.ts') ? [full] : [];
      });
    const readAsUserSettings = sources(path.join(root, 'src')).flatMap((file) =>
      [...fs.readFileSync(file, 'utf8').matchAll(/\buserSetting(?:<[^>]*>)?\(\s*'([\w.]+)'/g)].map((match) => `qbo.${match[1] as string}`),
    );
    assert.deepEqual([...new Set(readAsUserSettings)].sort(), [...trust].sort());
  });

  it('has the Clusters view and the Activity view (collapsed), welcome content for each sign-in path, and nothing secret in settings', () => {
    assert.deepEqual(
      manifest.contributes.views.qbo?.map((view) => [view.id, (view as { visibility?: string }).visibility]),
      [
        ['qbo.clusters', undefined],
        ['qbo.activity', 'collapsed'],
      ],
    );
    const signedOut = manifest.contributes.viewsWelcome.find((entry) => entry.when === 'qbo.signedOut');
    for (const command of ['qbo.signInWithFile', 'qbo.signInWithJson', 'qbo.signInWithToken', 'qbo.connectToEmulator'])
      assert.ok(signedOut?.contents.includes(`command:${command}`), command);
    // A line that is nothing but a link is a button: one primary button, the other paths are links.
    const buttons = (signedOut?.contents ?? '').split('\n').filter((line) => /^\[[^\]]+\]\([^)]+\)$/.test(line.trim()));
    assert.deepEqual(buttons, ['[Sign In with cli.json File](command:qbo.signInWithFile)']);
    assert.ok(signedOut?.contents.includes('](https://console.cloud.qbo.io)'), 'a link to get credentials in the web console');
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

  it('has a gallery listing: a 128×128 PNG icon, a banner, the project links, keywords and categories', () => {
    assert.ok(manifest.icon, 'no icon');
    assert.match(manifest.icon, /^media\/[\w.-]+\.png$/, 'the icon is a PNG under media/ (vsce refuses SVG icons)');
    assert.deepEqual(pngSize(fs.readFileSync(path.join(root, manifest.icon))), { width: 128, height: 128 });
    assert.match(manifest.galleryBanner?.color ?? '', /^#[0-9a-f]{6}$/i);
    assert.ok(['dark', 'light'].includes(manifest.galleryBanner?.theme ?? ''), 'galleryBanner.theme is dark or light');
    // One repository everywhere: the one docs/SECURITY.md sends vulnerability reports to.
    const repository = /<(https:\/\/github\.com\/[\w-]+\/[\w-]+)>/.exec(
      fs.readFileSync(path.join(root, 'docs', 'SECURITY.md'), 'utf8'),
    )?.[1];
    assert.ok(repository, 'docs/SECURITY.md names the repository');
    assert.deepEqual(manifest.repository, { type: 'git', url: repository });
    assert.equal(manifest.homepage, `${repository}#readme`);
    assert.equal(manifest.bugs?.url, `${repository}/issues`);
    const keywords = manifest.keywords ?? [];
    for (const keyword of ['qbo', 'kubernetes', 'kind']) assert.ok(keywords.includes(keyword), keyword);
    assert.ok(keywords.length <= MAX_KEYWORDS, `${keywords.length} keywords`);
    assert.equal(new Set(keywords).size, keywords.length, 'no keyword twice');
    assert.ok((manifest.categories ?? []).length > 0, 'no category');
    for (const category of manifest.categories ?? []) assert.ok(MARKETPLACE_CATEGORIES.has(category), category);
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
