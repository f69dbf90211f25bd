import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { messagesFor } from "../../src/tutor/i18n/messages.js";
import type { ReplyEvent } from "../../src/tutor/turn.js";
import { collect, makeTurn } from "../load/real-tutor.js";
import { startPostgresServer, type PostgresServer } from "../support/postgres-server.js";
import { describeWithPostgres } from "../support/test-database.js";
import { createTutorFixture, type TutorFixture } from "../support/tutor-fixture.js";

const UNAVAILABLE = messagesFor("en").t("error.store-unavailable");
const STUDENTS = Array.from({ length: 10 }, (_, i) => `pupil${i}`);

/** A graded first try: the reply that tells the student how their mastery moved (sent only once it is stored). */
const acknowledged = (events: ReplyEvent[]) => events.some((event) => event.type === "message" && /→/.test(event.text));
const onlyTheNotice = (events: ReplyEvent[]) =>
  events.length === 1 && events[0]!.type === "notice" && (events[0] as { text: string }).text === UNAVAILABLE;

describeWithPostgres("PostgreSQL restarting under a running tutor", () => {
  // A server of this test's own: stopping it must not disturb the other tests' server.
  let server: PostgresServer;
  let fixture: TutorFixture;
  beforeAll(async () => {
    server = await startPostgresServer();
    fixture = await createTutorFixture({ env: { DATABASE_URL: server.url, DATABASE_POOL_SIZE: "3" } });
  }, 60_000);
  afterAll(async () => {
    await fixture?.close();
    await server?.destroy();
  });

  const answerOf = async (student: string): Promise<string> => {
    const quiz = await collect(fixture.handler.handle(makeTurn(student, "/quiz")));
    const question = quiz.find((event) => event.type === "message");
    const choice =
      question?.type === "message" ? question.actions.find((action) => action.command.startsWith("/answer"))?.command : undefined;
    return choice ?? "/answer 42";
  };

  it("students are told their answer was not recorded while it is down; nothing acknowledged is lost; answers are recorded again after, without restarting the tutor", async () => {
    const answers = new Map<string, string>();
    for (const student of STUDENTS) answers.set(student, await answerOf(student));

    // Half the class answers while the server is up.
    for (const student of STUDENTS.slice(0, 5)) {
      const events = await collect(fixture.handler.handle(makeTurn(student, answers.get(student)!)));
      expect(acknowledged(events), student).toBe(true);
    }

    // The other half answers while the server shuts down: each answer is either acknowledged or refused with the notice.
    const inFlight = STUDENTS.slice(5, 9).map(
      async (student) => [student, await collect(fixture.handler.handle(makeTurn(student, answers.get(student)!)))] as const,
    );
    await server.stop();
    const refused: string[] = [];
    for (const [student, events] of await Promise.all(inFlight)) {
      if (!acknowledged(events)) {
        expect(onlyTheNotice(events), `${student}: ${JSON.stringify(events)}`).toBe(true);
        refused.push(student);
      }
    }

    // While it is down: the notice, for an answer as for a question.
    const last = STUDENTS[9]!;
    expect(onlyTheNotice(await collect(fixture.handler.handle(makeTurn(last, answers.get(last)!))))).toBe(true);
    expect(onlyTheNotice(await collect(fixture.handler.handle(makeTurn(last, "what is a variable?"))))).toBe(true);
    refused.push(last);

    // Back up: the same tutor (its pool reconnects by itself) records the refused answers, sent again.
    await server.start();
    for (const student of refused) {
      const events = await collect(fixture.handler.handle(makeTurn(student, answers.get(student)!)));
      expect(
        events.some((event) => event.type === "message"),
        `${student}: ${JSON.stringify(events)}`,
      ).toBe(true);
      if (student === last) expect(acknowledged(events)).toBe(true);
    }

    // Every student's first try is in the database once, read by a connection of its own: none of the acknowledged
    // ones lost, and an answer refused during the outage recorded when sent again (a refusal that had in fact
    // committed — its connection cut between COMMIT and its reply — makes the second send a second try, not a duplicate).
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ student_id: string; n: string }>(
        "SELECT student_id, COUNT(*) AS n FROM attempts GROUP BY student_id",
      );
      const stored = new Map(rows.map((row) => [row.student_id, Number(row.n)]));
      for (const student of STUDENTS) expect(stored.get(`test:user:${student}`), student).toBe(1);
    } finally {
      await client.end();
    }
  });
});
