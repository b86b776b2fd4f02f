// Extracts every `vscode.l10n.t('…')` message of src/ into l10n/bundle.l10n.json, the source
// bundle translators copy to bundle.l10n.LANG.json. `node scripts/l10n.js --check` fails when
// the committed bundle is out of date (the unit tests run that check too).
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const BUNDLE = path.join(ROOT, 'l10n', 'bundle.l10n.json');
// `vscode.l10n.t('…')`, and `t('…')` in pure modules that receive the translator as `t`.
const CALL = /\b(?:l10n\.)?t\(\s*'((?:[^'\\]|\\.)*)'/g;

function sources(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sources(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

function unescapeLiteral(text) {
  return text.replace(/\\(.)/g, (_match, char) => (char === 'n' ? '\n' : char));
}

function extract() {
  const messages = new Set();
  for (const file of sources(path.join(ROOT, 'src'))) {
    for (const match of fs.readFileSync(file, 'utf8').matchAll(CALL)) messages.add(unescapeLiteral(match[1]));
  }
  return Object.fromEntries([...messages].sort().map((message) => [message, message]));
}

function render(bundle) {
  return `${JSON.stringify(bundle, null, 2)}\n`;
}

module.exports = { extract, render, BUNDLE };

if (require.main === module) {
  const text = render(extract());
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(BUNDLE) ? fs.readFileSync(BUNDLE, 'utf8') : '';
    if (current !== text) {
      console.error('l10n/bundle.l10n.json is out of date: run npm run l10n');
      process.exit(1);
    }
  } else {
    fs.mkdirSync(path.dirname(BUNDLE), { recursive: true });
    fs.writeFileSync(BUNDLE, text);
    console.log(`${Object.keys(JSON.parse(text)).length} messages → ${path.relative(ROOT, BUNDLE)}`);
  }
}
