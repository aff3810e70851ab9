/**
 * A learner's producer-state table, handed over as a class, a factory or a loaded module, turned into the factory
 * the simulated cluster swaps into every replica (instructors swap a student's implementation in with it).
 */
import { SimulationInputError } from "../protocol/errors.js";
import type { StateTableFactory } from "../broker/partition.js";
import type { ProducerStateTableLike } from "../broker/producer-state.js";

/** What a learner's producer-state table may be handed over as. */
export type StateTableSource =
  /** A function that makes a fresh table: `() => new ProducerStateTable()`. */
  | StateTableFactory
  /** The class itself: `ProducerStateTable`. */
  | (new () => ProducerStateTableLike)
  /** What `loadStateTableModule(file)` returns. */
  | { createStateTable(): ProducerStateTableLike }
  /** A module with a `ProducerStateTable` export: `await import("./mine.js")`. */
  | { ProducerStateTable: unknown }
  /** What `loadLearnerModule(file)` returns (its `exports` hold `ProducerStateTable`). */
  | { exports: Record<string, unknown> };

const SOURCE_HELP =
  "Pass a class (ProducerStateTable), a function that returns a new table (() => new ProducerStateTable()), " +
  "a module that exports ProducerStateTable, or what loadStateTableModule(file) returns.";

function isClass(f: unknown): f is new () => ProducerStateTableLike {
  if (typeof f !== "function") return false;
  const proto = (f as { prototype?: Record<string, unknown> }).prototype;
  return /^class\b/.test(Function.prototype.toString.call(f)) || (proto !== undefined && typeof proto.append === "function");
}

function checkTable(table: unknown, from: string): ProducerStateTableLike {
  if (table === null || typeof table !== "object") {
    throw new SimulationInputError(`${from} gave ${table === null ? "null" : typeof table}, not a producer-state table. ${SOURCE_HELP}`);
  }
  const t = table as Record<string, unknown>;
  const missing = ["get", "append"].filter((m) => typeof t[m] !== "function");
  if (missing.length > 0) {
    throw new SimulationInputError(`${from} gave a table without ${missing.map((m) => `${m}()`).join(" and ")}: a producer-state table needs get(producerId) and append(batch, firstOffset).`);
  }
  return table as ProducerStateTableLike;
}

/**
 * A factory of fresh producer-state tables (one per replica) from a learner's class, factory or module.
 * Throws SimulationInputError naming what was given when it is none of these, or when its table lacks get/append.
 */
export function stateTableFactory(source: StateTableSource): StateTableFactory {
  let make: () => unknown;
  let from: string;
  if (isClass(source)) {
    const Table = source;
    make = () => new Table();
    from = `new ${Table.name || "(class)"}()`;
  } else if (typeof source === "function") {
    make = source as () => unknown;
    from = "The factory";
  } else if (source !== null && typeof source === "object") {
    const s = source as Record<string, unknown>;
    const exported = s.exports !== null && typeof s.exports === "object" ? (s.exports as Record<string, unknown>) : undefined;
    if (typeof s.createStateTable === "function") {
      make = () => (s.createStateTable as () => unknown)();
      from = "createStateTable()";
    } else if (isClass(s.ProducerStateTable) || isClass(exported?.ProducerStateTable)) {
      const Table = (isClass(s.ProducerStateTable) ? s.ProducerStateTable : exported!.ProducerStateTable) as new () => ProducerStateTableLike;
      make = () => new Table();
      from = "new ProducerStateTable()";
    } else {
      const keys = Object.keys(exported ?? s);
      throw new SimulationInputError(`This object has no ProducerStateTable class or createStateTable() (its keys: ${keys.join(", ") || "none"}). ${SOURCE_HELP}`);
    }
  } else {
    throw new SimulationInputError(`Cannot make producer-state tables from ${source === null ? "null" : typeof source}. ${SOURCE_HELP}`);
  }
  checkTable(make(), from); // fail now, in the cell that plugs it in, rather than inside the simulation
  return () => checkTable(make(), from);
}
