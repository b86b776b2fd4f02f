// How a failed command is shown (the VS Code side of support/boundary.ts): one log line naming
// the command, one error notification with "Show Output" and any follow-up button.
import * as vscode from 'vscode';
import { redact } from '../../qbo/redact';
import { readSettings } from '../../settings';
import type { OutputLog } from '../../ui/output';
import { runGuarded, type FAILED, type FailureReporter } from './boundary';
import { showError } from '../../ui/notifications';

export function failureReporter(output: OutputLog): FailureReporter {
  return {
    report({ commandId, message, followUps }) {
      output.error(`${commandId}: ${message}`);
      // The one place that decides whether a failure opens the output panel.
      if (readSettings().revealOutputOnError) output.show();
      const showOutput = vscode.l10n.t('Show Output');
      const labels = [...followUps.map((followUp) => followUp.label), showOutput];
      // showError makes the text safe to show (no command links, no icons: src/ui/safeText.ts).
      void showError(redact(message, output.secrets), ...labels).then((choice) => {
        if (choice === showOutput) return output.show();
        const followUp = followUps.find((candidate) => candidate.label === choice);
        if (followUp) void vscode.commands.executeCommand(followUp.command);
      });
    },
  };
}

/**
 * Runs work that is not a command invocation (e.g. a button clicked after a command returned, or
 * a request from the Kubernetes extension) inside the same boundary, reported under `origin`.
 */
export function runReported<T>(output: OutputLog, origin: string, work: () => T | PromiseLike<T>): Promise<T | typeof FAILED | undefined> {
  return runGuarded(origin, work, failureReporter(output));
}
