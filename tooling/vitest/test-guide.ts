// The troubleshooting guide as tests see it: the anchors its headings make, and what is wrong with a message's
// pointers and sentences. The guide's anchor test and the error-message tests share these, so they judge alike.
import { readFileSync } from 'node:fs';

/** The guide every pointer names. */
export const GUIDE_PATH = new URL('../../packages/core/TROUBLESHOOTING.md', import.meta.url);

/** The anchor GitHub (and most Markdown viewers) give a heading: lower case, punctuation dropped, spaces as `-`. */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every anchor the guide's headings make. */
export function guideAnchors(guide = readFileSync(GUIDE_PATH, 'utf8')): Set<string> {
  return new Set(
    [...guide.matchAll(/^#{1,6}\s+(.+)$/gm)].map(([, heading]) => headingAnchor(heading as string)),
  );
}

/** The anchors of the troubleshooting pointers in `text`, in order. */
export function pointersIn(text: string): string[] {
  return [...text.matchAll(/Troubleshooting: @identity\/core\/TROUBLESHOOTING\.md#([^\s)]*)/g)].map(
    ([, anchor]) => anchor as string,
  );
}

/**
 * What is wrong with an error message, as the repository's rules read: sentences end with one period, and the
 * message carries exactly one troubleshooting pointer, whose anchor is a heading of the guide. An aggregate
 * (`headline\n  - attempt\n  - attempt`) carries one per attempt, and at most one in its headline. An empty list
 * means nothing is wrong.
 */
export function messageProblems(message: string, anchors: Set<string> = guideAnchors()): string[] {
  const problems: string[] = [];
  // A word, a closing bracket or quote, then two periods: a sentence ended twice (`... ms.. Check`).
  if (/[^.\s]\.\.(?=\s|$)/.test(message)) problems.push(`a doubled period in "${message}"`);
  const lines = message.split('\n').filter((text) => text.trim());
  for (const line of lines) {
    const pointers = pointersIn(line);
    const needed = lines.length === 1 || /^\s+- /.test(line) ? 1 : pointers.length && 1;
    if (pointers.length !== needed) {
      problems.push(`${pointers.length} troubleshooting pointers in "${line}"`);
    }
    for (const anchor of pointers) {
      if (!anchors.has(anchor)) problems.push(`no heading of the guide makes #${anchor} ("${line}")`);
    }
  }
  return problems;
}
