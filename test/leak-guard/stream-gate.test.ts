import { describe, expect, it } from "vitest";
import type { Leak } from "../../src/tutor/leak-guard/leak.js";
import { StreamGate, type GateStep } from "../../src/tutor/leak-guard/stream-gate.js";

const SECRET: Leak = { kind: "answer", detail: "test" };
const checkFor = (secret: RegExp) => (text: string) => (secret.test(text) ? SECRET : undefined);
const released = (steps: GateStep[]) => steps.map((step) => (step.kind === "release" ? step.text : "")).join("");

describe("StreamGate", () => {
  it("releases text at word boundaries, holding back the newest characters, and everything at the end", () => {
    const gate = new StreamGate(checkFor(/never/), { holdChars: 10, minRelease: 1 });
    const text = "A loop repeats a block of code for every item in a list.";
    const steps = [...text].map((char) => gate.push(char));
    const early = released(steps);
    expect(early.length).toBeGreaterThan(20);
    expect(text.startsWith(early)).toBe(true);
    expect(early.endsWith(" ")).toBe(true);
    expect(text.length - early.length).toBeGreaterThanOrEqual(10);
    const last = gate.finish();
    expect(last.kind).toBe("release");
    expect(early + (last.kind === "release" ? last.text : "")).toBe(text);
  });

  it("stops at a leak before any of it is released, and returns the safe text sent before", () => {
    const gate = new StreamGate(checkFor(/answer is 28/), { holdChars: 8, minRelease: 1 });
    const steps = ["Let us trace the code slowly. ", "The answer ", "is 2", "8 and more"].map((piece) => gate.push(piece));
    expect(released(steps)).not.toContain("28");
    const stop = steps.at(-1)!;
    expect(stop.kind).toBe("leak");
    expect(stop.kind === "leak" && stop.safe).toBe(released(steps));
    expect(gate.push("more text").kind).toBe("leak");
    expect(gate.finish().kind).toBe("leak");
  });

  it("never splits a token: a long encoded string goes out whole or not at all", () => {
    const gate = new StreamGate(checkFor(/VGhlIGFuc3dlciBpcyAyOA==/), { holdChars: 4, minRelease: 1 });
    const steps = ["Here: ", ..."VGhlIGFuc3dlciBpcyAyOA=="].map((piece) => gate.push(piece));
    expect(released(steps)).toBe("Here: ");
    expect(gate.finish().kind).toBe("leak");
  });

  it("releases a few words at a time, checking only then", () => {
    let checks = 0;
    const gate = new StreamGate(() => void (checks += 1), { holdChars: 8, minRelease: 16 });
    const steps = [..."one two three four five six seven eight nine ten eleven twelve"].map((char) => gate.push(char));
    const sizes = steps.flatMap((step) => (step.kind === "release" && step.text ? [step.text.length] : []));
    expect(sizes.length).toBeGreaterThan(1);
    expect(sizes.every((size) => size >= 16)).toBe(true);
    expect(checks).toBe(sizes.length);
  });

  it("checks the whole reply at the end: a leak only the last piece completes is caught", () => {
    const gate = new StreamGate(checkFor(/^Fun\nIs\nVery\nEasy$/));
    gate.push("Fun\nIs\nVery\nEasy");
    expect(gate.finish().kind).toBe("leak");
  });
});
