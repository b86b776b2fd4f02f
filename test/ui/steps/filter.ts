// The tree filter: hide kube-system from the view title, see its pods go and the view's
// description say so, then clear it with one click.
import type { Run, Step } from '../context';
import { STEP_TIMEOUT_MS, until } from '../workbench';

export const FILTER_HIDES_KUBE_SYSTEM =
  'Filter → hide kube-system: its pods go away and the view says "filtered", Clear Filter brings them back';

export function filterSteps(run: Run): Step[] {
  const { wb } = run;
  const header = () => wb.page.locator('.pane-header', { hasText: /clusters/i }).first();
  const titleAction = (title: string) => wb.page.locator(`.part.sidebar .action-label[aria-label^="${title}"] >> visible=true`).first();
  /** Descriptions of the pod rows under the expanded node, read at once (rows come and go). */
  const podDescriptions = async (): Promise<string[]> =>
    wb.sidebar.locator('.monaco-list-row[role="treeitem"][aria-level="4"] .label-description').allTextContents();
  return [
    {
      name: FILTER_HIDES_KUBE_SYSTEM,
      needs: ['Add Cluster (view title +) asks name, image from get images, node count, and the new cluster starts'],
      async run() {
        // Only ui-new open: collapse dev (expanded by an earlier step) so rows are ui-new's.
        const dev = wb.row('dev', 1);
        if ((await dev.getAttribute('aria-expanded')) === 'true') {
          await dev.click();
          await until(async () => (await dev.getAttribute('aria-expanded')) === 'false', 'dev to collapse');
        }
        await wb.expand(wb.row('ui-new', 1));
        await wb.expand(wb.row('Nodes', 2));
        // The worker runs coredns, kube-proxy and kindnet (kube-system) and local-path-provisioner.
        await wb.expand(wb.row(/^worker-/, 3).first());
        await until(
          async () => (await podDescriptions()).some((description) => description.includes('kube-system')),
          "ui-new's worker to show kube-system pods",
        );
        const provisioner = wb.row(/^local-path-provisioner-/, 4);
        await provisioner.first().waitFor({ timeout: STEP_TIMEOUT_MS });
        if (/filtered/.test(await header().innerText())) throw new Error('the view says "filtered" before any filter');

        await wb.row('ui-new', 1).hover();
        await titleAction('Filter…').click();
        const widget = wb.page.locator('.quick-input-widget');
        const choice = widget.locator('.quick-input-list .monaco-list-row', { hasText: 'Hide kube-system pods and services' });
        await choice.waitFor({ timeout: STEP_TIMEOUT_MS });
        await choice.click();
        await until(async () => (await choice.getAttribute('aria-checked')) === 'true', 'the choice to be checked');
        await wb.page.keyboard.press('Enter');
        await widget.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT_MS });

        await until(
          async () => !(await podDescriptions()).some((description) => description.includes('kube-system')),
          `the kube-system pods to go away (pods: ${(await podDescriptions()).join(' | ')})`,
        );
        if ((await provisioner.count()) !== 1) throw new Error('local-path-provisioner (namespace local-path-storage) went away too');
        await until(
          async () => /filtered: no kube-system/.test(await header().innerText()),
          `the view description to say "filtered: no kube-system" (header: ${await header().innerText()})`,
        );
        // The header (and so the description) is hidden while the view is alone in its container:
        // the message above the tree says it where the user looks.
        await until(
          async () => wb.sidebar.locator('.message', { hasText: 'Filtered: no kube-system.' }).isVisible(),
          'the message above the tree to say "Filtered: no kube-system."',
        );
        await run.parkPointer();
        await run.shot('filter', 'filter.png');

        // One click clears it: the button shows only while filtered.
        await wb.row('ui-new', 1).hover();
        await titleAction('Clear Filter').click();
        await until(
          async () => (await podDescriptions()).some((description) => description.includes('kube-system')),
          'the kube-system pods to come back',
        );
        await until(async () => !/filtered/.test(await header().innerText()), 'the view description to drop "filtered"');
        await until(
          async () =>
            (await wb.sidebar.locator('.message', { hasText: 'Filtered:' }).count()) === 0 ||
            !(await wb.sidebar.locator('.message', { hasText: 'Filtered:' }).first().isVisible()),
          'the filter message to go away',
        );
        await wb.row('ui-new', 1).hover();
        await until(async () => (await titleAction('Clear Filter').count()) === 0, 'the Clear Filter button to go away');
        await wb
          .row(/^worker-/, 3)
          .first()
          .click();
      },
    },
  ];
}
