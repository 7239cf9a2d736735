// Printing benchmark figures as aligned tables.
export const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
export const ms = (value) => `${value.toFixed(2)} ms`;
export const num = (value) => Math.round(value).toLocaleString('en-US');

export function table(title, headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  console.log(`\n${title}\n${line(headers)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const row of rows) console.log(line(row));
}
