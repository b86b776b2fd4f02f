// package.json: where Apply / Diff / Delete from a manifest and the port forwards' actions show.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..', '..');
interface MenuEntry {
  command?: string;
  submenu?: string;
  when?: string;
  group?: string;
}
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: { commands: { command: string; icon?: string }[]; menus: Record<string, MenuEntry[]> };
};
const menus = manifest.contributes.menus;

/** Whether a `resourceExtname =~ /…/i` clause matches an extension, read from the clause itself. */
function extensionMatches(when: string, extension: string): boolean {
  const match = /resourceExtname =~ \/(.+)\/(i?)/.exec(when);
  assert.ok(match, when);
  return new RegExp(match[1] ?? '', match[2]).test(extension);
}

describe('package.json: manifest and port forward menus', () => {
  const MANIFEST_COMMANDS = ['qbo.applyManifest', 'qbo.diffManifest', 'qbo.deleteManifest'];

  it("offers Apply, Diff and Delete in a qbo submenu of the Explorer's .yaml/.yml/.json files and of YAML editors' title", () => {
    assert.deepEqual(
      (menus['qbo.manifest'] ?? []).map((entry) => entry.command),
      MANIFEST_COMMANDS,
    );
    const explorer = (menus['explorer/context'] ?? []).find((entry) => entry.submenu === 'qbo.manifest');
    assert.ok(explorer?.when);
    for (const extension of ['.yaml', '.yml', '.json', '.YAML']) assert.ok(extensionMatches(explorer.when, extension), extension);
    for (const extension of ['.txt', '.yamlx', '.js', '.jsonc']) assert.ok(!extensionMatches(explorer.when, extension), extension);
    assert.match(explorer.when, /!explorerResourceIsFolder/);
    const title = (menus['editor/title'] ?? []).find((entry) => entry.submenu === 'qbo.manifest');
    assert.match(title?.when ?? '', /resourceLangId == yaml/);
    // In the editor title's "…" menu, not one more icon on every YAML file.
    assert.doesNotMatch(title?.group ?? '', /^navigation/);
  });

  it('offers them in the palette only for a manifest in the editor', () => {
    for (const command of MANIFEST_COMMANDS)
      assert.equal(menus.commandPalette?.find((entry) => entry.command === command)?.when, 'qbo.editorIsManifest', command);
  });

  it("puts Open in Browser, Copy URL and Stop inline on a running forward's row, and Stop on a starting one", () => {
    const inline = (menus['view/item/context'] ?? []).filter(
      (entry) => entry.group?.startsWith('inline') && /qbo\\?\.forward/.test(entry.when ?? ''),
    );
    assert.deepEqual(
      inline.map((entry) => [entry.command, entry.when]),
      [
        ['qbo.openForwardInBrowser', 'view == qbo.clusters && viewItem == qbo.forward.running'],
        ['qbo.copyForwardUrl', 'view == qbo.clusters && viewItem == qbo.forward.running'],
        ['qbo.stopForward', 'view == qbo.clusters && viewItem =~ /^qbo\\.forward\\./'],
      ],
    );
    for (const command of ['qbo.openForwardInBrowser', 'qbo.copyForwardUrl', 'qbo.stopForward'])
      assert.ok(
        manifest.contributes.commands.find((entry) => entry.command === command)?.icon,
        `${command} has no icon for its inline action`,
      );
  });

  it('keeps the forward-only commands out of the palette, and Stop and Show there only while a forward runs', () => {
    const when = (command: string) => menus.commandPalette?.find((entry) => entry.command === command)?.when;
    assert.equal(when('qbo.openForwardInBrowser'), 'false');
    assert.equal(when('qbo.copyForwardUrl'), 'false');
    assert.equal(when('qbo.stopForward'), 'qbo.forwardCount > 0');
    assert.equal(when('qbo.showForwards'), 'qbo.forwardCount > 0');
  });
});
