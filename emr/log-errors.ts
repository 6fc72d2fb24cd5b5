// Finds the first real error in a step's logs: a Python traceback's last line, a Pig `ERROR <code>:` line,
// or a Java/Spark exception line, with the script line it points at when the log says so.

export type ErrorSource = 'python' | 'pig' | 'spark';

export interface ExtractedError {
  readonly source: ErrorSource;
  /** The error itself, one line, without log prefixes. */
  readonly message: string;
  /** 1-based line of the generated script the error points at, when the log names one. */
  readonly scriptLine: number | null;
  /** A YARN application whose container logs hold the driver's own error (Spark cluster mode). */
  readonly yarnApplication: string | null;
  /** Says only that something failed (Pig's "job failed"): another log may say why. */
  readonly generic: boolean;
}

const PY_FRAME = /^\s*File "([^"]+)", line (\d+)/;
const PIG_ERROR = /\bERROR (\d+): (.*)$/;
const PIG_LOCATION = /<(?:file [^,>]*, )?line (\d+), column \d+>/;
/** Pig errors that only say "a job failed": a backend exception line says more. */
const PIG_GENERIC = new Set(['0', '2017', '2043', '2244', '1066']);
const JAVA_EXCEPTION = /(?:^|\s)((?:[a-z_$][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error)(?::.*)?)$/;
const YARN_APP = /(application_\d+_\d+) finished with failed status/;

/** `scriptName` (e.g. top-pages.py) picks the traceback frame in the generated script. */
export function extractError(text: string, scriptName?: string): ExtractedError | null {
  return pythonError(text, scriptName) ?? pigError(text) ?? javaError(text);
}

function pythonError(text: string, scriptName?: string): ExtractedError | null {
  const lines = text.split(/\r?\n/);
  const start = lines.lastIndexOf('Traceback (most recent call last):');
  if (start < 0) return null;
  let scriptLine: number | null = null;
  let fallbackLine: number | null = null;
  let i = start + 1;
  for (; i < lines.length; i++) {
    const line = lines[i];
    const frame = PY_FRAME.exec(line);
    if (frame) {
      const file = frame[1];
      if (scriptName && baseName(file) === scriptName) scriptLine = Number(frame[2]);
      else if (!/site-packages|[\\/]pyspark[\\/]|[\\/]py4j[\\/]|^<frozen/.test(file)) fallbackLine = Number(frame[2]);
      continue;
    }
    if (line.startsWith(' ') || line.startsWith('\t') || line.trim() === '') continue;
    break;
  }
  const message = lines[i]?.trim();
  if (!message) return null;
  return { source: 'python', message, scriptLine: scriptLine ?? (scriptName ? null : fallbackLine), yarnApplication: null, generic: false };
}

function pigError(text: string): ExtractedError | null {
  let generic: ExtractedError | null = null;
  for (const line of text.split(/\r?\n/)) {
    const m = PIG_ERROR.exec(line);
    if (!m) continue;
    const loc = PIG_LOCATION.exec(m[2]);
    const isGeneric = PIG_GENERIC.has(m[1]);
    const found = { source: 'pig' as const, message: `ERROR ${m[1]}: ${m[2].trim()}`, scriptLine: loc ? Number(loc[1]) : null, yarnApplication: null, generic: isGeneric };
    if (!isGeneric) return found;
    generic ??= found;
  }
  if (!generic) return null;
  // "Job failed" says little: the backend's exception (in the same log) says why.
  const cause = javaError(text);
  return cause ? { ...generic, message: `${generic.message} — ${cause.message}` } : generic;
}

function javaError(text: string): ExtractedError | null {
  let yarnApplication: string | null = null;
  let first: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('at ') || line.startsWith('...')) continue;
    const app = YARN_APP.exec(line);
    if (app) yarnApplication ??= app[1];
    const m = JAVA_EXCEPTION.exec(line.replace(/^Caused by: /, ''));
    if (m && first === null) first = m[1];
    else if (first === null && /^(?:Exception in thread "[^"]*" )?\S*(?:Exception|Error):/.test(line)) first = line;
  }
  if (first === null) return null;
  return { source: 'spark', message: first.replace(/^Exception in thread "[^"]*" /, ''), scriptLine: null, yarnApplication, generic: yarnApplication !== null };
}

function baseName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}
