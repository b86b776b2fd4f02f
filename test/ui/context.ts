// What every UI step shares: the run (workbench, screenshots, the secrets that must never show),
// the step shape, and the log. Steps live in run.ts (the base scenario) and in steps/ (one file per
// topic), so that a new feature's steps do not edit the base scenario.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { dialectFromArgs } from '../support/dialects';
import { ROOT } from '../support/processes';
import type { StandInKubectl } from '../support/standInKubectl';
import type { Workbench } from './workbench';

// The base scenario takes ~1 min and the feature steps ~2 more on an idle machine; 8 min leaves room for a loaded one.
export const HARD_TIMEOUT_MS = Number(process.env.QBO_UI_TIMEOUT_MS ?? 480_000);
export const EMULATOR_SPEED = process.env.QBO_UI_SPEED ?? '0.3';
/** The server dialect of this run (`--dialect`, test/support/dialects.ts). */
export const DIALECT = dialectFromArgs();
export const RESULTS_DIR = path.join(ROOT, 'test-results', DIALECT.name === 'lifecycle' ? 'ui' : `ui-${DIALECT.name}`);
export const DOCS_IMAGES_DIR = path.join(ROOT, 'docs', 'images');
/** The documentation's screenshots come from the default dialect only. */
export const UPDATE_SCREENSHOTS = process.env.QBO_UPDATE_SCREENSHOTS === '1' && DIALECT.name === 'lifecycle';
export const VIEWPORT = { width: 1280, height: 800 };

/** User settings: deletes keep their real modal confirmation (the point is clicking through it). */
export const UI_SETTINGS = {
  'qbo.confirm.delete': true,
  'qbo.revealOutputOnError': false,
};

/** Console noise of code-server itself, not of the extension: no vsda in the OSS build, no marketplace offline. */
export function harmlessConsoleError(text: string, url: string): boolean {
  if (/\/node_modules\/vsda\//.test(url)) return true;
  return /open-vsx\.org/.test(url) || /ENOTFOUND open-vsx\.org/.test(text);
}

export interface Step {
  name: string;
  /** Steps that must have passed for this one to make sense. */
  needs: string[];
  run(): Promise<void>;
}

export type Outcome = 'passed' | 'failed' | 'skipped';

export const started = Date.now();
export const log = (message: string): void => console.log(`[ui +${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);
export const noteClicks = (title: string, clicks: number): void => {
  if (clicks > 1) log(`  "${title}" took ${clicks} clicks (the menu ignores clicks in its first 100 ms)`);
};

/** The strings of a cli.json that must never be on screen (its secret and key). */
export function secretsOf(cliJsonFile: string): string[] {
  const cli = JSON.parse(fs.readFileSync(cliJsonFile, 'utf8')) as { qbo_aux?: unknown; qbo_uid?: unknown };
  const secrets: string[] = [];
  if (typeof cli.qbo_aux === 'string') secrets.push(cli.qbo_aux);
  if (typeof cli.qbo_uid === 'string') secrets.push(cli.qbo_uid);
  else if (cli.qbo_uid && typeof cli.qbo_uid === 'object') {
    for (const value of Object.values(cli.qbo_uid as Record<string, unknown>))
      if (typeof value === 'string' && value.length >= 16) secrets.push(value);
  }
  return secrets;
}

export class Run {
  private shotIndex = 0;
  /** docs/images/<name> ← test-results/ui/<file>, copied only if the whole run passes. */
  readonly docsImages = new Map<string, string>();
  readonly consoleErrors: string[] = [];
  /** Run when the suite ends, whatever happened (e.g. stopping a process a step started). */
  readonly cleanups: (() => Promise<void>)[] = [];

  constructor(
    readonly wb: Workbench,
    /** Strings that must never be visible (the account's secret and key). */
    private readonly secrets: string[],
    /** The emulator account's cli.json: feature steps check the emulator's own state with it. */
    readonly cliJson: string,
    /** The recording stand-in kubectl first on code-server's PATH. */
    readonly kubectl: StandInKubectl,
    /** Scratch directory of this run (removed at the end). */
    readonly tmp: string,
    /** code-server's user data (the extension's global storage lies below it). */
    readonly userDataDir: string,
  ) {}

  get page(): Page {
    return this.wb.page;
  }

  /** Fails if a secret is visible, then saves a screenshot (and remembers it for docs/images). */
  async shot(name: string, docsName?: string): Promise<void> {
    await this.assertNoSecretVisible(name);
    const file = path.join(RESULTS_DIR, `${String(++this.shotIndex).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path: file });
    if (docsName) this.docsImages.set(docsName, file);
  }

  /** One more string that must never be visible (e.g. a token a step obtained from the emulator). */
  addSecret(secret: string): void {
    this.secrets.push(secret);
  }

  async assertNoSecretVisible(where: string): Promise<void> {
    const text = await this.wb.visibleText();
    const leaked = this.secrets.filter((secret) => text.includes(secret));
    if (leaked.length > 0) throw new Error(`a secret of cli.json is visible on screen (${where})`);
  }

  /** Moves the pointer off the tree so no hover tooltip covers a screenshot (and lets one already shown fade). */
  async parkPointer(): Promise<void> {
    await this.page.mouse.move(VIEWPORT.width - 20, VIEWPORT.height / 2);
    // A tooltip that appeared under the pointer (e.g. where a menu item was clicked) hides a moment
    // after the pointer left; the screenshot is taken anyway should it linger.
    await this.page
      .locator('.monaco-hover >> visible=true')
      .first()
      .waitFor({ state: 'hidden', timeout: 3000 })
      .catch(() => undefined);
  }
}
