// Every command is registered here and only here, inside the one error boundary
// (support/boundary.ts): a failure is reported once, a cancellation not at all, nothing escapes.
import * as vscode from 'vscode';
import { runGuarded } from './support/boundary';
import { failureReporter } from './support/report';
import type { CommandContext, QboCommand } from './types';

export function registerCommands(commands: readonly QboCommand[], context: CommandContext): vscode.Disposable[] {
  const reporter = failureReporter(context.output);
  return commands.map((command) =>
    vscode.commands.registerCommand(command.id, (...args: unknown[]) =>
      runGuarded(command.id, () => command.run(context, ...args), reporter),
    ),
  );
}
