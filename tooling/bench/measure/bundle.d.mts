export type Platform = 'node' | 'browser' | 'neutral';
export declare const PLATFORMS: Platform[];
export declare function bundleCode(
  code: string,
  options: { platform: Platform; resolveDir: string },
): Promise<string>;
export declare function bundleBytes(
  code: string,
  options: { platform: Platform; resolveDir: string },
): Promise<number>;
