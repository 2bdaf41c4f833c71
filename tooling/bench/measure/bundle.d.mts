export type Platform = 'node' | 'browser' | 'neutral';
export declare const PLATFORMS: Platform[];
export interface BundleOptions {
  platform: Platform;
  resolveDir: string;
  /** Default `esm`. */
  format?: 'esm' | 'cjs';
  /** Replaces the platform's export conditions. */
  conditions?: string[];
}
export declare function bundleCode(code: string, options: BundleOptions): Promise<string>;
export declare function bundleBytes(code: string, options: BundleOptions): Promise<number>;
