export type Platform = 'node' | 'browser' | 'neutral';
export declare const PLATFORMS: Platform[];
export interface BundleOptions {
  platform: Platform;
  resolveDir: string;
  /** Default `esm`. */
  format?: 'esm' | 'cjs';
  /** Replaces the platform's export conditions. */
  conditions?: string[];
  /** Leaves every `import()` out, as a chunk of its own: what loads at start. */
  startup?: boolean;
  /** Packages left out of the bundle, as an app that deploys them beside it leaves them (a native binding). */
  external?: string[];
  /** esbuild's warnings are added here, each as `text (file)`. */
  warnings?: string[];
}
export declare function bundleCode(code: string, options: BundleOptions): Promise<string>;
export declare function bundleBytes(code: string, options: BundleOptions): Promise<number>;
export declare function startupBytes(code: string, options: BundleOptions): Promise<number>;
export interface BundleChunk {
  /** The file name: `app.js` for the entry. */
  name: string;
  text: string;
  /** Whether it loads when the app starts (the entry, and the chunks it imports statically). */
  startup: boolean;
}
export declare function bundleChunks(
  code: string,
  options: Omit<BundleOptions, 'format' | 'startup'>,
): Promise<BundleChunk[]>;
