// Read-only virtual documents of one URI scheme whose text lives only in this process's memory
// (kubeconfigs, a cluster's live objects): nothing reaches a file, and what VS Code closes is dropped.
import * as vscode from 'vscode';

export abstract class MemoryDocuments<T> implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly held = new Map<string, T>();
  private readonly changeEmitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changeEmitter.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly scheme: string) {
    this.disposables.push(
      this.changeEmitter,
      vscode.workspace.registerTextDocumentContentProvider(scheme, this),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (document.uri.scheme === scheme) this.held.delete(document.uri.toString());
      }),
    );
  }

  /** The text of a held value, or of one no longer held (its document outlived it). */
  protected abstract textOf(value: T | undefined): string;

  /** Holds a value under its URI; an open document of that URI is told its text changed. */
  protected keep(uri: vscode.Uri, value: T): void {
    const replaced = this.held.has(uri.toString());
    this.held.set(uri.toString(), value);
    if (replaced) this.changeEmitter.fire(uri);
  }

  /** The value behind a URI of this scheme, if it is still held. */
  protected find(value: unknown): T | undefined {
    return value instanceof vscode.Uri && value.scheme === this.scheme ? this.held.get(value.toString()) : undefined;
  }

  /** How many documents are held now (what closing them must bring back to 0). */
  get size(): number {
    return this.held.size;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.textOf(this.held.get(uri.toString()));
  }

  dispose(): void {
    this.held.clear();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
