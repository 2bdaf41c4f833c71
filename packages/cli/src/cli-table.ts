// Plain-text tables: columns padded to their widest cell, long cells wrapped inside their column so a row
// stays readable in a terminal.

/**
 * Formats rows (the first is the header) as a table; cells wider than `maxWidth` wrap at spaces.
 *
 * @example
 * ```ts
 * formatTable([['credential', 'result'], ['AzureCliCredential', 'ok']]);
 * ```
 */
export function formatTable(rows: string[][], maxWidth = 48): string {
  const wrapped = rows.map((row) => row.map((cell) => wrap(cell, maxWidth)));
  const columns = Math.max(...rows.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, column) =>
    Math.max(...wrapped.map((row) => Math.max(...(row[column] ?? ['']).map((line) => line.length)))),
  );
  const render = (row: string[][]) => {
    const height = Math.max(...row.map((lines) => lines.length));
    return Array.from({ length: height }, (_, index) =>
      widths
        .map((width, column) => (row[column]?.[index] ?? '').padEnd(width))
        .join('  ')
        .trimEnd(),
    );
  };
  const [header = [], ...body] = wrapped;
  return [
    ...render(header),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...body.flatMap(render),
  ].join('\n');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push(line);
  return lines;
}
