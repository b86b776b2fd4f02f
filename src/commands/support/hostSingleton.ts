// One instance per extension host of a provider that VS Code owns by scheme (the kubeconfig and
// live-object documents): activate() registers it so it is disposed with the extension, and a
// command that runs first (a test, a late event) makes it on demand instead of failing.
import * as vscode from 'vscode';

export interface HostSingleton<T> {
  /** Makes the instance; disposing the result disposes it. */
  register(): vscode.Disposable;
  /** The registered instance, or a new one when none is. */
  get(): T;
}

export function hostSingleton<T extends vscode.Disposable>(make: () => T): HostSingleton<T> {
  let instance: T | undefined;
  return {
    register() {
      const registered = make();
      instance = registered;
      return new vscode.Disposable(() => {
        registered.dispose();
        if (instance === registered) instance = undefined;
      });
    },
    get() {
      instance ??= make();
      return instance;
    },
  };
}
