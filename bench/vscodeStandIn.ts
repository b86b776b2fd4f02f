// A stand-in for the `vscode` module, enough for activate() to run in plain Node: real
// EventEmitter, Disposable, Uri and l10n.t; every other member is an inert object that accepts
// any call, property read or `new`. Nothing here performs I/O, so what a process spends beyond
// loading this module is the bundle's own load and activate() cost.

import * as fs from 'node:fs';

type Listener = (value: unknown) => void;

/**
 * Every top-level name of the real API (from @types/vscode): the bundle's CommonJS interop copies
 * the module's own keys once at load, so each name must exist up front, not on first access.
 */
function apiNames(): string[] {
  const typings = fs.readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
  return [...typings.matchAll(/^\s{1,4}export (?:class|enum|namespace|const|let|function) ([A-Za-z]+)/gm)].map(
    (match) => match[1] as string,
  );
}

/** Any call, read or construction returns another inert value; it is not a thenable. */
function inert(name: string): unknown {
  const cache = new Map<PropertyKey, unknown>();
  const target = function inertFunction(): void {} as unknown as object;
  return new Proxy(target, {
    get(_target, key) {
      if (key === 'then') return undefined;
      if (key === Symbol.toPrimitive) return () => `[stand-in ${name}]`;
      if (key === 'toString') return () => `[stand-in ${name}]`;
      if (key === 'visible' || key === 'selection' || key === 'length') return key === 'selection' ? [] : key === 'length' ? 0 : false;
      if (!cache.has(key)) cache.set(key, inert(`${name}.${String(key)}`));
      return cache.get(key);
    },
    set(_target, key, value) {
      cache.set(key, value);
      return true;
    },
    apply: () => inert(`${name}()`),
    construct: () => inert(`new ${name}`) as object,
  });
}

class EventEmitter {
  private listeners: Listener[] = [];
  readonly event = (listener: Listener): { dispose(): void } => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((other) => other !== listener)) };
  };
  fire(value?: unknown): void {
    for (const listener of [...this.listeners]) listener(value);
  }
  dispose(): void {
    this.listeners = [];
  }
}

class Disposable {
  constructor(private readonly callOnDispose: () => void) {}
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((item) => item.dispose()));
  }
  dispose(): void {
    this.callOnDispose();
  }
}

class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
  ) {}
  get fsPath(): string {
    return this.path;
  }
  static file(path: string): Uri {
    return new Uri('file', path);
  }
  static parse(text: string): Uri {
    const colon = text.indexOf(':');
    return new Uri(text.slice(0, colon), text.slice(colon + 1));
  }
  static from(parts: { scheme: string; path?: string }): Uri {
    return new Uri(parts.scheme, parts.path ?? '');
  }
  static joinPath(base: Uri, ...segments: string[]): Uri {
    return new Uri(base.scheme, [base.path, ...segments].join('/'));
  }
  with(change: { path?: string }): Uri {
    return new Uri(this.scheme, change.path ?? this.path);
  }
  toString(): string {
    return `${this.scheme}:${this.path}`;
  }
}

const format = (message: string, ...args: unknown[]): string => message.replace(/\{(\d+)\}/g, (_m, i: string) => String(args[Number(i)]));
const l10n = {
  t: (message: string | { message: string; args?: unknown[] }, ...args: unknown[]): string =>
    typeof message === 'string' ? format(message, ...args) : format(message.message, ...(message.args ?? [])),
};

const configuration = {
  get: (_key: string, fallback?: unknown): unknown => fallback,
  inspect: (): undefined => undefined,
  has: (): boolean => false,
  update: async (): Promise<void> => undefined,
};

const explicit: Record<string, unknown> = {
  EventEmitter,
  Disposable,
  Uri,
  l10n,
  workspace: new Proxy(
    {
      getConfiguration: () => configuration,
      onDidChangeConfiguration: () => new Disposable(() => undefined),
      textDocuments: [],
      workspaceFolders: undefined,
    },
    { get: (target, key) => (key in target ? target[key as keyof typeof target] : standIn(`workspace.${String(key)}`)) },
  ),
};

const standIns = new Map<string, unknown>();
function standIn(name: string): unknown {
  if (!standIns.has(name)) standIns.set(name, inert(name));
  return standIns.get(name);
}

/** The module object `require('vscode')` returns. */
export const vscodeStandIn: Record<string, unknown> = {
  ...Object.fromEntries(apiNames().map((name) => [name, standIn(name)])),
  ...explicit,
};

/** An ExtensionContext with in-memory state and secrets. */
export function standInContext(storage: string): Record<string, unknown> {
  const memento = (): Record<string, unknown> => {
    const values = new Map<string, unknown>();
    return {
      get: (key: string, fallback?: unknown) => (values.has(key) ? values.get(key) : fallback),
      update: async (key: string, value: unknown) => void values.set(key, value),
      keys: () => [...values.keys()],
    };
  };
  const secrets = new Map<string, string>();
  const secretChange = new EventEmitter();
  return {
    subscriptions: [] as { dispose(): void }[],
    extensionPath: storage,
    extensionUri: Uri.file(storage),
    globalStorageUri: Uri.file(`${storage}/global`),
    storageUri: Uri.file(`${storage}/workspace`),
    logUri: Uri.file(`${storage}/log`),
    extensionMode: 1,
    globalState: { ...memento(), setKeysForSync: () => undefined },
    workspaceState: memento(),
    secrets: {
      get: async (key: string) => secrets.get(key),
      store: async (key: string, value: string) => void secrets.set(key, value),
      delete: async (key: string) => void secrets.delete(key),
      onDidChange: secretChange.event,
    },
    environmentVariableCollection: inert('environmentVariableCollection'),
    asAbsolutePath: (relative: string) => `${storage}/${relative}`,
  };
}
