/** Seeded randomness for the herd simulations: the same seed gives the same run, everywhere. */

/** A PRNG in [0, 1): mulberry32, 32-bit state, good enough for simulations. */
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

/** |N(mean, sd)| from `random` (Box–Muller), as the network delay of Brooker's simulator. */
export function absNormal(random: () => number, mean: number, sd: number): number {
  const u = 1 - random(); // (0, 1]: log is finite
  const v = random();
  return Math.abs(mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
}
