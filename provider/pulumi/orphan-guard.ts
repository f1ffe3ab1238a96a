import { readFileSync } from "node:fs";

// The dynamic-provider plugin runs as node under a small launcher script the engine starts. If
// the engine goes away (a killed `pulumi up`), the plugin must not live on, still writing to
// Chat: once its parent or the engine is gone, it exits. Polling, not signals: a SIGKILLed
// engine sends none, and the launcher (reparented to init) lives on as long as node does.

/** A process's parent on Linux (/proc); undefined elsewhere or when it is gone. */
function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which is in parentheses and may contain spaces.
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

export function exitWhenOrphaned(intervalMs = 1_000): void {
  const parent = process.ppid;
  // The launcher's own parent: the engine (or, without a launcher, whatever started the engine —
  // then the ppid check alone decides).
  const grandparent = parentOf(parent);
  const orphaned = () =>
    process.ppid !== parent ||
    (grandparent !== undefined && grandparent > 1 && parentOf(parent) !== grandparent);
  setInterval(() => {
    if (orphaned()) process.exit(1);
  }, intervalMs).unref();
  // Output to an engine that is gone fails with EPIPE: stop, instead of logging each failure.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(1);
  });
}
