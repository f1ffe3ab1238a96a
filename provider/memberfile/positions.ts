import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from "yaml";

// Maps a path inside the document (["members", 2, "role"]) to a 1-based line and column.

export type DocPath = readonly (string | number)[];

function child(node: unknown, key: string | number): { key?: Node; value?: Node } | undefined {
  if (isSeq(node) && typeof key === "number") {
    const item = node.items[key];
    return item ? { value: item as Node } : undefined;
  }
  if (isMap(node)) {
    for (const pair of node.items) {
      if (isPair(pair) && isScalar(pair.key) && pair.key.value === key) {
        return { key: pair.key as Node, value: (pair.value ?? undefined) as Node | undefined };
      }
    }
  }
  return undefined;
}

/**
 * The node at `path` (or its key when `atKey`); when the path does not exist (a missing key),
 * the deepest existing ancestor.
 */
export function nodeAt(doc: Document, path: DocPath, atKey = false): Node | undefined {
  let node = (doc.contents ?? undefined) as Node | undefined;
  for (const [i, key] of path.entries()) {
    const next = child(node, key);
    if (!next) return node;
    if (atKey && i === path.length - 1 && next.key) return next.key;
    if (!next.value) return next.key ?? node;
    node = next.value;
  }
  return node;
}

export function positionOf(
  doc: Document,
  lines: LineCounter,
  path: DocPath,
  atKey = false,
): { line: number; col: number } {
  const node = nodeAt(doc, path, atKey);
  const offset = node?.range?.[0] ?? 0;
  return lines.linePos(offset);
}
