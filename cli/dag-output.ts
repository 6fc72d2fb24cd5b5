// Where `explain --dag` puts its picture: stdout, or a file replaced whole (written beside it, then renamed
// over it), so an interrupted or failed run leaves the previous file as it was, never half a picture.
import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DagGraph } from './dag-graph.ts';
import { DAG_EXTENSIONS, renderDag, type DagFormat } from './dag-renderer.ts';
import { EXIT_USAGE, exitWith } from './exit-codes.ts';
import { withInterruptScope } from './interrupt-scope.ts';
import { displayPath } from './job-paths.ts';

export interface PictureFlags {
  readonly json?: boolean;
  readonly emit?: string;
  readonly format?: DagFormat;
  readonly out?: string;
}

/**
 * The format of an `explain --dag` run, checked before the job loads: flags that print something else are
 * refused, `--format` defaults to what `--out`'s extension names (else mermaid), an SVG is not written to a
 * terminal, and `--out` must name a file in an existing folder.
 */
export function pictureFormat(flags: PictureFlags, stdoutIsTTY: boolean): DagFormat {
  const other = flags.json ? '--json' : flags.emit ? `--emit ${flags.emit}` : null;
  if (other) throw exitWith(EXIT_USAGE, 'usage', `--dag draws a picture and ${other} prints text: give one of them`);
  const ext = flags.out !== undefined ? path.extname(flags.out).toLowerCase() : '';
  const fromOut = Object.hasOwn(DAG_EXTENSIONS, ext) ? DAG_EXTENSIONS[ext] : undefined;
  if (flags.format && fromOut && fromOut !== flags.format) {
    throw exitWith(EXIT_USAGE, 'usage', `--out ${flags.out} names a ${fromOut} file, but --format is ${flags.format}: make them agree`);
  }
  const format = flags.format ?? fromOut ?? 'mermaid';
  if (format === 'svg' && flags.out === undefined && stdoutIsTTY) {
    throw exitWith(EXIT_USAGE, 'usage', '--format svg is not written to a terminal: give --out <file>.svg, or pipe it (> dag.svg)');
  }
  if (flags.out !== undefined) {
    const target = path.resolve(flags.out);
    const dir = path.dirname(target);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw exitWith(EXIT_USAGE, 'usage', `--out ${flags.out}: folder ${displayPath(dir)} does not exist`);
    if (existsSync(target) && statSync(target).isDirectory()) throw exitWith(EXIT_USAGE, 'usage', `--out ${flags.out} is a folder: give a file name (dag.${format === 'mermaid' ? 'mmd' : format})`);
  }
  return format;
}

export async function writeDagPicture(g: DagGraph, format: DagFormat, out: string | undefined): Promise<void> {
  if (out === undefined) {
    process.stdout.write(await renderDag(g, format));
    return;
  }
  const target = path.resolve(out);
  const dir = path.dirname(target);
  // A signal while Graphviz loads ends the command with the old file untouched. The write and the rename
  // are synchronous and run inside the scope, whose handlers only run between them and the next await:
  // a signal cannot land halfway through the file.
  await withInterruptScope(
    async () => {
      const text = await renderDag(g, format);
      const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.tmp`);
      try {
        writeFileSync(tmp, text);
        renameSync(tmp, target);
      } catch (e) {
        rmSync(tmp, { force: true });
        throw exitWith(EXIT_USAGE, 'usage', `--out ${out}: cannot write it (${(e as Error).message})`);
      }
    },
    { describe: (s) => `explain interrupted (${s}): ${displayPath(target)} not written` },
  );
  const edges = g.edges.length;
  process.stdout.write(`${displayPath(target)}  (${format}: ${g.nodes.length} boxes, ${edges} edge${edges === 1 ? '' : 's'})\n`);
}
