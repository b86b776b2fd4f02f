// The service-account workflow in the workbench: sign in with the user's temporary token (as the
// web console gives it; the token profile is connected beside the qbo CLI one, with the same
// clusters), Create Service Account… (it asks which of the two profiles, then the e-mail
// prefilled), switch to it, and the new profile alone shows the same clusters. Then back to the
// qbo CLI profile for the steps after it.
import * as fs from 'node:fs';
import { QboClient } from '../../../src/qbo/client';
import { cliConfigurationCommand } from '../../../src/qbo/commands';
import { QboConnection } from '../../../src/qbo/connection';
import { buildCookie, parseCliJson } from '../../../src/qbo/credentials';
import { log, type Run, type Step } from '../context';
import { STEP_TIMEOUT_MS, until } from '../workbench';

const TOKEN_PROFILE = 'ui-service-token';
const CLI_PROFILE = 'qbo CLI';

/** The user's temporary token (`get user -l`), asked on a socket of our own with the emulator's account. */
async function temporaryToken(cliJsonFile: string): Promise<{ token: string; host: string; port: number; user: string }> {
  const credentials = parseCliJson(fs.readFileSync(cliJsonFile, 'utf8'), cliJsonFile);
  const connection = new QboConnection({ host: credentials.host, port: credentials.port, cookie: () => buildCookie(credentials) });
  const client = new QboClient(connection, { requestTimeoutMs: 10_000 });
  try {
    let token: unknown;
    client.onMessage((message) => {
      for (const payload of message.payloads) if (payload.key === 'cli') token ??= payload.items[0]?.qbo_uid;
    });
    connection.connect();
    await until(() => Promise.resolve(connection.isOpen), 'a socket of our own to the emulator');
    await client.send(cliConfigurationCommand()).done;
    if (typeof token !== 'string') throw new Error('get user -l returned no temporary token');
    return { token, host: credentials.host, port: credentials.port, user: credentials.user ?? '' };
  } finally {
    client.dispose();
    connection.dispose();
  }
}

export function serviceAccountSteps(run: Run, needs: string[]): Step[] {
  const { wb } = run;
  const header = wb.page.locator('.pane-header', { hasText: /clusters/i }).first();
  /** The cluster rows as a user reads them (name and state): the roots, or those below one profile's row. */
  const clusterRows = async (profile?: string) =>
    (profile === undefined
      ? (await wb.treeRows()).filter((row) => row.level === 1)
      : (await wb.rowsUnder(profile)).filter((row) => row.level === 2)
    )
      .map((row) => `${row.label} ${row.description}`.trim())
      .sort();

  /** Types into the input box titled like `title` and presses Enter. */
  async function answer(title: RegExp, value: string): Promise<void> {
    await wb.waitForQuickInputTitle(title);
    await wb.quickInputBox.fill(value);
    await wb.page.keyboard.press('Enter');
  }

  return [
    {
      name: 'token sign-in (beside the qbo CLI profile) → Create Service Account… (which profile, e-mail prefilled) → switch: the new profile shows the same clusters',
      needs,
      async run() {
        const before = await clusterRows();
        if (before.length === 0) throw new Error('no cluster rows to compare with');
        const { token, host, port, user } = await temporaryToken(run.cliJson);
        run.addSecret(token);

        await wb.runCommandThatAsks('qbo: Sign In with Host, Port and Token…');
        await answer(/^qbo host$/, host);
        await answer(/^qbo port$/, String(port));
        await answer(/^Temporary token$/, token);
        await answer(/^Profile name$/, TOKEN_PROFILE);
        // Signing in adds the account: both profiles are rows, each listing the same account's clusters.
        await wb.waitForDescription(wb.row(TOKEN_PROFILE, 1), (text) => text.endsWith(' · connected'), 'the token profile to connect');
        // (An earlier step collapsed the qbo CLI profile's row; the tree may remember that.)
        await wb.expand(wb.row(CLI_PROFILE, 1));
        await until(
          async () =>
            JSON.stringify(await clusterRows(TOKEN_PROFILE)) === JSON.stringify(before) &&
            JSON.stringify(await clusterRows(CLI_PROFILE)) === JSON.stringify(before),
          `both profiles to list the same clusters (before: ${before.join(' | ')}; visible: ${(await wb.visibleRows()).join(' | ')})`,
        );

        // From the Command Palette with two profiles connected, the command asks which one first.
        await wb.runCommandThatAsks('qbo: Create Service Account…');
        await wb.waitForQuickInputTitle(/^Create Service Account$/);
        const profiles = await wb.quickPickLabels();
        if (JSON.stringify([...profiles].sort()) !== JSON.stringify([CLI_PROFILE, TOKEN_PROFILE].sort()))
          throw new Error(`the profile picker offers ${profiles.join(' | ')}`);
        await wb.pickQuickItem(new RegExp(`^${TOKEN_PROFILE}$`));
        await wb.waitForQuickInputTitle(/^Create Service Account: e-mail$/);
        const prefilled = await wb.quickInputBox.inputValue();
        if (prefilled !== user) throw new Error(`the e-mail box holds "${prefilled}", not the signed-in user ${user}`);
        await run.shot('service-account-email');
        await wb.page.keyboard.press('Enter');

        const profile = `${user} @ ${host} (service account)`;
        await wb.waitForQuickInputTitle(new RegExp(`stored as profile "${profile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`));
        const switchRow = wb.quickInput.locator('.quick-input-list .monaco-list-row', { hasText: 'Switch to' });
        await switchRow.waitFor({ timeout: STEP_TIMEOUT_MS });
        if ((await switchRow.getAttribute('aria-checked')) !== 'true') throw new Error('"Switch to" is not ticked by default');
        await run.parkPointer();
        await run.shot('service-account-next', 'service-account.png');
        await wb.page.keyboard.press('Enter');

        await until(
          async () => (await header.innerText()).includes('(service account)'),
          'the view header to name the service-account profile',
        );
        await until(
          async () => JSON.stringify(await clusterRows()) === JSON.stringify(before),
          `the same clusters under the new profile (before: ${before.join(' | ')}; now: ${(await clusterRows()).join(' | ')})`,
        );
        await run.parkPointer();
        await run.shot('service-account-switched');

        // Back to the qbo CLI profile, which the steps after this one expect.
        await wb.runCommandThatAsks('qbo: Switch Profile…');
        await wb.waitForQuickInputTitle(/^Switch qbo Profile$/);
        await wb.pickQuickItem(/^qbo CLI$/);
        await until(async () => /from ~\/\.qbo\/cli\.json/.test(await header.innerText()), 'the view header to name ~/.qbo/cli.json again');
        log(`  signed in with a token, created "${profile}" and switched to it`);
      },
    },
  ];
}
