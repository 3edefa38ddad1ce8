// The money side of a config: the starting capital and how each entry is sized.
import { z } from 'zod';
import { SIZING_MODES } from '../../core/index.ts';
import type { SizingMode } from '../../core/index.ts';

/** Starting capital when none is given, in quote currency. */
export const DEFAULT_CASH = 10_000;

/**
 * Capital and sizing: `cash` in quote currency; `sizing` mode with its `sizingValue` (fixed: base
 * quantity; quote: quote amount; percent: % of equity, 0–100; all-in: unused).
 */
export const sizingSchema = z
  .object({
    cash: z.number().positive().default(DEFAULT_CASH),
    sizing: z.enum(SIZING_MODES).default('all-in'),
    sizingValue: z.number().min(0).default(0),
  })
  .strict();

export type Sizing = z.output<typeof sizingSchema>;

/** What is wrong with a sizing mode and value together, in one clause, or undefined. */
export function sizingProblem(sizing: SizingMode, sizingValue: number): string | undefined {
  if (sizing !== 'all-in' && !(sizingValue > 0)) return `sizing '${sizing}' needs a positive sizing value`;
  if (sizing === 'percent' && sizingValue > 100) return `percent sizing ${sizingValue} is above 100`;
  return undefined;
}
