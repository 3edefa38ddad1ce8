// What the data layer deals in: parsed rows that remember their source line, and problems found.
import type { Gap } from '../core/index.ts';

export type { Gap };

export interface ParsedRow {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  /** 1-based line in the source file (JSON: the array element number + 1). */
  readonly line: number;
}

export interface Problem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

export interface ValidationReport {
  readonly errors: readonly Problem[];
  readonly warnings: readonly Problem[];
  readonly gaps: readonly Gap[];
}
