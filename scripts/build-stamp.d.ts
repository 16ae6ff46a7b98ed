export type BuildMode = 'minified' | 'readable';
export function buildInputsDigest(root: string, env: Readonly<Record<string, string | undefined>>, mode: BuildMode): string;
export function writeBuildStamp(root: string, outDir: string, digest: string): void;
export function isBuildCurrent(root: string, outDir: string, digest: string): boolean;
