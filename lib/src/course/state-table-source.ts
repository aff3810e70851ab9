/**
 * A learner's producer-state table, handed over as a class, a factory or a loaded module, turned into the factory
 * the simulated cluster swaps into every replica (instructors swap a student's implementation in with it).
 */
import { fill, tr } from "../kernel/locale.js";
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

/** What may be passed, in the reader's language. */
function sourceHelp(): string {
  return tr({
    en:
      "Pass a class (ProducerStateTable), a function that returns a new table (() => new ProducerStateTable()), " +
      "a module that exports ProducerStateTable, or what loadStateTableModule(file) returns.",
    ko:
      "클래스(ProducerStateTable), 새 표를 돌려주는 함수(() => new ProducerStateTable()), " +
      "ProducerStateTable을 export하는 모듈, 또는 loadStateTableModule(file)의 결과를 넘기세요.",
  });
}

function isClass(f: unknown): f is new () => ProducerStateTableLike {
  if (typeof f !== "function") return false;
  const proto = (f as { prototype?: Record<string, unknown> }).prototype;
  return /^class\b/.test(Function.prototype.toString.call(f)) || (proto !== undefined && typeof proto.append === "function");
}

/** Where a table came from, as the message names it: "The factory" is the only one written in words. */
function fromText(from: string): string {
  return from === "The factory" ? tr({ en: "The factory", ko: "팩토리 함수" }) : from;
}

function checkTable(table: unknown, from: string): ProducerStateTableLike {
  if (table === null || typeof table !== "object") {
    const got = table === null ? "null" : typeof table;
    throw new SimulationInputError(`${fill(tr({ en: "{from} gave {got}, not a producer-state table.", ko: "{from}의 결과가 프로듀서 상태 표가 아니라 {got}입니다." }), { from: fromText(from), got })} ${sourceHelp()}`);
  }
  const t = table as Record<string, unknown>;
  const missing = ["get", "append"].filter((m) => typeof t[m] !== "function");
  if (missing.length > 0) {
    const methods = missing.map((m) => `${m}()`);
    throw new SimulationInputError(
      tr({
        en: `${from} gave a table without ${methods.join(" and ")}: a producer-state table needs get(producerId) and append(batch, firstOffset).`,
        ko: `${fromText(from)}의 결과인 표에 ${methods.join(", ")}가 없습니다. 프로듀서 상태 표에는 get(producerId)와 append(batch, firstOffset)가 있어야 합니다.`,
      }),
    );
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
      throw new SimulationInputError(
        `${tr({
          en: `This object has no ProducerStateTable class or createStateTable() (its keys: ${keys.join(", ") || "none"}).`,
          ko: `이 객체에는 ProducerStateTable 클래스도 createStateTable()도 없습니다 (키: ${keys.join(", ") || "없음"}).`,
        })} ${sourceHelp()}`,
      );
    }
  } else {
    const got = source === null ? "null" : typeof source;
    throw new SimulationInputError(`${fill(tr({ en: "Cannot make producer-state tables from {got}.", ko: "{got} 값으로는 프로듀서 상태 표를 만들 수 없습니다." }), { got })} ${sourceHelp()}`);
  }
  checkTable(make(), from); // fail now, in the cell that plugs it in, rather than inside the simulation
  return () => checkTable(make(), from);
}
