// Fixed-size window over the latest values, without allocation per push.

export class RingBuffer {
  private readonly values: Float64Array;
  private next = 0;
  count = 0;

  constructor(readonly size: number) {
    this.values = new Float64Array(size);
  }

  /** Adds a value; returns the one it pushed out, or NaN while the window is filling. */
  push(value: number): number {
    const evicted = this.count === this.size ? this.values[this.next]! : NaN;
    this.values[this.next] = value;
    this.next = this.next + 1 === this.size ? 0 : this.next + 1;
    if (this.count < this.size) this.count++;
    return evicted;
  }

  get full(): boolean {
    return this.count === this.size;
  }

  /** i = 0 is the oldest value in the window. */
  at(i: number): number {
    const start = this.count === this.size ? this.next : 0;
    const j = start + i;
    return this.values[j >= this.size ? j - this.size : j]!;
  }

  max(): number {
    let m = -Infinity;
    for (let i = 0; i < this.count; i++) if (this.values[i]! > m) m = this.values[i]!;
    return m;
  }

  min(): number {
    let m = Infinity;
    for (let i = 0; i < this.count; i++) if (this.values[i]! < m) m = this.values[i]!;
    return m;
  }

  clear(): void {
    this.next = 0;
    this.count = 0;
  }
}
