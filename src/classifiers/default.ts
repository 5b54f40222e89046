import type { Classifier } from '../verdict.js';

/**
 * The default classifier chain. (Filled in by the classifiers work: gRPC, cloud, HTTP, network.)
 *
 * @public
 */
export function defaultClassifiers(): Classifier[] {
  return [];
}
