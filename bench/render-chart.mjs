// Renders a Vega-Lite spec (JSON file) to SVG with Vega's headless SVG renderer.
//   node bench/render-chart.mjs spec.json out.svg
// An ES module because vega 6 is ESM with top-level await (not loadable with require).
import { readFileSync, writeFileSync } from "node:fs";
import * as vega from "vega";
import * as vl from "vega-lite";

const [specFile, outFile] = process.argv.slice(2);
if (!specFile || !outFile) {
  console.error("usage: node bench/render-chart.mjs spec.json out.svg");
  process.exit(2);
}
const spec = JSON.parse(readFileSync(specFile, "utf8"));
const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: "none" });
writeFileSync(outFile, await view.toSVG());
