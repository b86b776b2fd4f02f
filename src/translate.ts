// Message formatting for pure modules: the extension passes `vscode.l10n.t`; tests and Node
// callers get plain `{0}` substitution. Messages written as `t('…')` are extracted into the
// l10n bundle by scripts/l10n.js, like `vscode.l10n.t('…')`.
export type Translate = (message: string, ...args: (string | number)[]) => string;

export const untranslated: Translate = (message, ...args) =>
  // Most messages have no placeholder: skip the regex (presentation runs for every tree row).
  args.length === 0 ? message : message.replace(/\{(\d+)\}/g, (_match, index: string) => String(args[Number(index)] ?? ''));
