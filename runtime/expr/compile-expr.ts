// Compiles a plan expression once into a function from a batch's lanes to the result lane, dispatching
// on expression kinds through an ExprVisitor and on functions through FN_KERNELS.
import { visitExpr, type Expr, type ExprVisitor } from '../../plan/index.ts';
import { constantLane } from '../columns/lane.ts';
import { castLane } from './cast.ts';
import { caseWhen } from './case-when.ts';
import { FN_KERNELS } from './functions.ts';
import { planError, type CompiledExpr, type ExprSite } from './kernel-types.ts';
import { literalValue } from './literal.ts';

function compiler(site: ExprSite): ExprVisitor<CompiledExpr> {
  const compile = (e: Expr) => visitExpr(e, v);
  const v: ExprVisitor<CompiledExpr> = {
    col: (e) => (src) => src.lane(e.name),
    lit: (e) => {
      const value = literalValue(e, site);
      return (src) => constantLane(e.type, src.length, value);
    },
    call: (e) => {
      const kernel = FN_KERNELS[e.fn](e, site);
      const args = e.args.map(compile);
      return (src) => kernel(args.map((a) => a(src)), src.length);
    },
    case: (e) => {
      const whens = e.branches.map((b) => compile(b.when));
      const thens = e.branches.map((b) => compile(b.then));
      const otherwise = compile(e.otherwise);
      return (src) => caseWhen(e.type, whens.map((w) => w(src)), thens.map((t) => t(src)), otherwise(src), src.length);
    },
    cast: (e) => {
      const inner = compile(e.expr);
      return (src) => castLane(inner(src), e.type);
    },
    // runPlan binds every parameter to its value (plan/params.ts bindNodes) before compiling.
    param: (e) => {
      throw planError(site, `parameter '${e.name}' has no value in this run`);
    },
  };
  return v;
}

export function compileExpr(e: Expr, site: ExprSite): CompiledExpr {
  return visitExpr(e, compiler(site));
}
