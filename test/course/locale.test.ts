/**
 * The Korean edition of what the library writes for a reader: figures, outcome tables, lesson scenario texts.
 * Under `withLang("ko")` each output has the term table's words (notebooks/ko/용어.md) and no English label left;
 * under English it has no Hangul at all, and the same bytes whether English is chosen or just the default.
 */
import { afterEach, describe, expect, test } from "vitest";
import {
  LESSONS,
  LESSON_SCENARIOS,
  OUTCOME_COLORS,
  lessonScenario,
  noteText,
  outcomeFigure,
  outcomeLabel,
  outcomeText,
  outcomeTotals,
  renderOutcome,
  renderPlot,
  renderRun,
  replicationFigure,
  runScenario,
  setLang,
  sweep,
  tableHtml,
  timelineFigure,
  withLang,
} from "kafka-sim";

afterEach(() => setLang(undefined));

const HANGUL = /[\uac00-\ud7a3]/;

/** The words of an SVG as a reader sees them: every text node (the <style> block left out), entities decoded. */
function svgTexts(svg: string): string[] {
  const body = svg.replace(/<style[\s\S]*?<\/style>/g, "");
  return [...body.matchAll(/>([^<>]+)</g)]
    .map((m) => m[1]!.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&").trim())
    .filter((t) => t.length > 0);
}

/**
 * English words left in a Korean text, after taking out what stays English on purpose: node names (producer,
 * broker-1), record ids (r3), error codes (NOT_LEADER_OR_FOLLOWER), config keys and values (acks=all,
 * min.insync.replicas), Kafka API names, field abbreviations (pid, epoch, seq, n, ms, s, ISR, LEO, RF), and the
 * names given in `extra` (scenario names chosen by the code).
 */
function englishLeft(text: string, extra: readonly string[] = []): string[] {
  let t = text;
  for (const e of extra) t = t.split(e).join(" ");
  t = t
    .replace(/\b[A-Z][A-Z0-9_]{2,}\b/g, " ") // error codes, ISR, LEO, KIP
    .replace(/\b[a-z]+[A-Z]\w*\b|\b[A-Z][a-z]+[A-Z]\w*\b|\b[a-z]+_[a-z_]+\b/g, " ") // code names: dropResponseRate, PrepareCommit, read_committed
    .replace(/\b[a-z]+(\.[a-z]+)+(=\S*)?/g, " ") // config keys: min.insync.replicas=2
    .replace(/\b(acks|pid|epoch|seq|n|RF)=\S*/g, " ")
    .replace(/\bproducer(#\d+)?\b|\bbroker-\d+\b|\br\d+\b/g, " ")
    .replace(/\b(InitProducerId|Produce|produce|ID|ms|s|seq|acks|PID|ISR|LEO|KIP-\d+|events-\d+|events|enable\.idempotence)\b/g, " ");
  return t.match(/[A-Za-z]{2,}/g) ?? [];
}

const sweepRows = () => [
  ...sweep({ name: "acks=0", producer: { acks: "0", "enable.idempotence": false }, faults: { dropRequestRate: 0.2, dropResponseRate: 0.1 }, workload: { records: 20 } }, { seeds: 5 }),
  ...sweep({ name: "acks=all", producer: { acks: "all", "enable.idempotence": false, "max.in.flight.requests.per.connection": 5 }, faults: { dropResponseRate: 0.2, transientErrorRate: 0.1 }, workload: { records: 20 } }, { seeds: 5 }),
];

describe("outcome names", () => {
  test("the term table's words in Korean, the names as given in English; the data keep their English names", () => {
    withLang("ko", () => {
      expect(outcomeText("delivered-once")).toBe("정확히 한 번 적재됨");
      expect(outcomeText("duplicated")).toBe("중복");
      expect(outcomeText("reordered")).toBe("순서 역전");
      expect(outcomeText("lost-acknowledged")).toBe("확인 응답 후 유실");
      expect(outcomeLabel("lost (acknowledged)")).toBe("확인 응답 후 유실");
      expect(outcomeLabel("lost (unacknowledged)")).toBe("확인 응답 없이 유실");
      expect(outcomeText("not an outcome")).toBe("not an outcome");
      // What programs read does not change with the language.
      expect(Object.keys(OUTCOME_COLORS)).toEqual(["delivered once", "duplicated", "reordered", "lost (acknowledged)", "lost (unacknowledged)"]);
      expect(outcomeTotals(sweepRows()).map((r) => r.outcome).slice(0, 5)).toEqual(Object.keys(OUTCOME_COLORS));
    });
    expect(outcomeText("lost-acknowledged")).toBe("lost-acknowledged");
    expect(outcomeLabel("lost (acknowledged)")).toBe("lost (acknowledged)");
  });
});

describe("figures in Korean", () => {
  test("outcomeFigure: the legend and the axis in Korean, the colours still with their outcome, no English label", () => {
    const rows = sweepRows();
    const ko = withLang("ko", () => outcomeFigure(rows));
    const texts = svgTexts(ko);
    for (const word of ["정확히 한 번 적재됨", "중복", "순서 역전", "확인 응답 후 유실", "확인 응답 없이 유실"]) expect(texts).toContain(word);
    expect(texts.some((t) => t.startsWith("레코드 비율 (%)"))).toBe(true);
    expect(texts.flatMap((t) => englishLeft(t, ["acks=0", "acks=all"]))).toEqual([]);
    // Each legend swatch keeps its outcome's colour.
    expect(ko).toMatch(/fill="#c0392b"\/><text x="15" y="12">확인 응답 후 유실</);
    expect(ko).toMatch(/fill="#d9822b"\/><text x="15" y="12">중복</);
    // The same bars as in English: only the words differ.
    const en = outcomeFigure(rows);
    expect((ko.match(/<rect/g) ?? []).length).toBe((en.match(/<rect/g) ?? []).length);
    expect(withLang("ko", () => outcomeFigure(rows, { y: "records" }))).toContain("레코드 수");
    // The Korean font stack names Hangul system fonts (nothing downloaded).
    expect(ko).toContain("Malgun Gothic");
  });

  test("outcomeFigure's legend leaves room for Hangul: no two legend items overlap", () => {
    const ko = withLang("ko", () => outcomeFigure(sweepRows()));
    const items = [...ko.matchAll(/<g transform="translate\(([\d.]+),([\d.]+)\)"><rect[^>]*\/><text x="15" y="12">([^<]+)<\/text><\/g>/g)].map((m) => ({
      x: Number(m[1]),
      y: Number(m[2]),
      text: m[3]!,
    }));
    expect(items).toHaveLength(5);
    for (let i = 1; i < items.length; i++) {
      const prev = items[i - 1]!;
      const cur = items[i]!;
      // A Hangul syllable is at least 11 px wide at the legend's 12 px.
      if (cur.y === prev.y) expect(cur.x).toBeGreaterThanOrEqual(prev.x + 15 + 11 * prev.text.length);
    }
  });

  for (const name of ["at-most-once", "at-least-once", "reordering", "idempotent-reordering", "acks1-failover", "not-enough-replicas", "producer-restart", "epoch-bump", "sequence-gap"]) {
    test(`timelineFigure of ${name}: Korean notes and axis, no English label`, () => {
      const r = runScenario(lessonScenario(name));
      const texts = svgTexts(withLang("ko", () => timelineFigure(r.trace)));
      expect(texts.some((t) => t.includes("가상 시간 (ms"))).toBe(true);
      expect(texts.some((t) => /^적재 @\d+$/.test(t) || t.startsWith("보낸 것으로 간주"))).toBe(true);
      expect(texts.flatMap((t) => englishLeft(t))).toEqual([]);
      expect(texts.some((t) => HANGUL.test(t))).toBe(true);
    });
  }

  test("timelineFigure: each lane note in the term table's words", () => {
    const words = (name: string) => svgTexts(withLang("ko", () => timelineFigure(runScenario(lessonScenario(name)).trace))).join("\n");
    expect(words("at-most-once")).toContain("보낸 것으로 간주");
    expect(words("reordering")).toMatch(/거부 NOT_LEADER_OR_FOLLOWER/);
    expect(words("acks1-failover")).toMatch(/크래시[\s\S]*재시작[\s\S]*잘라냄/);
    expect(words("acks1-failover")).toMatch(/성공 @\d/);
    expect(words("acks1-failover")).toMatch(/⋮ [\d.]+ s 경과/);
    expect(words("epoch-bump")).toContain("에포크 올리기");
    expect(words("producer-restart")).toContain("프로듀서 재시작");
    expect(words("producer-restart")).toContain("프로듀서 ID");
    const empty = svgTexts(withLang("ko", () => timelineFigure([])));
    expect(empty).toEqual(["아직 아무 일도 일어나지 않았습니다. 실행을 더 진행하세요."]);
  });

  test("replicationFigure: Korean axis, legend and marks, no English label", () => {
    const r = runScenario(lessonScenario("acks1-failover"));
    const texts = svgTexts(withLang("ko", () => replicationFigure(r.trace)));
    expect(texts).toContain("하이 워터마크");
    expect(texts.some((t) => t.includes("로그 끝 오프셋"))).toBe(true);
    expect(texts.some((t) => t.includes("가상 시간"))).toBe(true);
    expect(texts).toContain("broker-0 크래시");
    expect(texts).toContain("broker-0 재시작");
    expect(texts).toContain("broker-0 로그 잘라냄");
    expect(texts).toContain("리더: broker-1");
    expect(texts.filter((t) => t.startsWith("✓ r")).length).toBeGreaterThan(3);
    expect(texts.flatMap((t) => englishLeft(t))).toEqual([]);
    // The high watermark's dashed line is still drawn under its Korean name.
    expect(withLang("ko", () => replicationFigure(r.trace))).toMatch(/stroke-dasharray="5,3"/);
  });

  test("a figure's error, written by the course, is in Korean too", () => {
    withLang("ko", () => {
      expect(() => timelineFigure([], { gapMs: 0 })).toThrow(/gapMs는 0보다 큰/);
      expect(() => replicationFigure(runScenario(lessonScenario("at-most-once")).trace, { fromMs: 1e9 })).toThrow(/아무 일도 없었습니다/);
      expect(() => renderPlot({ title: "t", marks: [] } as never)).toThrow(/renderPlot은 title를 그리지 않습니다/);
      expect(() => renderPlot({ legend: true, marks: [] } as never)).toThrow(/color: \{ legend: true \}를 쓰세요/);
    });
  });
});

describe("English stays English", () => {
  test("no Hangul in an English figure or table, and the same bytes with English chosen or by default", () => {
    const rows = sweepRows();
    const r = runScenario(lessonScenario("acks1-failover"));
    const outputs = () => [outcomeFigure(rows), timelineFigure(r.trace), replicationFigure(r.trace), renderOutcome(r.check), tableHtml(r.check.rows)];
    const byDefault = outputs();
    expect(withLang("en", outputs)).toEqual(byDefault);
    for (const o of byDefault) expect(o).not.toMatch(HANGUL);
    expect(byDefault[0]).toContain("lost (acknowledged)");
    expect(byDefault[1]).toContain("append @");
    expect(byDefault[2]).toContain("high watermark");
    expect(byDefault[3]).toContain("lost after acknowledgement");
    // A Korean figure in between leaves nothing behind.
    withLang("ko", outputs);
    expect(outputs()).toEqual(byDefault);
  });
});

describe("outcome tables in Korean", () => {
  test("renderOutcome: every row and the verdict in Korean, columns aligned by terminal width", () => {
    const r = runScenario(lessonScenario("acks1-failover"));
    const text = withLang("ko", () => renderOutcome(r.check));
    expect(text).toMatch(/^결과: 컨슈머가 읽는 것 \(보낸 레코드 8개\)/);
    for (const word of ["정확히 한 번 적재됨", "중복", "순서 역전", "확인 응답 후 유실", "유실, 실패로 보고됨", "판정:"]) expect(text).toContain(word);
    expect(text).toMatch(/r\d \(확인 응답 받음\)/);
    expect(englishLeft(text)).toEqual([]);
    // The counts stand in one column: a Hangul syllable takes two terminal columns.
    const cols = (s: string) => [...s].reduce((n, ch) => n + (HANGUL.test(ch) ? 2 : 1), 0);
    const rowLines = text.split("\n").slice(1, 6);
    const ends = rowLines.map((l) => cols(/^.*?\d+(?=\s\s|$)/.exec(l)![0]));
    expect(new Set(ends).size).toBe(1);
    const dup = withLang("ko", () => renderOutcome(runScenario(lessonScenario("at-least-once")).check));
    expect(dup).toMatch(/중복\s+1\s+r\d 오프셋 \d·\d/);
    expect(dup).toMatch(/판정: 정확히 한 번, 순서대로가 아닙니다\. 중복 1개, 순서 역전 3개\./);
    const ok = withLang("ko", () => renderOutcome(runScenario(lessonScenario("idempotent")).check));
    expect(ok).toMatch(/판정: 프로듀서가 보냈다고 여긴 레코드는 모두 로그에 정확히 한 번, 순서대로 있습니다\./);
  });

  test("renderOutcome wraps Korean by terminal columns", () => {
    const r = runScenario(lessonScenario("not-enough-replicas"));
    const text = withLang("ko", () => renderOutcome(r.check, { width: 50 }));
    const cols = (s: string) => [...s].reduce((n, ch) => n + (HANGUL.test(ch) ? 2 : 1), 0);
    for (const line of text.split("\n")) expect(cols(line)).toBeLessThanOrEqual(50);
  });

  test("tableHtml: an outcome column shows the Korean outcome, the data and the column names unchanged", () => {
    const r = runScenario(lessonScenario("at-most-once"));
    const html = withLang("ko", () => tableHtml(r.check.rows, { columns: ["id", "believed", "outcome"] }));
    expect(html).toContain("<th>outcome</th>");
    expect(html).toContain("<td>확인 응답 후 유실</td>");
    expect(html).toContain("<td>정확히 한 번 적재됨</td>");
    expect(html).not.toContain("lost-acknowledged");
    expect(r.check.rows.some((row) => row.outcome === "lost-acknowledged")).toBe(true);
    expect(withLang("ko", () => tableHtml([]))).toContain("표가 비어 있습니다");
    expect(withLang("ko", () => tableHtml(r.check.rows, { maxRows: 2 }))).toContain("… 외 6개 행");
    expect(tableHtml(r.check.rows)).toContain("<td>lost-acknowledged</td>");
  });

  test("lesson scenarios: every title, description and lookFor has its Korean text; names and specs do not change", () => {
    const english = LESSON_SCENARIOS.map((s) => ({ ...s }));
    const korean = withLang("ko", () => LESSON_SCENARIOS.map((s) => ({ ...s })));
    expect(korean.map((s) => s.name)).toEqual(english.map((s) => s.name));
    korean.forEach((s, i) => {
      const en = english[i]!;
      expect(s.spec).toBe(en.spec);
      for (const key of ["title", "description", "lookFor"] as const) {
        expect(s[key], `${s.name}.${key}`).toMatch(HANGUL);
        expect(s[key]).not.toBe(en[key]);
        expect(englishLeft(s[key]), `${s.name}.${key}: ${s[key]}`).toEqual([]);
        expect(en[key]).not.toMatch(HANGUL);
      }
    });
    const titles = withLang("ko", () => LESSONS.map((l) => l.title));
    for (const t of titles) expect(t).toMatch(HANGUL);
    expect(LESSONS.map((l) => l.title)[0]).toBe("Delivery semantics: at most once, at least once");
    expect(() => withLang("ko", () => lessonScenario("nope"))).toThrow(/이런 레슨 시나리오는 없습니다.*at-most-once/);
    expect(() => withLang("ko", () => lessonScenario("at-most-once", { acks: "2" as "1" }))).toThrow(/acks는 "0", "1", "all" 중 하나/);
  });
});

describe("text timelines in Korean", () => {
  // Every lesson scenario, and runs with transactions, a zombie, an isolated broker and an unclean election: every
  // line of the diagram and every note the simulation writes.
  const runs: Array<[string, Parameters<typeof runScenario>[0]]> = [
    ...LESSON_SCENARIOS.map((s): [string, Parameters<typeof runScenario>[0]] => [s.name, lessonScenario(s.name)]),
    ["transactions with a zombie", { producer: { "transactional.id": "app", "request.timeout.ms": 2000 }, faults: { latencyMs: 5, dropResponseRate: 0.1, plan: [{ atMs: 33, action: "restart-producer", zombie: true }] }, workload: { records: 40, transactionRecords: 8, intervalMs: 2 }, trace: true }],
    ["an isolated broker", { cluster: { minInsyncReplicas: 2 }, faults: { plan: [{ atMs: 30, action: "isolate-broker", broker: 0 }, { atMs: 12000, action: "heal-broker", broker: 0 }] }, workload: { records: 30, intervalMs: 2 }, trace: true }],
    ["an unclean election", { cluster: { uncleanLeaderElection: true }, producer: { acks: "1" }, faults: { plan: [{ atMs: 10, action: "crash-broker", broker: 1 }, { atMs: 10, action: "crash-broker", broker: 2 }, { atMs: 40, action: "crash-broker", broker: 0 }, { atMs: 100, action: "restart-broker", broker: 1 }, { atMs: 30000, action: "restart-broker", broker: 0 }] }, trace: true }],
    ["timeouts and epoch bumps", { producer: { "delivery.timeout.ms": 5000, "request.timeout.ms": 1000, "linger.ms": 0 }, faults: { dropResponseRate: 0.3, dropRequestRate: 0.1, latencyMs: 20, epochBumpEveryMs: 170, transientErrorRate: 0.1 }, trace: true }],
  ];
  for (const [name, spec] of runs) {
    test(`renderRun of ${name}: every line in Korean, with Kafka's names kept`, () => {
      const r = runScenario(spec);
      const ko = withLang("ko", () => renderRun(r, { width: 0 }));
      const en = renderRun(r, { width: 0 });
      expect(ko).toMatch(HANGUL);
      expect(en).not.toMatch(HANGUL);
      // One line per event in both: the same diagram, other words.
      expect(ko.split("\n").length).toBe(en.split("\n").length);
      // "app" is the transactional.id the spec chose.
      const left = ko.split("\n").flatMap((line) => englishLeft(line, ["app:"]).map((w) => `${w} in: ${line.trim()}`));
      expect(left).toEqual([]);
    });
  }

  test("the trace's notes stay English (they are the run's history); only their display is translated", () => {
    const r = runScenario(lessonScenario("at-least-once"));
    const notes = r.trace.filter((e) => e.note).map((e) => e.note!);
    withLang("ko", () => renderRun(r));
    expect(r.trace.filter((e) => e.note).map((e) => e.note!)).toEqual(notes);
    for (const n of notes) expect(n).not.toMatch(HANGUL);
    expect(withLang("ko", () => noteText("broker 1 leads (epoch 2), UNCLEAN election: it was not in the ISR: broker 0 fenced"))).toBe(
      "새 리더 브로커 1 (리더 에포크 2), UNCLEAN 리더 선출: ISR에 없던 브로커: 브로커 0 펜싱됨",
    );
    expect(withLang("ko", () => noteText("app: PrepareAbort (fenced by InitProducerId: epoch 3; a new instance with the same transactional.id started)"))).toBe(
      "app: PrepareAbort (InitProducerId로 펜싱됨: 에포크 3. 같은 transactional.id의 새 인스턴스가 시작함)",
    );
    // A note no rule knows is shown as written, never lost.
    expect(withLang("ko", () => noteText("something new happened"))).toBe("something new happened");
    expect(noteText("planned crash")).toBe("planned crash");
  });
});
