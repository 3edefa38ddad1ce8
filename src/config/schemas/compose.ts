// Checks that span fields of several parts, shared by every schema that composes them.
import type { z } from 'zod';
import type { SizingMode } from '../../core/index.ts';
import { sizingProblem } from './sizing.ts';

/** superRefine step: the sizing value fits the sizing mode (reported on `sizingValue`). */
export function checkSizing(value: { readonly sizing: SizingMode; readonly sizingValue: number }, context: z.RefinementCtx): void {
  const problem = sizingProblem(value.sizing, value.sizingValue);
  if (problem !== undefined) context.addIssue({ code: 'custom', path: ['sizingValue'], message: problem });
}

/** superRefine step: a window's `from` is before its `to` (reported on `from`). */
export function checkWindow(value: { readonly from?: number | undefined; readonly to?: number | undefined }, context: z.RefinementCtx): void {
  if (value.from !== undefined && value.to !== undefined && value.from >= value.to) {
    context.addIssue({ code: 'custom', path: ['from'], message: 'empty date range: from is not before to' });
  }
}
