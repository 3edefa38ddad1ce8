// Quantity rounding to a market's lot step, shared by the backtest's broker and the order manager.

/** Rounds a quantity down to the lot step (0 = no step). A tiny epsilon absorbs float noise like 2.9999999999. */
export function roundDownToStep(qty: number, step: number): number {
  if (step <= 0) return qty;
  const units = Math.floor(qty / step + 1e-9);
  // units / 10^d is the double nearest the decimal quantity (3 × 0.1 would give 0.30000000000000004).
  const scale = decimalScale(step);
  return Math.round(units * step * scale) / scale;
}

let lastStep = NaN;
let lastScale = 1;

/** 10^(decimals of the step); cached, since a run uses one step throughout. */
function decimalScale(step: number): number {
  if (step === lastStep) return lastScale;
  let scale = 1;
  while (scale < 1e15 && Math.abs(Math.round(step * scale) - step * scale) > 1e-9 * step * scale) scale *= 10;
  lastStep = step;
  lastScale = scale;
  return scale;
}
