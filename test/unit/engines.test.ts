/**
 * The supported Node.js range is stated once in package.json `engines` and once in the README, and
 * `npm install` warns about no package on any supported line (npm's EBADENGINE check is this one:
 * the Node.js version must satisfy each package's `engines.node`).
 */
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { engines?: { node?: string } }> };
const supported = manifest.engines.node;
/** The oldest supported release of each line CI runs (.ci/run): the machine's 20 and the LTS lines. */
const FLOORS = ['20', '22', '24', '26'].map((line) => {
  const floors = new semver.Range(supported).set
    .map((comparators) => `${comparators.map(String).join(' ')} ^${line}.0.0`)
    .filter((range) => semver.validRange(range) !== null && semver.intersects(range, `^${line}.0.0`))
    .map((range) => semver.minVersion(range));
  const floor = floors.filter((v): v is semver.SemVer => v !== null).sort(semver.compare)[0];
  if (!floor) throw new Error(`engines.node ${supported} admits no Node.js ${line}`);
  return floor;
});

describe('supported Node.js versions', () => {
  it('include every line CI runs', () => {
    expect(FLOORS.map(String)).toEqual(['20.19.0', '22.13.0', '24.0.0', '26.0.0']);
    for (const floor of FLOORS) expect(semver.satisfies(floor, supported), floor.version).toBe(true);
  });

  it('satisfy every installed package, from the oldest supported release of each line', () => {
    const refusals: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      const range = entry.engines?.node;
      if (!path || !range) continue;
      for (const floor of FLOORS) if (!semver.satisfies(floor, range)) refusals.push(`${path} (${range}) refuses ${floor.version}`);
    }
    expect(refusals).toEqual([]);
  });

  it('are stated in the README as package.json states them', () => {
    expect(readFileSync('README.md', 'utf8')).toContain(`Node.js \`${supported}\``);
  });
});
