// Plan expressions to PySpark Column expressions: one handler per expression kind, functions through the
// catalogue, typed literals (a bare None or Python int would leave Spark to guess the type).
import { visitExpr, type Call, type ColumnType, type Expr, type ExprVisitor, type Literal } from '../../plan/index.ts';
import { compileCast } from './cast-compiler.ts';
import { unsupported, type ExprEnv } from './expr-env.ts';
import { PYSPARK_FUNCTIONS } from './function-catalogue.ts';
import { binop, bool, castTo, F, float, index, int, lit, method, name, none, str, type Py } from './py-ast.ts';

export function compileExpr(e: Expr, env: ExprEnv): Py {
  const visitor: ExprVisitor<Py> = {
    col: (c) => env.col(c.name),
    lit: (l) => compileLiteral(l, env),
    call: (c) => compileCall(c, c.args.map((a) => compileExpr(a, env)), env),
    case: (c) => {
      let chain = F('when', compileExpr(c.branches[0].when, env), typed(c.branches[0].then, c.type, env));
      for (const b of c.branches.slice(1)) chain = method(chain, 'when', compileExpr(b.when, env), typed(b.then, c.type, env));
      return method(chain, 'otherwise', typed(c.otherwise, c.type, env));
    },
    cast: (c) => {
      const p = compileCast(compileExpr(c.expr, env), c.expr.type, c.type, env);
      if (p === null) throw unsupported(`a cast from ${c.expr.type} to ${c.type}`, env);
      return p;
    },
    // The value's canonical text from the script's arguments (`--date=2015-05-17`), cast like a literal.
    param: (p) => {
      const text = lit(index(name('paths'), str(p.name)));
      return p.type === 'string' ? text : castTo(text, p.type);
    },
  };
  return visitExpr(e, visitor);
}

/** A branch value of type `t`: numbers widen as the plan says, and the cast keeps Spark from guessing. */
function typed(e: Expr, t: ColumnType, env: ExprEnv): Py {
  const p = compileExpr(e, env);
  return e.type === t || (e.kind === 'lit' && e.value === null) ? p : castTo(p, t);
}

function compileCall(c: Call, args: Py[], env: ExprEnv): Py {
  const s = PYSPARK_FUNCTIONS[c.fn];
  switch (s.kind) {
    case 'op':
      return binop(s.op, args[0], args[1]);
    case 'fn':
      return F(s.fn, ...args);
    case 'method':
      return method(args[0], s.method, ...args.slice(1));
    case 'emit':
      return s.emit(args, c, env);
    case 'unsupported':
      throw unsupported(`${c.fn}: ${s.reason}`, env);
  }
}

const INT_RANGE = 2 ** 31;

export function compileLiteral(l: Literal, env: ExprEnv): Py {
  if (l.value === null) return castTo(lit(none), l.type);
  const bad = () => unsupported(`the ${l.type} literal ${JSON.stringify(l.value)}`, env);
  switch (l.type) {
    case 'string':
      return lit(str(String(l.value)));
    case 'int':
      if (typeof l.value !== 'number' || !Number.isInteger(l.value) || l.value < -INT_RANGE || l.value >= INT_RANGE) throw bad();
      return lit(int(l.value));
    case 'long':
      if (typeof l.value !== 'number' || !Number.isSafeInteger(l.value)) throw bad();
      return castTo(lit(int(l.value)), 'long');
    case 'double':
      if (typeof l.value !== 'number' || !Number.isFinite(l.value)) throw bad();
      return lit(float(l.value));
    case 'boolean':
      if (typeof l.value !== 'boolean') throw bad();
      return lit(bool(l.value));
    case 'timestamp':
      if (typeof l.value !== 'string' || Number.isNaN(Date.parse(l.value))) throw bad();
      return castTo(lit(str(new Date(l.value).toISOString())), 'timestamp');
    case 'date':
      if (typeof l.value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(l.value)) throw bad();
      return castTo(lit(str(l.value)), 'date');
  }
}
