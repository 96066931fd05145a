/**
 * A small, strict argument parser: `--name value` or `--name=value` for options that take a
 * value (the value may start with "-", e.g. `--bounds -1,1`), `--flag` for switches. Anything
 * unknown is an error naming it.
 */
export type OptionKinds = Record<string, 'value' | 'flag'>;

export interface ParsedArgs {
  values: Record<string, string>;
  flags: Set<string>;
}

export class UsageError extends Error {}

export function parseArgs(argv: string[], kinds: OptionKinds, command: string): ParsedArgs {
  const values: Record<string, string> = {};
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--'))
      throw new UsageError(`unexpected argument "${arg}" (options start with --; see keel ${command} --help)`);
    const equals = arg.indexOf('=');
    const name = arg.slice(2, equals > 0 ? equals : undefined);
    const kind = kinds[name];
    if (!kind) throw new UsageError(`unknown option --${name} (see keel ${command} --help)`);
    if (kind === 'flag') {
      if (equals > 0) throw new UsageError(`--${name} takes no value`);
      flags.add(name);
      continue;
    }
    let value: string | undefined;
    if (equals > 0) value = arg.slice(equals + 1);
    else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
    values[name] = value;
  }
  return { values, flags };
}

export function numberOption(values: Record<string, string>, name: string, fallback?: number): number | undefined {
  const text = values[name];
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new UsageError(`--${name} must be a number, not "${text}"`);
  return value;
}

export function choiceOption<T extends string>(
  values: Record<string, string>,
  name: string,
  choices: readonly T[],
  fallback: T
): T {
  const text = values[name];
  if (text === undefined) return fallback;
  if (!(choices as readonly string[]).includes(text)) {
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}; "${text}" is not`);
  }
  return text as T;
}
