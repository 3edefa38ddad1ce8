// Seeded random numbers: the only source of randomness, so runs reproduce exactly.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
}

/** mulberry32: small, fast and good enough for simulations and sampling. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return {
    next(): number {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** Entropy for a seed when the user gave none; the seed is then recorded with the run. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 32);
}
