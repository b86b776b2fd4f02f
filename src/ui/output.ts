// The "qbo" log output channel. It never takes focus on its own: only when the user asks, or,
// if the setting allows, when a command they ran fails. Every line is redacted first.
import * as vscode from 'vscode';
import { redact } from '../qbo/redact';
import type { Logger } from '../session/session';

export class OutputLog implements Logger, vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;
  /** Secrets known at this moment (the active credentials), removed from every line. */
  secrets: string[] = [];

  constructor(name = 'qbo') {
    this.channel = vscode.window.createOutputChannel(name, { log: true });
  }

  trace(message: string): void {
    this.channel.trace(this.clean(message));
  }
  info(message: string): void {
    this.channel.info(this.clean(message));
  }
  warn(message: string): void {
    this.channel.warn(this.clean(message));
  }
  error(message: string): void {
    this.channel.error(this.clean(message));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }

  private clean(message: string): string {
    return redact(message, this.secrets);
  }
}
