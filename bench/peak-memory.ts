import { readdirSync, readFileSync, writeFileSync } from "node:fs";

/**
 * Peak resident memory as the OS counts it: Linux's high-water mark (VmHWM) of this process covers all its
 * threads (the document parsing thread too), and a child process still running when the report is made (tsx's
 * esbuild service, on a cold cache) adds its own, so the figure never undercounts the process tree. Between
 * phases the mark is reset (/proc/self/clear_refs), so each phase reports its own peak; the run's peak is the
 * highest of them. Elsewhere only the whole run's peak (getrusage) is known.
 */
export class PeakMemory {
  private readonly byPhase: Record<string, number> = {};
  private readonly linux = readStatusKb("self", "VmHWM") !== undefined;

  /** Ends a phase: records its peak and starts the next one from what is resident now. */
  endPhase(name: string): void {
    if (!this.linux) return;
    this.byPhase[name] = Math.round(readStatusKb("self", "VmHWM")! / 1024);
    writeFileSync("/proc/self/clear_refs", "5");
  }

  /** The peak of the process tree, each phase's peak in this process, and the peak of its child processes. */
  report(): { peakRssMb: number; peakRssMbByPhase: Record<string, number>; childProcessesPeakRssMb: number } {
    if (!this.linux) {
      return { peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), peakRssMbByPhase: {}, childProcessesPeakRssMb: 0 };
    }
    const own = Math.max(...Object.values(this.byPhase), Math.round(readStatusKb("self", "VmHWM")! / 1024));
    const children = Math.round(descendantsOf(process.pid).reduce((sum, pid) => sum + (readStatusKb(String(pid), "VmHWM") ?? 0), 0) / 1024);
    return { peakRssMb: own + children, peakRssMbByPhase: { ...this.byPhase }, childProcessesPeakRssMb: children };
  }
}

function readStatusKb(pid: string, field: string): number | undefined {
  try {
    const match = readFileSync(`/proc/${pid}/status`, "utf8").match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

function descendantsOf(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name (field 2) is in parentheses and may hold spaces; the parent's pid follows the state.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // The process ended while the list was read.
    }
  }
  const found: number[] = [];
  const visit = (pid: number) => {
    for (const [child, parent] of parentOf) {
      if (parent === pid) {
        found.push(child);
        visit(child);
      }
    }
  };
  visit(root);
  return found;
}
