import type { Options } from 'tsup';
export declare function libraryConfig(overrides?: {
  entry?: string[] | Record<string, string>;
  shared?: string[];
}): Options | Options[] | (() => Promise<Options[]>);
