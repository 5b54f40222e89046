/**
 * Seeded randomness for everything that must be reproducible: the herd simulations, the jitter
 * picture in the docs, and the fault schedules of the example proxy.
 */

/** A PRNG in [0, 1) from a seed: mulberry32, 32-bit state, good enough for simulations. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
