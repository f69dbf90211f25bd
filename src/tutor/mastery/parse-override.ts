export interface OverrideRequest {
  student: string;
  skill: string;
  /** 0..1. */
  value: number;
  reason: string;
}

export const OVERRIDE_USAGE = "Usage: `/override <student-id> <skill> <percent> <reason>`, e.g. `/override discord:user:123 loops 90 showed it in the lab`.";

/** Reads `<student-id> <skill> <percent> <reason>`; the reason is required, so every override says why. */
export function parseOverride(argument: string): { ok: true; request: OverrideRequest } | { ok: false; error: string } {
  const [student, skill, amount, ...reason] = argument.trim().split(/\s+/).filter(Boolean);
  if (!student || !skill || !amount) return { ok: false, error: `I need a student, a skill, a percentage and a reason. ${OVERRIDE_USAGE}` };
  const match = /^(\d+(?:\.\d+)?)%?$/.exec(amount);
  const percent = match ? Number(match[1]) : NaN;
  if (!(percent >= 0 && percent <= 100)) return { ok: false, error: `“${amount}” is not a percentage from 0 to 100. ${OVERRIDE_USAGE}` };
  if (reason.length === 0) return { ok: false, error: `Please give a reason: the student sees it beside the number. ${OVERRIDE_USAGE}` };
  return { ok: true, request: { student, skill, value: percent / 100, reason: reason.join(" ") } };
}
