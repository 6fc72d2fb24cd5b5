// Run-time parameters for random plans: an expression leaf may be a parameter (declared once per name, with
// a random value of its type, sometimes as the declaration's default instead), so every engine receives
// values of every type through its own channel (Pig -param, PySpark flags) and must agree with the runtime.
import { paramRef, paramValueText, parseParamText, type ColumnType, type Expr, type LiteralValue, type ParamDecl, type ParamValues } from '../../../plan/index.ts';
import type { Draw } from '../../../testing/draw.ts';

export class ParamPool {
  readonly decls: ParamDecl[] = [];
  private readonly given: Record<string, LiteralValue> = {};

  constructor(private readonly file = 'test/conformance/random-plan') {}

  /**
   * A parameter of type t holding `value` (a non-null literal value), or null when the value has no
   * parameter text that reads back as itself (a NUL character, a year past 9999).
   */
  ref(d: Draw, t: ColumnType, value: LiteralValue): Expr | null {
    if (value === null || parseParamText(t, paramValueText(t, value)) !== value) return null;
    const same = this.decls.filter((p) => p.type === t);
    if (same.length && d.chance(0.5)) return paramRef(d.pick(same).name, t);
    const name = `p${this.decls.length}_${t}`;
    const asDefault = d.chance(0.3);
    this.decls.push({ name, type: t, default: asDefault ? value : null, loc: { file: this.file, line: 0, column: 1 } });
    if (!asDefault) this.given[name] = value;
    return paramRef(name, t);
  }

  /** The values a run gives (parameters declared with a default take it). */
  values(): ParamValues {
    return { ...this.given };
  }
}
