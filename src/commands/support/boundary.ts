// The one error boundary every command runs inside: a failure is reported once (a log line naming
// the command and one error notification), a cancellation is not reported at all. No `vscode`
// import, so the decision is unit-tested; support/report.ts is the VS Code side.

/**
 * Stops a command without a result and without a report: the user dismissed a prompt, or has
 * already been told why there is nothing to do.
 */
export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

/** The value a prompt returned; Cancelled when it was dismissed (undefined). */
export function orCancel<T>(value: T | undefined): T {
  if (value === undefined) throw new Cancelled();
  return value;
}

/** A button offered next to "Show Output", e.g. "Sign In" when there is no session. */
export interface FollowUp {
  label: string;
  /** The command the button runs. */
  command: string;
}

/** A failure the user can act on: reported like any other, with a follow-up button. */
export class ActionableError extends Error {
  constructor(
    message: string,
    readonly followUp: FollowUp,
  ) {
    super(message);
    this.name = 'ActionableError';
  }
}

/** What the user and the log are told about one failed command. */
export interface FailureReport {
  commandId: string;
  /** The error's message: the notification's text, and the log line after the command id. */
  message: string;
  followUps: readonly FollowUp[];
}

export interface FailureReporter {
  report(failure: FailureReport): void;
}

/** What a command resolves to when it failed (and was reported); a cancelled one resolves to undefined. */
export const FAILED = false as const;

export function describeFailure(commandId: string, error: unknown): FailureReport {
  const message = error instanceof Error ? error.message || error.name : String(error);
  return { commandId, message, followUps: error instanceof ActionableError ? [error.followUp] : [] };
}

/** Runs a command inside the boundary: its result, FAILED after one report, or undefined when cancelled. Never throws. */
export async function runGuarded<T>(
  commandId: string,
  run: () => T | PromiseLike<T>,
  reporter: FailureReporter,
): Promise<T | typeof FAILED | undefined> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Cancelled) return undefined;
    reporter.report(describeFailure(commandId, error));
    return FAILED;
  }
}
