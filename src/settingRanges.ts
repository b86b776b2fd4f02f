// The numeric settings and their ranges, as package.json declares them (a unit test compares the
// two). Any of them may come from a workspace's settings, and VS Code does not enforce `minimum`
// or `maximum`: a value of the wrong type or out of range is replaced by the default (one log
// line per value, see settings.ts). `"qbo.requestTimeoutSeconds": 1e10` overflowed setTimeout,
// which then fired after 1 ms and failed every command. Pure, unit-tested.

export interface NumericSetting {
  readonly default: number;
  readonly minimum: number;
  readonly maximum: number;
  /** Whole numbers only. */
  readonly integer: boolean;
}

export const NUMERIC_SETTINGS = {
  requestTimeoutSeconds: { default: 120, minimum: 5, maximum: 3600, integer: false },
  'addCluster.defaultNodeCount': { default: 3, minimum: 1, maximum: 100, integer: true },
  /** The conflict guard's window (0 turns it off); user settings only, like the other confirmations. */
  'confirm.recentActivityMinutes': { default: 5, minimum: 0, maximum: 1_440, integer: false },
  /** How long a qbo task waits in all: 5 s to a day. */
  'tasks.timeoutSeconds': { default: 600, minimum: 5, maximum: 86_400, integer: false },
} as const satisfies Record<string, NumericSetting>;

export type NumericSettingKey = keyof typeof NUMERIC_SETTINGS;

export interface CheckedNumber {
  /** The value to use: the setting's, or the default when it is not usable. */
  value: number;
  /** Why the setting's value was not used (a log line), when it was not. */
  problem?: string;
}

/** A short, printable rendering of a setting's value for the log line. */
function describe(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/** `value` if it is a number of the setting's kind within its range, else the default and why. */
export function checkNumber(key: NumericSettingKey, value: unknown): CheckedNumber {
  const setting: NumericSetting = NUMERIC_SETTINGS[key];
  if (value === undefined || value === null) return { value: setting.default };
  const usable =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!setting.integer || Number.isInteger(value)) &&
    value >= setting.minimum &&
    value <= setting.maximum;
  if (usable) return { value };
  const kind = setting.integer ? 'a whole number' : 'a number';
  return {
    value: setting.default,
    problem: `setting qbo.${key} is ${describe(value)}, not ${kind} from ${setting.minimum} to ${setting.maximum}: using ${setting.default}`,
  };
}

/** Reads numeric settings through checkNumber, reporting each unusable value once (not on every read). */
export class NumericSettingReader {
  /** `key\0value` of every unusable value reported. */
  private readonly reported = new Set<string>();

  constructor(private report: (message: string) => void = () => undefined) {}

  /** Where later problems go (the output channel, once the extension has one). */
  reportTo(report: (message: string) => void): void {
    this.report = report;
  }

  read(key: NumericSettingKey, raw: unknown): number {
    const checked = checkNumber(key, raw);
    if (checked.problem === undefined) return checked.value;
    const id = `${key}\u0000${typeof raw}\u0000${describe(raw)}`;
    if (!this.reported.has(id)) {
      this.reported.add(id);
      this.report(checked.problem);
    }
    return checked.value;
  }
}
