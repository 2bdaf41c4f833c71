// Unified diffs (as `diff -u` and `git diff` print them) of what `identity migrate --dry-run` would change: the
// shortest edit script between the two texts' lines (Myers' algorithm), in hunks with three lines of context.

type Op = ' ' | '-' | '+';

interface Line {
  op: Op;
  text: string;
}

const CONTEXT = 3;

/**
 * The unified diff of `before` and `after` for the file at `path` (shown as `a/path` and `b/path`), or `''` when
 * they are the same. `style` colours each line by its kind (for a terminal).
 *
 * @example
 * ```ts
 * process.stdout.write(unifiedDiff('src/app.ts', before, after));
 * ```
 */
export function unifiedDiff(
  path: string,
  before: string,
  after: string,
  style: (line: string, op: Op | '@' | 'header') => string = (line) => line,
): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  const script = editScript(a, b);
  const out = [style(`--- a/${path}`, 'header'), style(`+++ b/${path}`, 'header')];
  for (const hunk of hunks(script)) {
    const lines = script.slice(hunk.from, hunk.to);
    const oldCount = lines.filter((line) => line.op !== '+').length;
    const newCount = lines.filter((line) => line.op !== '-').length;
    out.push(style(`@@ -${range(hunk.oldStart, oldCount)} +${range(hunk.newStart, newCount)} @@`, '@'));
    for (const line of lines) {
      const ended = line.text.endsWith('\n');
      out.push(style(`${line.op}${line.text.replace(/\r?\n$/, '')}`, line.op));
      if (!ended) out.push('\\ No newline at end of file');
    }
  }
  return `${out.join('\n')}\n`;
}

// Lines with their terminators, so a missing final newline is a difference too.
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

// `start,count` as unified diffs write a range (an empty range starts before its position).
function range(start: number, count: number): string {
  const first = count === 0 ? start - 1 : start;
  return count === 1 ? `${first}` : `${first},${count}`;
}

function editScript(a: string[], b: string[]): Line[] {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  )
    suffix++;
  const middle = myers(a.slice(prefix, a.length - suffix), b.slice(prefix, b.length - suffix));
  const same = (text: string): Line => ({ op: ' ', text });
  return [...a.slice(0, prefix).map(same), ...middle, ...a.slice(a.length - suffix).map(same)];
}

// Myers' O((N+M)D) shortest edit script, keeping each round's frontier to walk the path back.
function myers(a: string[], b: string[]): Line[] {
  const n = a.length;
  const m = b.length;
  const offset = n + m + 1;
  const frontier = new Int32Array(2 * offset + 1);
  const trace: Int32Array[] = [];
  let found = n === 0 && m === 0;
  for (let d = 0; d <= n + m && !found; d++) {
    trace.push(frontier.slice());
    for (let k = -d; k <= d; k += 2) {
      const down =
        k === -d || (k !== d && (frontier[offset + k - 1] as number) < (frontier[offset + k + 1] as number));
      let x = down ? (frontier[offset + k + 1] as number) : (frontier[offset + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      frontier[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  const lines: Line[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const previous = trace[d] as Int32Array;
    const k = x - y;
    const down =
      k === -d || (k !== d && (previous[offset + k - 1] as number) < (previous[offset + k + 1] as number));
    const previousK = down ? k + 1 : k - 1;
    const previousX = d === 0 ? 0 : (previous[offset + previousK] as number);
    const previousY = d === 0 ? 0 : previousX - previousK;
    while (x > previousX && y > previousY) {
      x--;
      y--;
      lines.push({ op: ' ', text: a[x] as string });
    }
    if (d > 0) {
      if (down) lines.push({ op: '+', text: b[--y] as string });
      else lines.push({ op: '-', text: a[--x] as string });
    }
  }
  return lines.reverse();
}

// Runs of changes with up to CONTEXT unchanged lines around them; runs closer than twice that merge.
function hunks(script: Line[]): { from: number; to: number; oldStart: number; newStart: number }[] {
  const found: { from: number; to: number; oldStart: number; newStart: number }[] = [];
  let oldLine = 1;
  let newLine = 1;
  const positions = script.map((line) => {
    const at = { old: oldLine, new: newLine };
    if (line.op !== '+') oldLine++;
    if (line.op !== '-') newLine++;
    return at;
  });
  for (let index = 0; index < script.length; index++) {
    if ((script[index] as Line).op === ' ') continue;
    const from = Math.max(0, index - CONTEXT);
    let end = index;
    for (let next = index + 1; next < script.length && next - end <= 2 * CONTEXT; next++) {
      if ((script[next] as Line).op !== ' ') end = next;
    }
    const to = Math.min(script.length, end + CONTEXT + 1);
    const start = positions[from] as { old: number; new: number };
    found.push({ from, to, oldStart: start.old, newStart: start.new });
    index = end;
  }
  return found;
}
