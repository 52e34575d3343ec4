/**
 * Rounds to one decimal exactly as Python's `round(value, 1)` does, since MLflow rounds
 * its system metrics with it: to the nearest tenth of the value's exact binary value
 * (`2.675`, stored a little below, goes down), and an exact tie to the even tenth
 * (`0.25` → `0.2`, `0.75` → `0.8`), where `Math.round(value * 10) / 10` would go up.
 */
export function roundLikePython(value: number): number {
  if (!Number.isFinite(value)) return value;
  // A double lies exactly halfway between two tenths only when it is an odd multiple of
  // 1/4 (a tenth plus 1/20 is a binary fraction only then); times 4 is exact in binary.
  const quarters = value * 4;
  if (Number.isInteger(quarters) && quarters % 2 !== 0) {
    const lower = Math.floor(value * 10);
    return (lower % 2 === 0 ? lower : lower + 1) / 10;
  }
  // toFixed rounds the exact value to the nearest tenth, as Python does away from ties.
  return Number(value.toFixed(1));
}
