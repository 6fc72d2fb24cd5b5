// The kernel of every catalogue function. Typed against FnName, so a function added to
// plan/catalogue.ts does not compile until the runtime implements it.
import type { FnName } from '../../plan/index.ts';
import { ARITHMETIC } from './arithmetic.ts';
import { COMPARISON } from './comparison.ts';
import type { FnKernelFactory } from './kernel-types.ts';
import { LOGIC } from './logic.ts';
import { MATH } from './math.ts';
import { PATTERNS } from './patterns.ts';
import { STRINGS } from './strings.ts';
import { TIME } from './time.ts';
import { TIME_ARITH } from './time-arith.ts';

export const FN_KERNELS: { readonly [F in FnName]: FnKernelFactory } = {
  ...ARITHMETIC,
  ...COMPARISON,
  ...LOGIC,
  ...STRINGS,
  ...PATTERNS,
  ...TIME,
  ...TIME_ARITH,
  ...MATH,
};
