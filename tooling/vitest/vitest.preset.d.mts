import type { UserConfig } from 'vitest/config';
export declare function testConfig(options?: {
  environment?: 'node' | 'edge-runtime';
  include?: string[];
  exclude?: string[];
  testTimeout?: number;
}): UserConfig;
