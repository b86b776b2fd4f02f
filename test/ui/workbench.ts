// A page object for the parts of the VS Code workbench (code-server in Chromium) the UI tests
// touch the way a user does: the activity bar, the Clusters tree, context menus, the Command
// Palette, modal dialogs, the output panel and the welcome view. Everything waits on DOM
// conditions; nothing sleeps for correctness.
//
// Page code that needs DOM globals (document, window) is passed as a string: the test project
// compiles without the DOM library.
import type { Locator, Page } from 'playwright-core';

/** How long one UI condition may take before the step fails. */
export const STEP_TIMEOUT_MS = Number(process.env.QBO_UI_STEP_TIMEOUT_MS ?? 20_000);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Monaco renders spaces as no-break spaces; compare text as the user reads it. */
export function normalizeText(text: string): string {
  return text.replace(/\u00a0/g, ' ');
}

/** Polls a probe until it returns a truthy value; the error names what was awaited and what was last seen. */
export async function until<T>(
  probe: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs = STEP_TIMEOUT_MS,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const detail = lastError instanceof Error ? ` (last error: ${lastError.message.split('\n')[0]})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A tree row as the user reads it, with its place in the tree. */
export interface TreeRow {
  /** Position in the whole tree (VS Code's data-index): a row's children follow it. */
  index: number;
  level: number;
  label: string;
  description: string;
}

export class Workbench {
  constructor(readonly page: Page) {}

  /** Opens the workbench and waits until it is interactive (the activity bar holds the qbo icon). */
  async open(url: string, timeoutMs = 90_000): Promise<void> {
    await this.page.goto(url);
    await this.page.locator('.monaco-workbench').waitFor({ timeout: timeoutMs });
    await this.activityBarItem('qbo').waitFor({ timeout: timeoutMs });
  }

  activityBarItem(title: string): Locator {
    return this.page.locator(`.part.activitybar a.action-label[aria-label="${title}"]`);
  }

  /** Clicks a view container's icon in the activity bar (unless it is already open). */
  async openViewContainer(title: string): Promise<void> {
    const item = this.activityBarItem(title);
    const tab = this.page.locator('.part.activitybar li.action-item', { has: this.page.locator(`a.action-label[aria-label="${title}"]`) });
    if ((await tab.getAttribute('aria-selected')) !== 'true') await item.click();
    await until(async () => (await tab.getAttribute('aria-selected')) === 'true', `the "${title}" view container to open`);
  }

  get sidebar(): Locator {
    return this.page.locator('.part.sidebar');
  }

  /** Drags the sidebar's edge so long tree rows fit (what a user does before reading them). */
  async widenSidebar(toWidth: number): Promise<void> {
    const box = await this.sidebar.boundingBox();
    if (!box || box.width >= toWidth) return;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(box.x + box.width - 1, y);
    await this.page.mouse.down();
    await this.page.mouse.move(box.x + toWidth, y, { steps: 5 });
    await this.page.mouse.up();
  }

  /** Visible tree rows of the open sidebar view. */
  get rows(): Locator {
    return this.sidebar.locator('.monaco-list-row[role="treeitem"]');
  }

  /** The tree row whose label is exactly `label` (or matches the pattern), optionally at a depth. */
  row(label: string | RegExp, level?: number): Locator {
    const pattern = typeof label === 'string' ? new RegExp(`^${escapeRegExp(label)}$`) : label;
    const rows = level === undefined ? this.rows : this.sidebar.locator(`.monaco-list-row[role="treeitem"][aria-level="${level}"]`);
    return rows.filter({ has: this.page.locator('.label-name', { hasText: pattern }) });
  }

  async labelOf(row: Locator): Promise<string> {
    return normalizeText((await row.locator('.label-name').first().textContent()) ?? '').trim();
  }

  async descriptionOf(row: Locator): Promise<string> {
    const description = row.locator('.label-description');
    if ((await description.count()) === 0) return '';
    return normalizeText((await description.first().textContent()) ?? '').trim();
  }

  /** Labels of all visible rows, for error messages. */
  async visibleRows(): Promise<string[]> {
    return (await this.rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('aria-label') ?? '?'))).map(
      normalizeText,
    );
  }

  /** The visible rows of the tree in the order it shows them (rows come and go: read them at once). */
  async treeRows(): Promise<TreeRow[]> {
    const rows = (await this.page
      .evaluate(`[...document.querySelectorAll('.part.sidebar .monaco-list-row[role="treeitem"]')].map((row) => ({
      index: Number(row.getAttribute('data-index')),
      level: Number(row.getAttribute('aria-level')),
      label: (row.querySelector('.label-name')?.textContent ?? '').trim(),
      description: (row.querySelector('.label-description')?.textContent ?? '').trim(),
    }))`)) as TreeRow[];
    return rows
      .map((row) => ({ ...row, label: normalizeText(row.label), description: normalizeText(row.description) }))
      .sort((a, b) => a.index - b.index);
  }

  /** The rows below the root row `rootLabel` (one profile's, when several are connected), up to the next root row. */
  async rowsUnder(rootLabel: string): Promise<TreeRow[]> {
    const rows = await this.treeRows();
    const start = rows.findIndex((row) => row.level === 1 && row.label === rootLabel);
    if (start < 0) return [];
    const end = rows.findIndex((row, at) => at > start && row.level === 1);
    return rows.slice(start + 1, end < 0 ? undefined : end);
  }

  /**
   * The direct child `label` of the root row `rootLabel` (e.g. one profile's dev while another
   * profile has a dev too), found by its place in the tree. The locator names that place: use it
   * while the tree above it does not change.
   */
  async rowUnder(rootLabel: string, label: string): Promise<Locator> {
    const row = (await this.rowsUnder(rootLabel)).find((candidate) => candidate.level === 2 && candidate.label === label);
    if (!row) throw new Error(`no row "${label}" under "${rootLabel}" (visible: ${(await this.visibleRows()).join(' | ') || 'none'})`);
    return this.sidebar.locator(`.monaco-list-row[role="treeitem"][data-index="${row.index}"]`);
  }

  /** Clicks one of a row's inline actions (shown while the pointer is over the row, as for a user). */
  async clickInlineAction(row: Locator, title: string): Promise<void> {
    await row.hover();
    const action = row.locator(`.actions .action-label[aria-label^="${title}"]`);
    try {
      await action.waitFor({ timeout: STEP_TIMEOUT_MS });
    } catch {
      const offered = await row
        .locator('.actions .action-label')
        .evaluateAll((elements) => elements.map((element) => element.getAttribute('aria-label') ?? '?'));
      throw new Error(`row "${await this.labelOf(row)}" has no inline "${title}" (it has: ${offered.join(' | ') || 'nothing'})`);
    }
    await action.click();
  }

  /** Waits until a row's description satisfies the predicate; returns it. */
  async waitForDescription(row: Locator, predicate: (description: string) => boolean, what: string): Promise<string> {
    let last = '';
    try {
      return await until(async () => {
        if ((await row.count()) !== 1) return undefined;
        last = await this.descriptionOf(row);
        return predicate(last) ? last : undefined;
      }, what);
    } catch (error) {
      throw new Error(`${(error as Error).message}; last description "${last}"`);
    }
  }

  /** Expands a collapsed row by clicking it, and waits until the tree says it is expanded. */
  async expand(row: Locator): Promise<void> {
    await row.waitFor({ timeout: STEP_TIMEOUT_MS });
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    await until(async () => (await row.getAttribute('aria-expanded')) === 'true', `row "${await this.labelOf(row)}" to expand`);
  }

  /**
   * Records every description a row shows from now on (a MutationObserver in the page), so a
   * short-lived state such as `stopping` is seen however fast the emulator moves on.
   */
  async recordDescriptions(label: string): Promise<void> {
    await this.page.evaluate(`(() => {
      const label = ${JSON.stringify(label)};
      const seen = (window.__qboSeen = window.__qboSeen || {});
      const list = (seen[label] = []);
      const sample = () => {
        for (const row of document.querySelectorAll('.part.sidebar .monaco-list-row[role="treeitem"]')) {
          const name = row.querySelector('.label-name');
          if (!name || name.textContent.trim() !== label) continue;
          const description = (row.querySelector('.label-description')?.textContent ?? '').trim();
          if (list[list.length - 1] !== description) list.push(description);
        }
      };
      sample();
      const observer = new MutationObserver(sample);
      observer.observe(document.querySelector('.part.sidebar'), { subtree: true, childList: true, characterData: true, attributes: true });
      (window.__qboObservers = window.__qboObservers || []).push(observer);
    })()`);
  }

  /** The descriptions recorded since recordDescriptions(label), in order, without repeats. */
  async recordedDescriptions(label: string): Promise<string[]> {
    return (await this.page.evaluate(`(window.__qboSeen && window.__qboSeen[${JSON.stringify(label)}]) || []`)) as string[];
  }

  /** The context menu open now. */
  get contextMenu(): Locator {
    return this.page.locator('.context-view .monaco-menu');
  }

  menuItem(title: string): Locator {
    return this.contextMenu.locator('a.action-menu-item', {
      has: this.page.locator('.action-label', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }),
    });
  }

  /**
   * Clicks a context-menu item. VS Code's menu starts listening for clicks on its items only
   * 100 ms after it renders (so the mouse-up of the right-click cannot choose an item), and a
   * faster click is silently dropped: click again while the menu is still open.
   */
  async chooseMenuItem(title: string): Promise<number> {
    const item = this.menuItem(title);
    await item.waitFor({ timeout: STEP_TIMEOUT_MS });
    for (let attempt = 1; ; attempt++) {
      await item.click();
      try {
        await this.contextMenu.waitFor({ state: 'hidden', timeout: 1000 });
        return attempt;
      } catch (error) {
        if (attempt >= 5)
          throw new Error(`the context menu stayed open after ${attempt} clicks on "${title}": ${(error as Error).message.split('\n')[0]}`);
      }
    }
  }

  /** Right-clicks a row and waits for its context menu; returns the menu's visible item titles. */
  async openContextMenu(row: Locator): Promise<string[]> {
    await row.click({ button: 'right' });
    await this.contextMenu.waitFor({ timeout: STEP_TIMEOUT_MS });
    return (await this.contextMenu.locator('a.action-menu-item .action-label').allTextContents())
      .map((text) => normalizeText(text).trim())
      .filter(Boolean);
  }

  /** The submenu open now (inside the context menu). */
  get submenu(): Locator {
    return this.page.locator('.context-view .monaco-submenu .monaco-menu').first();
  }

  /** Opens the submenu `title` of the open context menu (by hovering it, as a user does); returns its item titles. */
  async openSubmenu(title: string): Promise<string[]> {
    const item = this.menuItem(title).first();
    await item.waitFor({ timeout: STEP_TIMEOUT_MS });
    await until(async () => {
      await item.hover();
      return this.submenu.isVisible();
    }, `the "${title}" submenu to open`);
    return (await this.submenu.locator('a.action-menu-item .action-label').allTextContents())
      .map((text) => normalizeText(text).trim())
      .filter(Boolean);
  }

  /**
   * Clicks an item of the open submenu and waits until every menu has closed. Clicked again only
   * while the item is still there (the 100 ms click guard of chooseMenuItem), never after it worked.
   */
  async chooseSubmenuItem(title: string): Promise<number> {
    const item = this.submenu.locator('a.action-menu-item', {
      has: this.page.locator('.action-label', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }),
    });
    await item.waitFor({ timeout: STEP_TIMEOUT_MS });
    for (let attempt = 1; ; attempt++) {
      await item.click({ timeout: 1000 }).catch(() => undefined);
      try {
        await until(async () => (await this.contextMenu.count()) === 0, 'the menus to close', 1000);
        return attempt;
      } catch (error) {
        if (attempt >= 5 || !(await item.isVisible()))
          throw new Error(`the menu stayed open after ${attempt} clicks on "${title}": ${(error as Error).message.split('\n')[0]}`);
      }
    }
  }

  /**
   * Opens a context menu until it offers `title` (editor context keys follow the selection after
   * a short debounce), and returns its items.
   */
  async openContextMenuOffering(target: Locator, title: string): Promise<string[]> {
    let items: string[] = [];
    await until(async () => {
      items = await this.openContextMenu(target);
      if (items.includes(title)) return true;
      await this.page.keyboard.press('Escape');
      return false;
    }, `the context menu to offer "${title}"`);
    return items;
  }

  /** Runs a command from the Command Palette (F1, type its title, click the matching entry). */
  async runCommand(title: string): Promise<void> {
    await this.chooseInPalette(title);
    await this.quickInput.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });
  }

  /**
   * Runs a palette command that asks at once with its own quick pick or input box (which reuses
   * the palette's widget, so it never hides): wait for that with waitForQuickInputTitle.
   */
  async runCommandThatAsks(title: string): Promise<void> {
    await this.chooseInPalette(title);
  }

  private async chooseInPalette(title: string): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    const input = widget.locator('.quick-input-box input');
    const entry = widget.locator('.quick-input-list .monaco-list-row', {
      has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }),
    });
    // Once, on a loaded machine, the palette closed as it opened, right after an extension's input
    // box had been answered (the palette and every prompt share one widget). A user would press F1
    // again; so does the test, up to three times, and says so. A palette that stays open without
    // the command is a failure at once.
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('F1');
      await input.waitFor({ timeout: STEP_TIMEOUT_MS });
      try {
        await input.fill(`>${title}`, { timeout: 5_000 });
        // The entry shows, or the palette closes under us (then there is no point waiting for it).
        // (Each wait settles to a boolean, so the one that loses the race never rejects unhandled.)
        await Promise.race([
          entry
            .first()
            .waitFor({ timeout: STEP_TIMEOUT_MS })
            .then(() => true)
            .catch(() => false),
          widget
            .waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS })
            .then(() => true)
            .catch(() => false),
        ]);
        if (!(await entry.first().isVisible())) throw new Error(`the Command Palette closed or offers no "${title}"`);
        if (attempt > 1) console.log(`  the Command Palette closed before "${title}" was chosen; opened it again (attempt ${attempt})`);
        break;
      } catch (error) {
        if (attempt < 3 && !(await widget.isVisible())) continue;
        if (!(await widget.isVisible())) throw error;
        const offered = await widget
          .locator('.quick-input-list .monaco-list-row')
          .evaluateAll((elements) => elements.map((element) => element.getAttribute('aria-label') ?? '?'));
        await this.page.keyboard.press('Escape');
        throw new Error(`the Command Palette offers no "${title}" (it offers: ${offered.map(normalizeText).join(' | ') || 'nothing'})`);
      }
    }
    await entry.first().click();
  }

  /** The quick input (Command Palette, quick picks and input boxes share it). */
  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  get quickInputBox(): Locator {
    return this.quickInput.locator('.quick-input-box input');
  }

  /** Waits until the quick input is open with a title matching the pattern; returns the title. */
  async waitForQuickInputTitle(pattern: RegExp): Promise<string> {
    let last = '';
    try {
      return await until(
        async () => {
          if (!(await this.quickInput.isVisible())) return undefined;
          last = normalizeText((await this.quickInput.locator('.quick-input-title').innerText()).trim());
          return pattern.test(last) ? last : undefined;
        },
        `a quick input titled ${String(pattern)}`,
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}; last title "${last}"`);
    }
  }

  /** The quick input's message line (an input box's prompt, or its validation message). */
  async quickInputMessage(): Promise<string> {
    const message = this.quickInput.locator('.quick-input-message');
    return (await message.count()) === 0 ? '' : normalizeText((await message.first().innerText()).trim());
  }

  /** The rows a quick pick offers now, as their labels read (icons left out). */
  async quickPickLabels(): Promise<string[]> {
    return (await this.quickInput.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts()).map((text) =>
      normalizeText(text).trim(),
    );
  }

  /** Clicks the quick pick row whose label (and description, if given) match; fails naming what was offered. */
  async pickQuickItem(label: RegExp, description?: RegExp): Promise<void> {
    let row = this.quickInput.locator('.quick-input-list .monaco-list-row', {
      has: this.page.locator('.label-name', { hasText: label }),
    });
    if (description) row = row.filter({ has: this.page.locator('.label-description', { hasText: description }) });
    try {
      await row.first().waitFor({ timeout: STEP_TIMEOUT_MS });
    } catch {
      throw new Error(`the quick pick offers no ${String(label)} (it offers: ${(await this.quickPickLabels()).join(' | ') || 'nothing'})`);
    }
    await row.first().click();
  }

  /** The status bar entry whose text matches. */
  statusBarItem(text: RegExp): Locator {
    return this.page.locator('.part.statusbar .statusbar-item', { hasText: text });
  }

  get dialog(): Locator {
    return this.page.locator('.monaco-dialog-box[role="dialog"]');
  }

  dialogButton(title: string): Locator {
    return this.dialog.locator('.dialog-buttons .monaco-button', { hasText: new RegExp(`^${escapeRegExp(title)}$`) });
  }

  /** The output panel's editor: the lines rendered now, as text. */
  get outputEditor(): Locator {
    return this.page.locator('.part.panel .output-view .monaco-editor, .part.panel .monaco-editor').first();
  }

  async outputText(): Promise<string> {
    const lines = await this.outputEditor.locator('.view-lines .view-line').allTextContents();
    return lines.map(normalizeText).join('\n');
  }

  /** The channel selected in the output panel's dropdown. */
  async outputChannel(): Promise<string> {
    const select = this.page.locator('.part.panel select.monaco-select-box').first();
    if ((await select.count()) === 0) return '';
    return normalizeText(
      await select.evaluate((element) => (element as unknown as { selectedOptions: { text: string }[] }).selectedOptions[0]?.text ?? ''),
    );
  }

  /** The welcome view shown in place of the tree. */
  get welcome(): Locator {
    return this.sidebar.locator('.welcome-view-content');
  }

  welcomeButton(title: string): Locator {
    return this.welcome.locator('.monaco-button', { hasText: new RegExp(`^${escapeRegExp(title)}$`) });
  }

  /** A link (not a button) in the welcome view. */
  welcomeLink(title: string): Locator {
    return this.welcome.locator('a:not(.monaco-button)', { hasText: new RegExp(`^${escapeRegExp(title)}$`) });
  }

  /** Text of the whole page as a user reads it (for checking that no secret is on screen). */
  async visibleText(): Promise<string> {
    return normalizeText(((await this.page.evaluate('document.body.innerText')) as string) ?? '');
  }

  /** Closes menus, dialogs and pickers left open by a failed step. */
  async dismissOverlays(): Promise<void> {
    for (let i = 0; i < 3; i++) await this.page.keyboard.press('Escape').catch(() => undefined);
  }
}
