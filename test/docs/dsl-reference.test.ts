// docs/dsl.md stays the whole reference: every public name of 'emr-jobs' and 'emr-jobs/ml', every public
// method of the builders, and every catalogue function with its Pig and PySpark support and real spelling.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Node, Project, Scope, type ClassDeclaration } from 'ts-morph';
import { beforeAll, describe, expect, it } from 'vitest';
import { PIG_FUNCTIONS, PIG_UNSUPPORTED, toPig } from '../../codegen/pig/index.ts';
import { PYSPARK_FUNCTIONS, PYSPARK_UNSUPPORTED_FUNCTIONS, toPySpark } from '../../codegen/pyspark/index.ts';
import { AGG_NAMES, FN_NAMES, type Plan } from '../../plan/index.ts';
import { everyFunctionJob } from './every-function-job.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DOC = readFileSync(path.join(ROOT, 'docs', 'dsl.md'), 'utf8');
const ENTRY_POINTS = ['dsl/index.ts', 'dsl/ml/index.ts'];

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** In a code span (`lit(...)`, `ml.split`) or a heading. */
const namedInDoc = (name: string) =>
  new RegExp(`\`[^\`\\n]*\\b${escapeRegex(name)}\\b[^\`\\n]*\``).test(DOC) || new RegExp(`^#+ .*\\b${escapeRegex(name)}\\b`, 'm').test(DOC);
/** As a member, `.name(` or `.name`, anywhere in the page (code spans, examples). */
const memberInDoc = (name: string) => new RegExp(`\\.${escapeRegex(name)}\\b`).test(DOC);

interface PublicSurface {
  values: string[];
  members: { owner: string; name: string }[];
}

/** The value exports of the entry points (functions, classes, constants, and the properties of exported objects such as `ml`) and the public methods and getters of every exported class. */
function publicSurface(): PublicSurface {
  const project = new Project({ tsConfigFilePath: path.join(ROOT, 'tsconfig.json'), skipAddingFilesFromTsConfig: true });
  const values = new Set<string>();
  const classes = new Map<string, ClassDeclaration>();
  for (const entry of ENTRY_POINTS) {
    const sf = project.addSourceFileAtPath(path.join(ROOT, entry));
    for (const [name, decls] of sf.getExportedDeclarations()) {
      for (const d of decls) {
        if (Node.isClassDeclaration(d)) {
          classes.set(name, d);
          // A class is a value export only when it is not exported as a type alone.
          if (!sf.getExportDeclarations().some((e) => e.isTypeOnly() && e.getNamedExports().some((n) => n.getName() === name))) values.add(name);
        } else if (Node.isFunctionDeclaration(d)) values.add(name);
        else if (Node.isVariableDeclaration(d)) {
          values.add(name);
          const t = d.getType();
          if (t.isObject() && t.getCallSignatures().length === 0) t.getProperties().forEach((p) => values.add(`${name}.${p.getName()}`));
        }
      }
    }
  }
  const members: PublicSurface['members'] = [];
  for (const [owner, cls] of classes) {
    const internal = (n: Node) => Node.isJSDocable(n) && n.getJsDocs().some((j) => j.getTags().some((t) => t.getTagName() === 'internal'));
    const isPublic = (m: { getScope(): Scope }) => m.getScope() === Scope.Public;
    const names = new Set([
      ...cls.getMethods().filter((m) => isPublic(m) && !internal(m)).map((m) => m.getName()),
      ...cls.getGetAccessors().filter((g) => isPublic(g) && !internal(g)).map((g) => g.getName()),
    ]);
    names.forEach((name) => members.push({ owner, name }));
  }
  return { values: [...values].sort(), members };
}

describe('docs/dsl.md names the whole public DSL', () => {
  let surface: PublicSurface;
  beforeAll(() => {
    surface = publicSurface();
  }, 120_000);

  it('finds the exports and builder methods it checks (the enumeration itself works)', () => {
    expect(surface.values).toEqual(expect.arrayContaining(['job', 'Dataset', 'Expression', 'count', 'sum', 'when', 'ml', 'ml.split', 'ml.pipeline', 'ml.kMeans']));
    const owners = new Set(surface.members.map((m) => m.owner));
    expect([...owners]).toEqual(expect.arrayContaining(['Dataset', 'Expression', 'JobContext', 'Grouped', 'CaseBuilder', 'PipelineBuilder', 'FittedModel']));
    const datasetMethods = surface.members.filter((m) => m.owner === 'Dataset').map((m) => m.name);
    expect(datasetMethods).toEqual(expect.arrayContaining(['filter', 'groupBy', 'join', 'writeCsv', 'schema']));
    expect(datasetMethods).not.toContain('next'); // private
  });

  it('every value export of emr-jobs and emr-jobs/ml appears', () => {
    const missing = surface.values.filter((name) => !namedInDoc(name));
    expect(missing, `undocumented exports: ${missing.join(', ')}`).toEqual([]);
  });

  it('every public method of the builders, expressions and models appears as .name', () => {
    const missing = surface.members.filter((m) => !memberInDoc(m.name)).map((m) => `${m.owner}.${m.name}`);
    expect(missing, `undocumented methods: ${missing.join(', ')}`).toEqual([]);
  });
});

/** The rows of the page's markdown tables whose first cell is `name`, split into cells (`\|` is a pipe inside a cell). */
function tableRow(name: string): string[] | undefined {
  const line = DOC.split('\n').find((l) => l.startsWith(`| \`${name}\` |`));
  return line
    ?.split(/(?<!\\)\|/)
    .slice(1, -1)
    .map((c) => c.trim().replace(/\\\|/g, '|'));
}

const firstCode = (cell: string) => /`([^`]+)`/.exec(cell)?.[1];

describe('docs/dsl.md function reference', () => {
  let plan: Plan;
  let pig: string;
  let pyspark: string;
  beforeAll(() => {
    plan = everyFunctionJob.plan();
    pig = toPig(plan);
    pyspark = toPySpark(plan);
  });

  it('the example job uses every catalogue function and aggregate (so the spellings below are all checked)', () => {
    const fns = new Set<string>();
    const aggs = new Set<string>();
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (o.kind === 'call') fns.add(o.fn as string);
        if (o.kind === 'aggregate') (o.aggs as { fn: string }[]).forEach((a) => aggs.add(a.fn));
        Object.values(o).forEach(walk);
      }
    };
    walk(plan.nodes);
    expect([...fns].sort()).toEqual([...FN_NAMES].sort());
    expect([...aggs].sort()).toEqual([...AGG_NAMES].sort());
  });

  it.each([...FN_NAMES, ...AGG_NAMES])('%s has a row with types, nulls, Pig and PySpark support', (name) => {
    const row = tableRow(name);
    expect(row, `no table row for ${name}`).toBeDefined();
    expect(row).toHaveLength(6);
    const [, dsl, types, nulls, pigCell, pysparkCell] = row!;
    expect(dsl).toMatch(/`.+`/);
    expect(types).not.toBe('');
    expect(nulls).not.toBe('');
    expect(pigCell).toMatch(/^[✓✗]/);
    expect(pysparkCell).toMatch(/^[✓✗]/);
  });

  it.each(FN_NAMES)('%s: the marks say what the compilers support', (name) => {
    const [, , , , pigCell, pysparkCell] = tableRow(name)!;
    expect(pysparkCell.startsWith('✗'), 'PySpark mark').toBe(PYSPARK_UNSUPPORTED_FUNCTIONS.includes(name));
    // Pig spells every function, some not for every argument type (PIG_UNSUPPORTED names those cases).
    expect(pigCell.startsWith('✓'), 'Pig mark').toBe(name in PIG_FUNCTIONS);
    const limits = Object.values(PIG_UNSUPPORTED).filter((u) => u.what.startsWith(`${name} `));
    if (limits.length) expect(pigCell, `Pig cannot express ${limits.map((u) => u.what).join(', ')}`).toContain('✗');
  });

  it.each(FN_NAMES)('%s: a built-in spelled by name in a catalogue is the one in its cell', (name) => {
    const [, , , , pigCell, pysparkCell] = tableRow(name)!;
    const p = PIG_FUNCTIONS[name];
    if (p.kind === 'fn') expect(pigCell).toContain(`\`${p.fn}\``);
    const s = PYSPARK_FUNCTIONS[name];
    if (s.kind === 'fn') expect(pysparkCell).toContain(`\`F.${s.fn}\``);
    if (s.kind === 'method') expect(pysparkCell).toContain(`\`.${s.method}`);
    if (s.kind === 'op') expect(pysparkCell).toContain(`\`${s.op}\``);
  });

  it.each([...FN_NAMES, ...AGG_NAMES])('%s: the spelling each cell names is in the script the compiler emits', (name) => {
    const [, , , , pigCell, pysparkCell] = tableRow(name)!;
    expect(pig).toContain(firstCode(pigCell));
    expect(pyspark).toContain(firstCode(pysparkCell));
  });
});
