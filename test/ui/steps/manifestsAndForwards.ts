// From the editor to the cluster, as a user does it: right-click a manifest in the Explorer → qbo →
// Apply to Cluster… → dev, and the result notification (the stand-in kubectl ran `apply -f FILE`
// with a private kubeconfig); then a port forward from a service's context menu shows under the
// service with Open in Browser, Copy URL and Stop inline and is counted in the status bar, and its
// Stop ends kubectl. The first step makes its own start: the qbo CLI profile alone (Switch Profile,
// whatever earlier steps left connected) and dev running (the base scenario stopped it).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { log, type Run, type Step } from '../context';
import { STEP_TIMEOUT_MS, until } from '../workbench';
import { processAlive } from '../../support/processes';

const MANIFEST = `apiVersion: v1
kind: ConfigMap
metadata:
  name: web-settings
  namespace: shop
data:
  greeting: hello
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  ports:
    - port: 80
`;

export function manifestAndForwardSteps(run: Run, needs: string[]): Step[] {
  const { wb } = run;
  const DEV_RUNNING =
    'Switch Profile… to the qbo CLI profile alone, and Start Cluster brings dev back to running (for the manifest and forward steps)';
  const notification = (text: RegExp) => wb.page.locator('.notifications-toasts .notification-toast', { hasText: text });

  return [
    {
      name: DEV_RUNNING,
      needs,
      async run() {
        await wb.openViewContainer('qbo');
        await wb.runCommandThatAsks('qbo: Switch Profile…');
        await wb.waitForQuickInputTitle(/^Switch qbo Profile$/);
        await wb.pickQuickItem(/^qbo CLI$/);
        const dev = wb.row('dev', 1);
        await dev.waitFor({ timeout: STEP_TIMEOUT_MS });
        // The state comes first in the description; an Activity note (the step before this one had
        // another client stop dev) may follow it after " · ".
        const state = (text: string): string | undefined => text.split(' · ')[0];
        if (state(await wb.descriptionOf(dev)) !== 'running') {
          await wb.openContextMenu(dev);
          await wb.chooseMenuItem('Start Cluster');
          await wb.waitForDescription(dev, (text) => state(text) === 'running', 'dev to be described as running');
        }
      },
    },
    {
      name: 'right-click a manifest in the Explorer → qbo → Apply to Cluster… → dev: kubectl apply runs and one notification says what it did',
      needs: [DEV_RUNNING],
      async run() {
        const file = path.join(run.tmp, 'workspace', 'web.yaml');
        fs.writeFileSync(file, MANIFEST);
        await wb.runCommand('View: Show Explorer');
        const row = wb.row('web.yaml');
        await until(async () => (await row.count()) === 1, 'web.yaml in the Explorer');
        await wb.openContextMenuOffering(row, 'qbo');
        const items = await wb.openSubmenu('qbo');
        for (const title of ['Apply to Cluster…', 'Diff with Cluster…', 'Delete from Cluster…'])
          if (!items.includes(title)) throw new Error(`the Explorer's qbo submenu has no "${title}" (it has: ${items.join(' | ')})`);
        await wb.page.waitForTimeout(400);
        await run.shot('manifest-menu', 'manifest-menu.png');
        const from = run.kubectl.records().length;
        await wb.chooseSubmenuItem('Apply to Cluster…');
        await wb.waitForQuickInputTitle(/^Apply web\.yaml to which cluster\?$/);
        const offered = await wb.quickPickLabels();
        // Only running clusters (dev was started again, ui-new runs); each once (one profile connected).
        if (!offered.includes('dev') || new Set(offered).size !== offered.length)
          throw new Error(`the cluster pick offers ${offered.join(' | ')}`);
        await wb.pickQuickItem(/^dev$/);
        const result = notification(/qbo: 3 created in dev\./);
        await result.waitFor({ timeout: STEP_TIMEOUT_MS });
        const record = await until(
          async () =>
            run.kubectl
              .records()
              .slice(from)
              .find((entry) => entry.argv[0] === 'apply'),
          'the stand-in kubectl to run apply',
        );
        if (JSON.stringify(record.argv) !== JSON.stringify(['apply', '-f', file]))
          throw new Error(`kubectl ran with ${record.argv.join(' ')}`);
        if (record.kubeconfig?.mode !== '600') throw new Error(`kubectl's KUBECONFIG was ${JSON.stringify(record.kubeconfig)}`);
        if (record.kubeconfigEnv && fs.existsSync(record.kubeconfigEnv)) throw new Error('the temporary kubeconfig is still there');
        log(`  kubectl ${record.argv.join(' ')}: ${await result.innerText()}`);
        // The progress toast fades out after its work is done: the picture shows the result alone.
        await until(async () => (await notification(/Applying web\.yaml to dev/).count()) === 0, 'the progress notification to go');
        await run.parkPointer();
        await run.shot('manifest-applied', 'manifest-applied.png');
        // Applying again from the same menu offers dev first now (the last one used in this workspace).
        await wb.openContextMenuOffering(row, 'qbo');
        await wb.openSubmenu('qbo');
        await wb.chooseSubmenuItem('Diff with Cluster…');
        await wb.waitForQuickInputTitle(/^Diff web\.yaml with which cluster\?$/);
        const again = await wb.quickPickLabels();
        if (again[0] !== 'dev') throw new Error(`the cluster pick offers ${again.join(' | ')}, not dev first`);
        await wb.page.keyboard.press('Enter');
        await notification(/qbo: no differences between web\.yaml and dev\./).waitFor({ timeout: STEP_TIMEOUT_MS });
        // Open in the editor, the manifest has the same actions in the editor's qbo submenu.
        await row.dblclick();
        const editor = wb.page.locator('.editor-instance .monaco-editor').first();
        await until(async () => (await editor.locator('.view-lines').innerText()).includes('web-settings'), 'web.yaml to open');
        await wb.openContextMenuOffering(editor.locator('.view-lines'), 'qbo');
        const inEditor = await wb.openSubmenu('qbo');
        if (!inEditor.includes('Apply to Cluster…') || !inEditor.includes('Delete from Cluster…'))
          throw new Error(`the editor's qbo submenu offers ${inEditor.join(' | ')}`);
        await wb.dismissOverlays();
        await wb.runCommand('View: Close Editor');
        await wb.openViewContainer('qbo');
      },
    },
    {
      name: 'Port Forward on a service: the running forward shows under it with Open in Browser, Copy URL and Stop, counted in the status bar; Stop ends it',
      needs: [DEV_RUNNING],
      async run() {
        await wb.expand(wb.row('dev', 1));
        const services = wb.row('Services', 2).first();
        await wb.expand(services);
        const service = wb.row('kubernetes', 3).first();
        await service.waitFor({ timeout: STEP_TIMEOUT_MS });
        const from = run.kubectl.records().length;
        await wb.openContextMenu(service);
        await wb.chooseMenuItem('Port Forward');
        await wb.waitForQuickInputTitle(/^Port Forward$/);
        const suggested = Number(await wb.quickInputBox.inputValue());
        if (!Number.isInteger(suggested) || suggested < 1024) throw new Error(`the suggested local port is "${suggested}"`);
        await wb.page.keyboard.press('Enter');
        const forward = wb.row(`localhost:${suggested} → 443`, 4);
        await forward.waitFor({ timeout: STEP_TIMEOUT_MS });
        await until(async () => (await service.getAttribute('aria-expanded')) === 'true', 'the service row to expand with its forward');
        const statusBar = wb.page.locator('.part.statusbar .statusbar-item', { has: wb.page.locator('.codicon-plug') });
        await until(async () => (await statusBar.innerText()).trim() === '1', 'the status bar to count one port forward');
        const record = await until(
          async () =>
            run.kubectl
              .records()
              .slice(from)
              .find((entry) => entry.argv[0] === 'port-forward'),
          'the stand-in kubectl to run port-forward',
        );
        const expected = ['port-forward', 'svc/kubernetes', `${suggested}:443`, '-n', 'default'];
        if (JSON.stringify(record.argv) !== JSON.stringify(expected)) throw new Error(`kubectl ran with ${record.argv.join(' ')}`);
        // For the README's picture: no toast left over from the manifest step.
        await wb.runCommand('Notifications: Clear All Notifications');
        await until(
          async () => (await wb.page.locator('.notification-toast >> visible=true').count()) === 0,
          'the notification toasts to go',
        );
        await forward.hover();
        const action = (title: string) => forward.locator(`.actions .action-label[aria-label^="${title}"]`);
        for (const title of ['Open in Browser', 'Copy URL', 'Stop Port Forward'])
          await action(title)
            .waitFor({ timeout: STEP_TIMEOUT_MS })
            .catch(() => {
              throw new Error(`the forward's row shows no inline "${title}"`);
            });
        await run.shot('port-forward', 'port-forward.png');
        await action('Stop Port Forward').click();
        await until(async () => (await forward.count()) === 0, 'the forward row to go');
        await until(async () => !(await statusBar.isVisible()), 'the status bar count to go');
        await until(async () => !processAlive(record.pid), 'kubectl port-forward to end');
        if (record.kubeconfigEnv && fs.existsSync(record.kubeconfigEnv)) throw new Error("the forward's kubeconfig is still there");
        log(`  kubectl ${record.argv.join(' ')} (pid ${record.pid}) stopped from its row`);
      },
    },
  ];
}
