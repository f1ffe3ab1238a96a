// Names we interpolate into request paths (`spaces/{space}/members/{member}`) must not be able to
// change which resource is addressed or add a query. The client expands paths with `{+name}`, which
// leaves `/`, `?`, `#` and `%` as they are, so we refuse them (and their encodings) outright.

/** Explains why `text` could alter a request path or query, or returns undefined when it cannot. */
export function pathHazard(text: string): string | undefined {
  if (text.length === 0) return "is empty";
  const control = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.exec(text);
  if (control) {
    const hex = control[0].codePointAt(0)!.toString(16).padStart(4, "0");
    return `contains the control or invisible character U+${hex.toUpperCase()}`;
  }
  if (/\s/u.test(text)) return "contains whitespace";
  if (text.includes("..")) return 'contains ".." (path traversal)';
  if (/%(2e|2f|3f|23|5c|25|00)/i.test(text)) return "contains a percent-encoded path character";
  if (text.includes("%")) return 'contains "%" (percent-encoding)';
  if (text.includes("?")) return 'contains "?" (would start a query)';
  if (text.includes("#")) return 'contains "#" (would start a fragment)';
  if (text.includes("\\")) return 'contains "\\"';
  return undefined;
}
