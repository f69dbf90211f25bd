export interface OverrideRequest {
  student: string;
  skill: string;
  /** 0..1. */
  value: number;
  reason: string;
}

/** What is wrong with an override command; the flow words it in the course's language. */
export type OverrideProblem = { problem: "incomplete" } | { problem: "not-a-percentage"; amount: string } | { problem: "no-reason" };

/** Reads `<student-id> <skill> <percent> <reason>`; the reason is required, so every override says why. */
export function parseOverride(argument: string): { ok: true; request: OverrideRequest } | ({ ok: false } & OverrideProblem) {
  const [student, skill, amount, ...reason] = argument.trim().split(/\s+/).filter(Boolean);
  if (!student || !skill || !amount) return { ok: false, problem: "incomplete" };
  const match = /^(\d+(?:\.\d+)?)%?$/.exec(amount);
  const percent = match ? Number(match[1]) : NaN;
  if (!(percent >= 0 && percent <= 100)) return { ok: false, problem: "not-a-percentage", amount };
  if (reason.length === 0) return { ok: false, problem: "no-reason" };
  return { ok: true, request: { student, skill, value: percent / 100, reason: reason.join(" ") } };
}
