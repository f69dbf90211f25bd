import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqliteProfileStore } from "../../src/tutor/store/sqlite-profile-store.js";
import { createTutorFixture, tutorOf, type TutorFixture } from "../support/tutor-fixture.js";
import { collect, turnOf } from "./turns.js";

describe("a turn delivered to two tutors sharing the profile store", () => {
  let fixture: TutorFixture;
  let other: SqliteProfileStore;
  beforeAll(async () => {
    fixture = await createTutorFixture();
    other = new SqliteProfileStore(path.join(fixture.dataDir, "tutor.db"));
  });
  afterAll(async () => {
    await other.close();
    await fixture.close();
  });

  it("is answered by one of them, at once or after a restart", async () => {
    // The fixture's tutor claims turns in its store (as compose wires it); the second is another process's.
    const second = tutorOf(fixture, { store: other, claims: other });
    const turn = turnOf("ada", "/help");
    const [here, there] = await Promise.all([collect(fixture.handler, turn), collect(second, turn)]);
    expect([here, there].filter((events) => events.length > 0)).toHaveLength(1);
    // A tutor started afterwards on the same file (a restart) does not answer it either.
    expect(await collect(tutorOf(fixture, { store: other, claims: other }), turn)).toEqual([]);
    // Each still answers turns that are new.
    expect(await collect(second, turnOf("ada", "/help"))).not.toEqual([]);
  });
});
