/**
 * Queries built and compiled once per dialect, then run with fresh parameter values.
 *
 * Building a Kysely query and compiling it to SQL costs more than running most of ours on SQLite
 * (tens of microseconds each, a dozen per public report). A prepared query is written with the
 * ordinary builder, called once with placeholders in place of its values; the SQL it compiles to is
 * kept (per Kysely adapter, so per dialect), and later runs only substitute the placeholders in its
 * parameter list. The SQL sent is exactly what the builder would have produced.
 */
import type { Compilable, CompiledQuery, Kysely, QueryResult, Transaction } from 'kysely';
import { CustosError } from '../../core/errors.ts';
import type { Database } from './schema.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Stands for the `index`-th leaf value of the arguments while the query is built. */
class Slot {
  constructor(readonly index: number) {}
}

/** Leaves: anything but a plain array or plain object (strings, numbers, null, bytes, …). */
function isBranch(v: unknown): v is Record<string, unknown> | unknown[] {
  if (Array.isArray(v)) return true;
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * The leaf values of `args` in a fixed order (arrays by index, objects by key order), and in
 * `shape` the structure they were found in (array lengths and object keys, in order), so that
 * arguments built with their keys in another order never reuse a template made for this one.
 * @returns false when a leaf is undefined (Kysely leaves such a column out: not preparable).
 */
function leaves(args: unknown, out: unknown[], shape: string[]): boolean {
  if (!isBranch(args)) {
    out.push(args);
    return args !== undefined;
  }
  if (Array.isArray(args)) {
    shape.push(`[${args.length}`);
    for (const v of args) if (!leaves(v, out, shape)) return false;
  } else {
    shape.push('{');
    for (const k in args) {
      shape.push(k);
      if (!leaves(args[k], out, shape)) return false;
    }
  }
  shape.push(']');
  return true;
}

/** `args` with every leaf replaced by its {@link Slot}, in the order of {@link leaves}. */
function slotted(args: unknown, next: { i: number }): unknown {
  if (!isBranch(args)) return new Slot(next.i++);
  if (Array.isArray(args)) return args.map((v) => slotted(v, next));
  const out: Record<string, unknown> = {};
  for (const k in args) out[k] = slotted(args[k], next);
  return out;
}

interface Template {
  readonly compiled: CompiledQuery;
  /** For each SQL parameter: the leaf index it takes, or -1 for a constant of the query. */
  readonly from: readonly number[];
}

/** A query compiled once per dialect and shape; see {@link prepared}. */
export type PreparedQuery<A, O> = (
  db: Db,
  args: A,
  shape?: string | number,
) => Promise<QueryResult<O>>;

/**
 * Makes a prepared query from `build`, which must use the values of its `args` only as query
 * values (never inspect, combine or drop them: it sees placeholders). A value `undefined` (which
 * Kysely leaves out of the SQL) makes that run build its query afresh. Each structure of the
 * arguments (array lengths, object keys and their order) is compiled once; `shape` may name a
 * further distinction the structure does not show.
 *
 * @returns a function running the query on `db` (a Kysely instance or transaction).
 * @throws CustosError (internal) `PREPARED_VALUE_UNUSED` when `build` did not place a value in the
 *   query as a parameter.
 */
export function prepared<A, O>(build: (db: Db, args: A) => Compilable<O>): PreparedQuery<A, O> {
  const byAdapter = new WeakMap<object, Map<string, Template>>();
  return async (db, args, shape = '') => {
    const adapter = db.getExecutor().adapter;
    let templates = byAdapter.get(adapter);
    if (!templates) {
      templates = new Map();
      byAdapter.set(adapter, templates);
    }
    const values: unknown[] = [];
    const structure: string[] = [String(shape)];
    // An undefined value changes the SQL (the column is left out): build that query afresh.
    if (!leaves(args, values, structure)) return db.executeQuery(build(db, args).compile());
    const key = structure.join('\u0000');
    let t = templates.get(key);
    if (!t) {
      const counter = { i: 0 };
      const compiled = build(db, slotted(args, counter) as A).compile();
      const from = compiled.parameters.map((p) => (p instanceof Slot ? p.index : -1));
      const used = new Set(from);
      for (let i = 0; i < counter.i; i++)
        if (!used.has(i))
          throw new CustosError(
            'internal',
            'PREPARED_VALUE_UNUSED',
            `prepared query value ${i} is not a parameter of: ${compiled.sql}`,
          );
      t = { compiled, from };
      templates.set(key, t);
    }
    const { compiled, from } = t;
    const parameters = from.map((i, k) => (i < 0 ? compiled.parameters[k] : values[i]));
    return db.executeQuery<O>({ ...compiled, parameters });
  };
}
