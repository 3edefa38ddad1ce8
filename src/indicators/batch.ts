// Batch forms run the streaming objects over arrays, so batch == streaming exactly by construction.

export interface ValueIndicator {
  update(value: number): number;
}

export function mapValues(values: Float64Array, indicator: ValueIndicator): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = indicator.update(values[i]!);
  return out;
}

export interface BarIndicator {
  step(high: number, low: number, close: number): number;
}

export function mapBars(high: Float64Array, low: Float64Array, close: Float64Array, indicator: BarIndicator): Float64Array {
  const out = new Float64Array(close.length);
  for (let i = 0; i < close.length; i++) out[i] = indicator.step(high[i]!, low[i]!, close[i]!);
  return out;
}
