// Sums over a window, computed afresh. Running sums that add each new value and subtract each
// evicted one drift by a rounding error per update, without bound over a long series; the
// indicators that keep running sums rebuild them from the window with these every `period` updates.
import type { RingBuffer } from './ring-buffer.ts';

export function windowSum(window: RingBuffer): number {
  let sum = 0;
  for (let i = 0; i < window.count; i++) sum += window.at(i);
  return sum;
}

export function windowMean(window: RingBuffer): number {
  return windowSum(window) / window.count;
}
