// `chat-members report`: the JSON of `pulumi preview --json` → a Markdown summary for a pull
// request. Pure: the CLI command reads the input and prints the result.
export { parsePreviewJson, PreviewJsonError } from "./preview";
export type { PreviewJson, PreviewStep, PreviewDiagnostic, StepState } from "./preview";
export { buildReport } from "./report";
export type { Report, ReportOptions, Totals } from "./report";
export type { MemberChange, ResourceChange, ChangeKind } from "./changes";
export type { Guard, GuardCode } from "./diagnostics";
export { renderMarkdown, escapeMarkdown, type RenderOptions } from "./markdown";

import { renderMarkdown, type RenderOptions } from "./markdown";
import { parsePreviewJson } from "./preview";
import { buildReport, type ReportOptions } from "./report";

/** The preview JSON text → the Markdown report; `source` names the input in errors. */
export function previewReport(
  text: string,
  source: string,
  opts: RenderOptions & ReportOptions = {},
): string {
  return renderMarkdown(buildReport(parsePreviewJson(text, source), opts), opts);
}
