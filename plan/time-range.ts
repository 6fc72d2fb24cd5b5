// The instants the time-arithmetic functions produce: years 0001-9999 in UTC. fromEpoch* and add* give null
// outside it, so no engine overflows its own representation or prints a year the others would not.

/** 0001-01-01T00:00:00.000Z in epoch milliseconds. */
export const MIN_TIMESTAMP_MS = -62_135_596_800_000;
/** 9999-12-31T23:59:59.999Z in epoch milliseconds. */
export const MAX_TIMESTAMP_MS = 253_402_300_799_999;

/** Milliseconds in one unit of each add* function (UTC: a day is always 24 hours). */
export const ADD_UNIT_MS = {
  addSeconds: 1_000,
  addMinutes: 60_000,
  addHours: 3_600_000,
  addDays: 86_400_000,
} as const;
export type AddFn = keyof typeof ADD_UNIT_MS;

/**
 * The largest |n| an add* function can take and still land in range from some instant in range: checking it
 * first keeps `n * unit` from overflowing a long on the engines.
 */
export const maxAddAmount = (fn: AddFn): number => Math.floor((MAX_TIMESTAMP_MS - MIN_TIMESTAMP_MS) / ADD_UNIT_MS[fn]);
