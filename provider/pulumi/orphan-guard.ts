import { readFileSync } from "node:fs";

// The dynamic-provider plugin runs as node under a small shell script the engine starts. If the
// engine goes away (a killed `pulumi up`), the plugin must not live on, still writing to Chat:
// once its parent or the engine is gone, it exits. Polling, not signals: a SIGKILLed engine sends
// none. The timer does not keep the process alive by itself.

/** The parent's parent on Linux (/proc), when our parent is only the launcher script. */
function enginePid(parent: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${parent}/stat`, "utf8");
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    return /^(sh|bash|dash)$/.test(comm) ? Number(fields[1]) : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function exitWhenOrphaned(intervalMs = 1_000): void {
  const parent = process.ppid;
  const engine = enginePid(parent);
  setInterval(() => {
    if (process.ppid !== parent || (engine !== undefined && engine > 1 && !alive(engine)))
      process.exit(1);
  }, intervalMs).unref();
}
