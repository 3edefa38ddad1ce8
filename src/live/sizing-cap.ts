// A sizing its position cap refuses: an instance whose full-size entry is a larger share of its
// equity than `maxPositionPct` (all-in against canary's 2%, say) has every entry refused with
// POSITION_LIMIT. Said once at start, so a silent run of refusals has its reason on record.
import type { SimulatedKernelSettings } from '../engine/index.ts';

/**
 * The share of equity, %, a full-size entry takes when flat at the starting cash: percent → its
 * value; quote → value / cash; all-in → the cash less room for the fee; fixed → value × `price`
 * / cash, undefined without a price (quote per base).
 */
function entrySharePct(settings: Pick<SimulatedKernelSettings, 'sizing' | 'sizingValue' | 'fee' | 'cash'>, price?: number): number | undefined {
  const { sizing, sizingValue, fee, cash } = settings;
  switch (sizing) {
    case 'percent':
      return sizingValue;
    case 'quote':
      return (sizingValue / cash) * 100;
    case 'all-in':
      return 100 / (1 + fee);
    case 'fixed':
      return price === undefined ? undefined : ((sizingValue * price) / cash) * 100;
  }
}

/**
 * One line naming the instance, its sizing and its position cap when a full-size entry at the
 * starting cash would exceed the cap (every entry then refused with POSITION_LIMIT); undefined
 * when it fits, when there is no cap, or when a fixed sizing has no price to judge it by.
 */
export function sizingOverCap(instance: string, mode: string, settings: Pick<SimulatedKernelSettings, 'sizing' | 'sizingValue' | 'fee' | 'cash' | 'maxPositionPct'>, price?: number): string | undefined {
  const cap = settings.maxPositionPct;
  if (cap === undefined || cap === null) return undefined;
  const share = entrySharePct(settings, price);
  if (share === undefined || share <= cap) return undefined;
  const sizing = settings.sizing === 'all-in' ? 'all-in' : `${settings.sizing} ${settings.sizingValue}`;
  return `instance '${instance}' (${mode}): sizing ${sizing} is ${round(share)}% of its starting cash ${settings.cash}, above its position cap of ${cap}% of equity: every full-size entry will be refused with POSITION_LIMIT (lower the sizing, e.g. sizing: percent with sizingValue ≤ ${cap})`;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
