// Plain-text tables: columns padded to their widest cell. Given a width (the terminal's), the widest columns
// give way first and their cells wrap at spaces, so a row stays readable; without one (piped output), no cell is
// ever cut, so what a script greps for stays on one line.

const GAP = '  ';
// A column is never squeezed below this (or its header, if shorter than its content).
const MIN_COLUMN = 8;
// Words up to this long are kept whole while the table can afford it.
const MAX_WORD = 24;

/** How {@link formatTable} lays out and styles a table. */
export interface TableOptions {
  /** The width to fit in, e.g. `process.stdout.columns`; undefined: no limit. */
  width?: number | undefined;
  /** Styles one line of a cell (row 0 is the header); applied after layout, so escape codes take no width. */
  style?: (text: string, row: number, column: number) => string;
}

/**
 * Formats rows (the first is the header) as a table that fits `width`: when the natural widths do not fit, the
 * widest columns shrink (down to a few characters each) and their cells wrap at spaces; a word longer than its
 * column is split.
 *
 * @example
 * ```ts
 * formatTable([['credential', 'result'], ['AzureCliCredential', 'ok']], { width: process.stdout.columns });
 * ```
 */
export function formatTable(rows: string[][], options: TableOptions = {}): string {
  const { width, style = (text: string) => text } = options;
  const columns = Math.max(...rows.map((row) => row.length));
  const cells = rows.map((row) =>
    Array.from({ length: columns }, (_, column) => (row[column] ?? '').replace(/\s+/g, ' ').trim()),
  );
  const natural = Array.from({ length: columns }, (_, column) =>
    Math.max(...cells.map((row) => (row[column] as string).length)),
  );
  const limits = width === undefined ? natural : fit(natural, cells, width - GAP.length * (columns - 1));
  const wrapped = cells.map((row) => row.map((cell, column) => wrap(cell, limits[column] as number)));
  // A column is as wide as its longest line once wrapped, which may be less than its limit.
  const widths = limits.map((_, column) =>
    Math.max(...wrapped.map((row) => Math.max(...(row[column] as string[]).map((line) => line.length)))),
  );
  const render = (row: string[][], index: number) => {
    const height = Math.max(...row.map((lines) => lines.length));
    return Array.from({ length: height }, (_, line) =>
      row
        .map((lines, column) => {
          const text = lines[line] ?? '';
          const padding = ' '.repeat((widths[column] as number) - text.length);
          return (text ? style(text, index, column) : '') + padding;
        })
        .join(GAP)
        .trimEnd(),
    );
  };
  const [header = [], ...body] = wrapped;
  return [
    ...render(header, 0),
    widths.map((columnWidth) => '-'.repeat(columnWidth)).join(GAP),
    ...body.flatMap((row, index) => render(row, index + 1)),
  ].join('\n');
}

// Column widths within `available`: the widest columns come down to a common cap, never below a floor. Floors
// are tried from the most readable: every word whole; words up to MAX_WORD whole; whole words only in columns of
// single words (names, which must not break; prose can); at last, a few characters each.
function fit(natural: number[], cells: string[][], available: number): number[] {
  const header = cells[0] ?? [];
  const words = (column: number) => cells.flatMap((row) => (row[column] ?? '').split(' '));
  const longestWord = natural.map((_, column) => Math.max(...words(column).map((word) => word.length)));
  const oneWord = natural.map((_, column) => cells.every((row) => !(row[column] ?? '').includes(' ')));
  const narrow = natural.map((own, column) =>
    Math.min(own, Math.max(MIN_COLUMN, (header[column] ?? '').length)),
  );
  const whole = (cap: number) =>
    narrow.map((floor, column) => Math.max(floor, Math.min(longestWord[column] as number, cap)));
  const tiers = [
    whole(Number.POSITIVE_INFINITY),
    whole(MAX_WORD),
    whole(Number.POSITIVE_INFINITY).map((floor, column) =>
      oneWord[column] ? floor : (narrow[column] as number),
    ),
    narrow,
  ];
  let widths = natural;
  for (const floors of tiers) {
    const capped = (cap: number) =>
      natural.map((own, column) => Math.min(own, Math.max(cap, floors[column] as number)));
    let cap = Math.max(...natural);
    while (cap > 1 && sum(capped(cap)) > available) cap--;
    widths = capped(cap);
    if (sum(widths) <= available) break;
  }
  return widths;
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ').filter(Boolean)) {
    let rest = word;
    while (rest.length > width) {
      // A word too long for the column: finish the current line, then split the word.
      if (line) lines.push(line);
      lines.push(rest.slice(0, width));
      rest = rest.slice(width);
      line = '';
    }
    if (!rest) continue;
    if (line && line.length + 1 + rest.length > width) {
      lines.push(line);
      line = rest;
    } else {
      line = line ? `${line} ${rest}` : rest;
    }
  }
  lines.push(line);
  return lines;
}
