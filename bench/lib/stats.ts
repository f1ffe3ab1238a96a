// Median and spread of repeated measurements.

export interface Summary {
  readonly runs: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

export function summarize(xs: readonly number[]): Summary | undefined {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const mid = Math.floor(v.length / 2);
  const median = v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
  return { runs: v.length, median, min: v[0]!, max: v[v.length - 1]! };
}

/** "12.3 s (11.9–12.8, n=3)" */
export function fmt(s: Summary | undefined, unit = "", digits = 1): string {
  if (!s) return "–";
  const f = (x: number) => x.toFixed(digits);
  if (s.runs === 1 || s.min === s.max) return `${f(s.median)}${unit} (n=${s.runs})`;
  return `${f(s.median)}${unit} (${f(s.min)}–${f(s.max)}, n=${s.runs})`;
}
