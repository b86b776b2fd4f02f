// Scripts run in the workbench page (as strings: the project compiles without DOM typings). The
// probe watches the sidebar with a MutationObserver and stamps, on the page's wall clock
// (performance.timeOrigin + performance.now(), the same machine clock the emulator uses), the
// first time each thing a user sees appears, and every change of a tree row's text.

/**
 * Installs window.__benchProbe; `rowPattern` matches the label of the rows being waited for (first
 * seen: `first.rows`); each of `namedRows` marks `first[name]` when a row its pattern matches shows.
 */
export function installProbeScript(rowPattern: string, namedRows: Record<string, string> = {}): string {
  return `(() => {
  const now = () => performance.timeOrigin + performance.now();
  const rowPattern = new RegExp(${JSON.stringify(rowPattern)});
  const named = Object.entries(${JSON.stringify(namedRows)}).map(([name, pattern]) => [name, new RegExp(pattern)]);
  const probe = { pointerDown: undefined, first: {}, changes: [], lastText: new Map() };
  window.__benchProbe = probe;
  const mark = (name) => { if (!(name in probe.first)) probe.first[name] = now(); };
  document.addEventListener('pointerdown', () => { if (probe.pointerDown === undefined) probe.pointerDown = now(); }, true);
  const scan = () => {
    const sidebar = document.querySelector('.part.sidebar');
    if (!sidebar) return;
    const at = now();
    if (sidebar.querySelector('.pane-header')) mark('view');
    const welcome = sidebar.querySelector('.welcome-view-content');
    if (welcome && welcome.offsetParent !== null && /sign in/i.test(welcome.textContent || '')) mark('welcome');
    const message = sidebar.querySelector('.pane-body .message');
    if (message && /connecting/i.test(message.textContent || '')) mark('connecting');
    for (const row of sidebar.querySelectorAll('.monaco-list-row[role="treeitem"]')) {
      const name = (row.querySelector('.label-name')?.textContent || '').trim();
      const description = (row.querySelector('.label-description')?.textContent || '').trim();
      if (/connecting|loading/i.test(name)) mark('connecting');
      if (rowPattern.test(name)) mark('rows');
      for (const [key, pattern] of named) if (pattern.test(name)) mark(key);
      const text = name + '|' + description;
      if (probe.lastText.get(name) !== text) {
        probe.lastText.set(name, text);
        probe.changes.push({ name, description, at });
      }
    }
  };
  new MutationObserver(scan).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  scan();
})()`;
}

export interface ProbeFirsts {
  pointerDown?: number;
  first: Record<string, number>;
}

export const READ_FIRSTS = `(() => { const p = window.__benchProbe; return { pointerDown: p.pointerDown, first: p.first }; })()`;

/** Row text changes since index `from`: [{ name, description, at }]. */
export function readChangesScript(from: number): string {
  return `window.__benchProbe.changes.slice(${from})`;
}

export const CHANGE_COUNT = `window.__benchProbe.changes.length`;
