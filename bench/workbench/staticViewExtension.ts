// The baseline of the first-rows figure: a minimal extension whose activity-bar view shows one
// static row, written to a scratch folder and loaded into code-server exactly as qbo Explorer is.
// Whatever it takes from the click to its row is VS Code's own floor.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const STATIC_CONTAINER_TITLE = 'Static Baseline';
export const STATIC_ROW_LABEL = 'static-row';

export function writeStaticViewExtension(dir: string, iconFrom: string): string {
  const root = path.join(dir, 'static-view-extension');
  fs.mkdirSync(path.join(root, 'media'), { recursive: true });
  fs.copyFileSync(iconFrom, path.join(root, 'media', 'icon.svg'));
  const manifest = {
    name: 'static-view',
    publisher: 'qbo-bench',
    version: '0.0.1',
    engines: { vscode: '^1.90.0' },
    main: './extension.js',
    activationEvents: [],
    contributes: {
      viewsContainers: { activitybar: [{ id: 'benchStatic', title: STATIC_CONTAINER_TITLE, icon: 'media/icon.svg' }] },
      views: { benchStatic: [{ id: 'benchStatic.view', name: 'Static' }] },
    },
  };
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(
    path.join(root, 'extension.js'),
    [
      "const vscode = require('vscode');",
      'exports.activate = (context) => {',
      '  const provider = {',
      `    getChildren: (element) => (element ? [] : ['${STATIC_ROW_LABEL}']),`,
      '    getTreeItem: (label) => new vscode.TreeItem(label),',
      '  };',
      "  context.subscriptions.push(vscode.window.createTreeView('benchStatic.view', { treeDataProvider: provider }));",
      '};',
      '',
    ].join('\n'),
  );
  return root;
}
