// Peak resident memory of the processes one engine command starts, by role. Linux keeps each
// process's own high-water mark (VmHWM in /proc/PID/status), so sampling only has to see a
// process once before it exits, not at its peak; a sample every 100 ms sees every process that
// lives longer than that (the engine, the language host, the program and the providers do).
import { readdirSync, readFileSync } from "node:fs";

/** Who a process is, from its command line: what the memory figure is reported per. */
export type ProcessRole = "engine" | "provider" | "program" | "languageHost" | "other";

/** Peak RSS in MiB per role: the largest process of that role (one engine, one provider …). */
export type PeakRss = Partial<Record<ProcessRole, number>>;

export function roleOf(cmdline: readonly string[]): ProcessRole {
  const exe = (cmdline[0] ?? "").split("/").at(-1) ?? "";
  const args = cmdline.join(" ");
  if (exe === "pulumi") return "engine";
  if (exe.startsWith("pulumi-language-")) return "languageHost";
  // The dynamic provider (@pulumi/pulumi's cmd/dynamic-provider) and the googlechat plugin.
  if (/dynamic-provider|pulumi-resource-|provider\/plugin\/server/.test(args)) return "provider";
  if (/node$/.test(exe) && /run-plugin|cmd\/run|language-host|ts-node|index/.test(args))
    return "program";
  return "other";
}

/** Every live process's children, by parent pid: one pass over /proc per sample. */
function readChildren(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const e of readdirSync("/proc")) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, "utf8");
      // Field 4 (ppid) follows the parenthesised name, which may itself hold spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const siblings = children.get(ppid);
      if (siblings) siblings.push(Number(e));
      else children.set(ppid, [Number(e)]);
    } catch {
      // exited between readdir and read
    }
  }
  return children;
}

function hwmMiB(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

function cmdline(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  } catch {
    return [];
  }
}

/**
 * Samples the descendants of `root` (default: this process) until stopped; returns each role's
 * peak. Descendants only: the bench's own process and the emulator in it are not counted.
 */
export function sampleRss(root = process.pid, everyMs = 100): { stop(): PeakRss } {
  const seen = new Map<number, { role: ProcessRole; hwm: number }>();
  const sample = () => {
    const children = readChildren();
    const queue = [...(children.get(root) ?? [])];
    while (queue.length > 0) {
      const pid = queue.pop()!;
      queue.push(...(children.get(pid) ?? []));
      const hwm = hwmMiB(pid);
      if (hwm === undefined) continue;
      const known = seen.get(pid);
      const role = known?.role ?? roleOf(cmdline(pid));
      seen.set(pid, { role, hwm: Math.max(hwm, known?.hwm ?? 0) });
    }
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const peak: PeakRss = {};
      for (const { role, hwm } of seen.values())
        peak[role] = Math.round(Math.max(peak[role] ?? 0, hwm) * 10) / 10;
      return peak;
    },
  };
}
