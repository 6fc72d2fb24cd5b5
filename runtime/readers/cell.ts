// The values readers put in a row before it goes into Arrow columns, and the rejection a field can cause.
import type { RejectReason } from '../../plan/index.ts';

/**
 * One field value: string (string), number (int, double; timestamp as epoch ms; date as epoch days),
 * bigint (long; a reader may give a long as a number when it is a safe integer), boolean, or null.
 */
export type Cell = string | number | bigint | boolean | null;

/** Why a line is rejected: the counted reason and a message naming the field. */
export class Rejection {
  constructor(
    readonly reason: RejectReason,
    readonly detail: string | undefined,
  ) {}
}

export const isRejection = (v: unknown): v is Rejection => v instanceof Rejection;

const INT_MIN = -2_147_483_648;
const INT_MAX = 2_147_483_647;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** A 32-bit integer from decimal text already known to be `[+-]?digits`, or null when out of range. */
export function intInRange(text: string): number | null {
  const n = Number(text);
  return n >= INT_MIN && n <= INT_MAX ? n : null;
}

/** A 64-bit integer from decimal text already known to be `[+-]?digits`, or null when out of range. */
export function longInRange(text: string): bigint | null {
  const n = BigInt(text);
  return n >= LONG_MIN && n <= LONG_MAX ? n : null;
}
