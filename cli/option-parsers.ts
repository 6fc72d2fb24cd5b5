// Parsers for option values: a bad value is a usage error (exit 2) naming the flag and what it expects.
import { InvalidArgumentError, type Command } from 'commander';

export function nonNegativeInt(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`expected a whole number >= 0, got '${value}'`);
  return Number(value);
}

export function positiveInt(value: string): number {
  const n = nonNegativeInt(value);
  if (n === 0) throw new InvalidArgumentError(`expected a whole number >= 1, got '${value}'`);
  return n;
}

/** A fraction from 0 to 1 (`0.05`, `1`). */
export function fraction(value: string): number {
  const n = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError(`expected a fraction from 0 to 1 (0.05 is 5%), got '${value}'`);
  return n;
}

/** Repeatable `--input name=path`: each value adds a path (a file, folder or glob) to the named input. */
export function inputBinding(value: string, previous: Record<string, string[]> = {}): Record<string, string[]> {
  const eq = value.indexOf('=');
  if (eq <= 0 || eq === value.length - 1) throw new InvalidArgumentError(`expected name=path, got '${value}'`);
  const name = value.slice(0, eq);
  return { ...previous, [name]: [...(previous[name] ?? []), value.slice(eq + 1)] };
}

/** Repeatable `--param name=value`: collects into a record (the value may be empty), later values win. */
export function paramBinding(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`expected name=value, got '${value}'`);
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

/** The options of a local run that every job run of a command takes: reject policy and batch size. */
export function localRunOptions(command: Command): Command {
  return command
    .option('--max-rejects <n>', 'fail (exit 1) when more than n lines of an input are rejected', nonNegativeInt)
    .option('--max-reject-rate <fraction>', 'fail (exit 1) when a larger fraction of an input is rejected (default 0.1; 1: never)', fraction)
    .option('--batch-size <n>', 'rows per Arrow record batch', positiveInt);
}

/** The URL with its password hidden, for messages. */
export function shownUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*:)[^@]*@/, '$1***@');
}

/** `--warehouse`: a postgres:// or postgresql:// URL. */
export function warehouseUrl(v: string): string {
  let ok = /^postgres(ql)?:\/\/\S+$/.test(v);
  try {
    new URL(v);
  } catch {
    ok = false;
  }
  if (!ok) throw new InvalidArgumentError(`expected a PostgreSQL URL like postgres://user@127.0.0.1:5432/db, got '${shownUrl(v)}'`);
  return v;
}
