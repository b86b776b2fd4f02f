// Node built-ins the extension uses only after activation, required on first use rather than when
// the bundle loads (esbuild would hoist an `import` to the top). A fresh process pays ~6 ms for
// net and crypto alone; VS Code's extension host has most of them loaded already, so this is about
// not paying twice, not a behaviour change (docs/DECISIONS.md, "What activation … may cost").
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as ChildProcess from 'node:child_process';
import type * as Crypto from 'node:crypto';
import type * as Net from 'node:net';
import type * as Tls from 'node:tls';

export function nodeNet(): typeof Net {
  return require('node:net') as typeof Net;
}

export function nodeCrypto(): typeof Crypto {
  return require('node:crypto') as typeof Crypto;
}

export function nodeTls(): typeof Tls {
  return require('node:tls') as typeof Tls;
}

export function nodeChildProcess(): typeof ChildProcess {
  return require('node:child_process') as typeof ChildProcess;
}
