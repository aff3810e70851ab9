/**
 * Showing figures and tables in a notebook cell.
 *
 * Inside the tslab kernel, `show(svg)` emits an image/svg+xml display output (rendered by
 * JupyterLab, VS Code and GitHub alike) and `showTable(rows)` a text/html table.
 * Outside a kernel (a script, a test) there is nowhere to display, so both print their markup
 * to stdout instead; nothing throws.
 *
 * The kernel is found through the hook tslab installs on globalThis (`__tslab__.require`), which
 * hands out the kernel's own `tslab` module: the one whose display is wired to the running cell.
 *
 * In the Korean edition a table's words are Korean (its empty and "more rows" notes, and an `outcome` column's
 * outcome names: 확인 응답 후 유실 for "lost-acknowledged"); the column names stay the rows' keys, the names the
 * code cell uses.
 */
import { fill, tr } from "../../kernel/locale.js";
import { outcomeText } from "../../check/outcome-names.js";

/** The part of tslab's `display` used here (see tslab's public.d.ts). */
interface TslabDisplay {
  svg(s: string): void;
  html(s: string): void;
}

function kernelDisplay(): TslabDisplay | undefined {
  const hook = (globalThis as { __tslab__?: { require?: (id: string) => unknown } }).__tslab__;
  if (typeof hook?.require !== "function") return undefined;
  try {
    const tslab = hook.require("tslab") as { display?: TslabDisplay } | undefined;
    return tslab?.display;
  } catch {
    return undefined;
  }
}

/** Sends one output to the kernel; returns false when there is no kernel to send it to. */
function emit(kind: "svg" | "html", markup: string): boolean {
  const display = kernelDisplay();
  if (!display) return false;
  try {
    display[kind](markup);
    return true;
  } catch (e) {
    // tslab throws "Not ready" when no cell is executing.
    if (e instanceof Error && e.message === "Not ready") return false;
    throw e;
  }
}

/** Whether `show`/`showTable` are running inside a tslab kernel cell. */
export function inKernel(): boolean {
  return kernelDisplay() !== undefined;
}

/** Displays an SVG string (from `renderPlot`) as the cell's output. */
export function show(svg: string): void {
  if (typeof svg !== "string" || !svg.trimStart().startsWith("<svg")) {
    const got = typeof svg === "string" ? JSON.stringify(svg.slice(0, 20)) : typeof svg;
    throw new TypeError(fill(tr({ en: 'show() takes an SVG string starting with "<svg" (from renderPlot), got {got}', ko: 'show()에는 "<svg"로 시작하는 SVG 문자열(renderPlot의 결과)을 넘겨야 합니다. 받은 값: {got}' }), { got }));
  }
  if (!emit("svg", svg)) process.stdout.write(`${svg}\n`);
}

/** Options for `showTable` and `tableHtml`. */
export interface TableOptions<T> {
  /** Columns in order; defaults to every key, in the order first seen. */
  columns?: readonly (keyof T & string)[];
  /** Stop after this many rows and say how many were left out. Default: all rows. */
  maxRows?: number;
  /** What to show when there are no rows. Default: "(no rows: the table is empty)" (in Korean: "(행 없음: 표가 비어 있습니다)"). */
  empty?: string;
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) ?? String(value);
  } catch {
    return String(value);
  }
}

/** An HTML table of the rows; every key and value is escaped; numbers are right-aligned. */
export function tableHtml<T extends object>(rows: readonly T[], options: TableOptions<T> = {}): string {
  if (!Array.isArray(rows)) {
    throw new TypeError(fill(tr({ en: "showTable/tableHtml take an array of row objects, got {got}", ko: "showTable/tableHtml에는 행 객체의 배열을 넘겨야 합니다. 받은 값: {got}" }), { got: typeof rows }));
  }
  rows.forEach((row, i) => {
    if (row === null || typeof row !== "object") {
      throw new TypeError(fill(tr({ en: "row {i} must be an object (column name -> value), got {got}", ko: "{i}번 행은 객체(열 이름 -> 값)여야 합니다. 받은 값: {got}" }), { i, got: row === null ? "null" : typeof row }));
    }
  });
  const columns: string[] = options.columns ? [...options.columns] : [];
  if (!options.columns) {
    for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  }
  // No rows: say so (an empty table with no columns shows nothing at all, which reads as "it did not run").
  if (rows.length === 0) return `<p><em>${escapeHtml(options.empty ?? tr({ en: "(no rows: the table is empty)", ko: "(행 없음: 표가 비어 있습니다)" }))}</em></p>`;
  const maxRows = options.maxRows ?? rows.length;
  if (!Number.isInteger(maxRows) || maxRows < 0) {
    throw new RangeError(fill(tr({ en: "maxRows must be a whole number >= 0, got {got}", ko: "maxRows는 0 이상의 정수여야 합니다. 받은 값: {got}" }), { got: String(maxRows) }));
  }
  const head = columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("");
  const body = rows.slice(0, maxRows).map((row) => {
    const record = row as Record<string, unknown>;
    const cells = columns.map((c) => {
      // An outcome name is data (programs compare it); the reader sees it in their language.
      const v = c === "outcome" && typeof record[c] === "string" ? outcomeText(record[c] as string) : record[c];
      const numeric = typeof v === "number" || typeof v === "bigint";
      return `<td${numeric ? ' style="text-align: right"' : ""}>${escapeHtml(cellText(v))}</td>`;
    });
    return `<tr>${cells.join("")}</tr>`;
  });
  const more = rows.length > maxRows ? `<p>${fill(tr({ en: "… {n} more rows", ko: "… 외 {n}개 행" }), { n: rows.length - maxRows })}</p>` : "";
  return `<table><thead><tr>${head}</tr></thead><tbody>${body.join("")}</tbody></table>${more}`;
}

/** Displays rows as an HTML table (see `tableHtml`). */
export function showTable<T extends object>(rows: readonly T[], options: TableOptions<T> = {}): void {
  const html = tableHtml(rows, options);
  if (!emit("html", html)) process.stdout.write(`${html}\n`);
}
