import pg from "pg";

type Queryable = Pick<pg.ClientBase, "query">;

export interface Statement {
  sql: string;
  values: unknown[];
}

/** SQL shared with SQLite (store-rows.ts) marks its values with `?`: numbered here as `$1`, `$2`… (no statement of the store has a `?` of its own). */
function numbered(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`);
}

/** PostgreSQL's text refuses NUL, which a model's reply could carry: it is dropped, as it shows nothing. */
function storable(value: unknown): unknown {
  return typeof value === "string" ? value.replaceAll("\u0000", "") : value;
}

/** Runs one statement, its values sent apart from it (`?` or `$n` markers). */
export async function run<Row extends pg.QueryResultRow = pg.QueryResultRow>(
  client: Queryable,
  sql: string,
  params: unknown[],
): Promise<pg.QueryResult<Row>> {
  return client.query<Row>(numbered(sql), params.map(storable));
}

/**
 * The statement with its values written in as literals, as the server reads a value sent apart: the same text
 * (what pg sends for a number or a boolean is its string), of a type the statement decides. Undefined when a
 * value is of a kind pg sends otherwise (arrays, objects, bytes, dates): that statement goes alone.
 */
export function withLiterals(sql: string, params: readonly unknown[]): string | undefined {
  const literals: string[] = [];
  for (const value of params) {
    const kept = storable(value);
    if (kept === null || kept === undefined) literals.push("NULL");
    else if (typeof kept === "string" || typeof kept === "boolean" || (typeof kept === "number" && Number.isFinite(kept)))
      literals.push(pg.escapeLiteral(String(kept)));
    else return undefined;
  }
  let missing = false;
  const written = numbered(sql).replace(/\$(\d+)/g, (_, index: string) => {
    const literal = literals[Number(index) - 1];
    if (literal === undefined) missing = true;
    return literal ?? "";
  });
  return missing ? undefined : written;
}

/**
 * Statements whose values are written in (withLiterals), as one simple query: pg sends a query without parameters
 * that way, and it may hold several statements; their results in order.
 */
async function sendAsOneMessage(client: Queryable, literals: readonly string[]): Promise<pg.QueryResult[]> {
  return (await client.query(literals.join(";\n"))) as unknown as pg.QueryResult[];
}

interface Waiting extends Statement {
  resolve(result: pg.QueryResult): void;
  reject(error: unknown): void;
}

/**
 * Reads and unsynced writes (a turn's claim, a question's memory and pitch) made in the same turn of the event
 * loop go to the server together: one message of several statements, one round trip, instead of one each. A turn starts with its claim and five or six reads at
 * once, and on a busy machine each round trip's cost is mostly the tutor's and the server's CPU (a socket write,
 * waking the server's backend, parsing its reply), which a class arriving together multiplies. The statements of
 * one message run in one transaction: a failure in one fails them all, so then each runs again alone and its
 * caller gets its own result or error. Writes that must wait for the disk never come here: an unsynced write's
 * transaction does not (postgres-profile-store.ts `unsynced`), and it would take the others' with it.
 */
export class StatementBatcher {
  private waiting: Waiting[] = [];
  private scheduled = false;

  constructor(
    private readonly pool: pg.Pool,
    /** Whether an error means the server is gone: running the statements again alone would only wait again. */
    private readonly isConnectionFailure: (error: unknown) => boolean,
    /** Statements per message, so that a burst still spreads over the pool's connections. */
    private readonly maxStatements = 16,
  ) {}

  query<Row extends pg.QueryResultRow>(sql: string, values: unknown[]): Promise<pg.QueryResult<Row>> {
    return new Promise<pg.QueryResult<Row>>((resolve, reject) => {
      this.waiting.push({ sql, values, resolve: resolve as Waiting["resolve"], reject });
      if (this.scheduled) return;
      this.scheduled = true;
      // After every statement this turn of the event loop makes, its promises' continuations included.
      setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    this.scheduled = false;
    const all = this.waiting;
    this.waiting = [];
    for (let start = 0; start < all.length; start += this.maxStatements) void this.send(all.slice(start, start + this.maxStatements));
  }

  /** The batch as one message, but for statements whose values cannot be written in: each of those goes alone. */
  private async send(batch: Waiting[]): Promise<void> {
    const together: Array<{ statement: Waiting; literal: string }> = [];
    for (const statement of batch) {
      const literal = batch.length > 1 ? withLiterals(statement.sql, statement.values) : undefined;
      if (literal === undefined) void this.alone(statement);
      else together.push({ statement, literal });
    }
    if (together.length === 1) void this.alone(together[0]!.statement);
    if (together.length <= 1) return;
    let results: pg.QueryResult[];
    try {
      results = await sendAsOneMessage(
        this.pool,
        together.map(({ literal }) => literal),
      );
    } catch (error) {
      if (this.isConnectionFailure(error)) for (const { statement } of together) statement.reject(error);
      else for (const { statement } of together) void this.alone(statement);
      return;
    }
    for (const [index, { statement }] of together.entries()) statement.resolve(results[index]!);
  }

  private alone(statement: Waiting): Promise<void> {
    return run(this.pool, statement.sql, statement.values).then(statement.resolve, statement.reject);
  }
}

/**
 * Statements run one after the other in one message (one round trip) when their values can be written in, else one
 * by one: their results in order either way. Inside a transaction the message may begin or commit it; a statement
 * that fails skips the rest of the message and leaves the transaction for the caller to roll back.
 */
export async function runInOneMessage(client: Queryable, statements: readonly Statement[]): Promise<pg.QueryResult[]> {
  const literals = statements.map(({ sql, values }) => withLiterals(sql, values));
  if (statements.length > 1 && literals.every((literal) => literal !== undefined)) return sendAsOneMessage(client, literals);
  const results: pg.QueryResult[] = [];
  for (const { sql, values } of statements) results.push(await run(client, sql, values));
  return results;
}
