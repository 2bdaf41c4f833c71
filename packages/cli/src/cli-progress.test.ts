import { describe, expect, it } from 'vitest';
import { createProgress } from './cli-progress.js';

const capture = (isTTY: boolean) => {
  const written: string[] = [];
  return { stream: { write: (text: string) => written.push(text), isTTY }, written };
};

describe('progress', () => {
  it('writes plain lines when piped', () => {
    const { stream, written } = capture(false);
    const progress = createProgress(stream);
    progress.start('AzureCliCredential');
    progress.done('AzureCliCredential: ok (5 ms)');
    progress.stop();
    expect(written.join('')).toBe('checking AzureCliCredential...\nAzureCliCredential: ok (5 ms)\n');
  });

  it('redraws one spinner line on a terminal and clears it when done', async () => {
    const { stream, written } = capture(true);
    const progress = createProgress(stream);
    progress.start('ManagedIdentityCredential');
    await new Promise((resolve) => setTimeout(resolve, 200));
    progress.done('ManagedIdentityCredential: unavailable (200 ms)');
    progress.stop();
    const output = written.join('');
    expect(output.match(/checking ManagedIdentityCredential…/g)?.length).toBeGreaterThan(1);
    expect(output).toContain('\r\x1b[2K');
    expect(output.endsWith('ManagedIdentityCredential: unavailable (200 ms)\n\r\x1b[2K')).toBe(true);
  });
});
