/** Seeded randomness for the herd simulations: the same seed gives the same run, everywhere. */

export { seededRandom } from '../../examples/support/seeded-random.js';

/** |N(mean, sd)| from `random` (Box–Muller), as the network delay of Brooker's simulator. */
export function absNormal(random: () => number, mean: number, sd: number): number {
  const u = 1 - random(); // (0, 1]: log is finite
  const v = random();
  return Math.abs(mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
}
