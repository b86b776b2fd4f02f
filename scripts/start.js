// npm start: build, start the emulator, and open VS Code with the extension connected to it.
// Desktop VS Code (`code` on PATH) gets a fresh window; otherwise code-server serves the
// workbench at a printed URL. Ctrl+C stops everything.
//
//   npm start                  # emulator on 9601 (or a free port), VS Code or code-server
//   npm start -- --port 8080   # code-server port (default: a free one)
//   npm start -- --no-open     # start the emulator and code-server, print the URL, open nothing
const { execFileSync, spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const STATE = path.join(ROOT, '.cache', 'start');
const CODE_SERVER = path.join(ROOT, '.cache', 'code-server', 'package', 'out', 'node', 'entry.js');
const args = process.argv.slice(2);
const flag = (name) => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};
const children = [];

function stopAll(code = 0) {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 300).unref();
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

function portFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function startEmulator(port, cliJson) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(ROOT, 'dist', 'emulator.js'), '--port', String(port), '--write-cli-json', cliJson, '--speed', '1'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(child);
    let seen = '';
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const match = /qbo emulator listening on (\S+)/.exec(seen);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`the emulator exited with code ${code}`)));
  });
}

async function waitForHealthy(host, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise((resolve) => {
      http
        .get(`http://${host}/healthz`, (response) => {
          response.resume();
          resolve(response.statusCode === 200);
        })
        .on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`code-server did not come up on ${host}`);
}

function onPath(command) {
  return spawnSync(process.platform === 'win32' ? 'where' : 'which', [command], { stdio: 'ignore' }).status === 0;
}

async function main() {
  console.log('Building…');
  execFileSync(process.execPath, [path.join(ROOT, 'esbuild.js'), '--quiet'], { cwd: ROOT, stdio: 'inherit' });
  fs.mkdirSync(STATE, { recursive: true });
  const cliJson = path.join(STATE, 'cli.json');
  const emulatorUrl = await startEmulator((await portFree(9601)) ? 9601 : 0, cliJson);
  console.log(`qbo emulator: ${emulatorUrl} (account in ${path.relative(ROOT, cliJson)})`);

  // The extension reads the QBO_* environment like the qbo CLI does: zero set-up.
  const cli = JSON.parse(fs.readFileSync(cliJson, 'utf8'));
  const env = {
    ...process.env,
    QBO_UID: JSON.stringify(cli.qbo_uid),
    QBO_AUX: cli.qbo_aux,
    QBO_HOST: cli.qbo_host,
    QBO_PORT: String(cli.qbo_port),
  };
  const workspace = path.join(STATE, 'workspace');
  fs.mkdirSync(workspace, { recursive: true });

  if (onPath('code') && !args.includes('--code-server') && !args.includes('--no-open')) {
    console.log('Opening VS Code with the extension (a separate profile under .cache/start)…');
    const code = spawn(
      'code',
      ['--new-window', '--user-data-dir', path.join(STATE, 'vscode-user'), '--extensionDevelopmentPath', ROOT, workspace],
      { env, stdio: 'inherit' },
    );
    children.push(code);
  } else {
    if (!fs.existsSync(CODE_SERVER)) {
      console.log('code-server is not installed yet; installing it (bash .ci/setup-code-server.sh)…');
      execFileSync('bash', [path.join(ROOT, '.ci', 'setup-code-server.sh')], { stdio: 'inherit' });
    }
    const port = Number(flag('--port') ?? (await freePort()));
    const host = `127.0.0.1:${port}`;
    const userData = path.join(STATE, 'code-server-user');
    fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
    const settings = path.join(userData, 'User', 'settings.json');
    if (!fs.existsSync(settings))
      fs.writeFileSync(
        settings,
        JSON.stringify(
          {
            'workbench.startupEditor': 'none',
            'security.workspace.trust.enabled': false,
            'telemetry.telemetryLevel': 'off',
            'git.openRepositoryInParentFolders': 'never',
          },
          null,
          2,
        ),
      );
    const server = spawn(
      process.execPath,
      [
        CODE_SERVER,
        '--auth',
        'none',
        '--bind-addr',
        host,
        '--user-data-dir',
        userData,
        '--extensions-dir',
        path.join(STATE, 'code-server-extensions'),
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        workspace,
      ],
      {
        env: { ...env, XDG_CONFIG_HOME: path.join(STATE, 'xdg'), XDG_DATA_HOME: path.join(STATE, 'xdg') },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    children.push(server);
    await waitForHealthy(host, 60_000);
    const payload = JSON.stringify([['extensionDevelopmentPath', `vscode-remote://${host}${ROOT}`]]);
    const url = `http://${host}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`;
    console.log(
      `\nqbo Explorer is running in code-server. Open this URL in a browser, then click the qbo icon:\n\n  ${url}\n\nCtrl+C stops the emulator and code-server.`,
    );
  }
}

main().catch((error) => {
  console.error(error.message);
  stopAll(1);
});
