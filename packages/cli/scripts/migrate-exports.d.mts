/** Where the build writes the table, relative to the CLI package. */
export declare const EXPORTS_FILE: string;
/** The workspace's library packages: each one's name and its `src/index.ts`, sorted by name. */
export declare function libraryPackages(packagesDir: string): { name: string; index: string }[];
/** Every name each library package exports from its main entry, types included. */
export declare function deriveExports(packagesDir: string): { packages: Record<string, string[]> };
