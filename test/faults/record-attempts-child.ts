/**
 * Child process for the crash test: records attempts one by one and reports each acknowledged one on stdout
 * (only after recordAttempt returned), until it is killed.
 *   node --import tsx test/faults/record-attempts-child.ts <database file>
 */
import { SqliteProfileStore } from "../../src/tutor/store/sqlite-profile-store.js";

const store = new SqliteProfileStore(process.argv[2]!);
let next = 0;
async function recordOne(): Promise<void> {
  const id = next++;
  await store.recordAttempt(
    {
      courseId: "c",
      studentId: `s${id % 7}`,
      skillId: "loops",
      itemId: `item-${id}`,
      correct: id % 2 === 0,
      answer: `answer ${id}`,
      hintsUsed: 0,
      at: id,
    },
    0.5,
  );
  await store.appendMemory("c", `s${id % 7}`, "dm", { role: "user", content: `message ${id}`, at: id }, 12);
  process.stdout.write(`ack ${id}\n`);
  setImmediate(() => void recordOne());
}
void recordOne();
