/**
 * Runs once before any test file:
 * - builds (or finds) the embedded store's ready database image, so workers load it instead of each
 *   paying for initdb at the same time;
 * - checks the optional tiers' prerequisites once. Under CI=true a missing one fails the run, naming
 *   what to install; elsewhere its tier is skipped with one notice.
 */
import type { TestProject } from 'vitest/node';
import { migratedImage } from '../server/store/pglite-image.ts';
import { checkTiers, type TierAvailability } from './support/tiers.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    tiers: TierAvailability;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const [tiers] = await Promise.all([checkTiers(process.env), migratedImage()]);
  project.provide('tiers', tiers);
}
