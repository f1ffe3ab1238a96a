// Writes a Vega-Lite spec next to the report and renders it to SVG (render-chart.mjs: Vega is
// ESM with top-level await, so it runs in its own process).
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import * as path from "node:path";

/** Writes `<name>.vl.json` and `<name>.svg` into `out`. */
export function renderChart(out: string, name: string, spec: object): void {
  const specFile = path.join(out, `${name}.vl.json`);
  writeFileSync(specFile, JSON.stringify(spec, null, 1) + "\n");
  execFileSync(process.execPath, [
    path.join(__dirname, "../render-chart.mjs"),
    specFile,
    path.join(out, `${name}.svg`),
  ]);
}
