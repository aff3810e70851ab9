import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  GroupCoordinator,
  type GroupRequest,
  type GroupResponse,
} from "../../lib/src/broker/group-coordinator.js";
import type { JoinGroupRequest, JoinGroupResponse, SyncGroupResponse } from "../../lib/src/protocol/messages.js";

const seed = Number(process.env.SEED ?? Date.now() % 2 ** 31);
console.log("seed", seed, "(replay: SEED=" + seed + " npx vitest run test/group-coordinator.test.ts)");

const meta = (s: string) => new TextEncoder().encode(s);
const GROUP = "g";

function joinReq(memberId: string, opts: Partial<JoinGroupRequest> = {}): JoinGroupRequest {
  return {
    api: "JoinGroup",
    groupId: GROUP,
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 20_000,
    memberId,
    groupInstanceId: null,
    protocolType: "consumer",
    protocols: [{ name: "RoundRobinAssigner", metadata: meta("sub:" + memberId) }],
    requireKnownMemberId: true,
    ...opts,
  };
}

/** Collects replies so a test can say "answered now", "not yet", "answered with X". */
class Harness {
  readonly gc: GroupCoordinator;
  nowMs = 0;
  constructor(options: ConstructorParameters<typeof GroupCoordinator>[0] = { groupInitialRebalanceDelayMs: 0 }) {
    this.gc = new GroupCoordinator(options);
  }
  send<R extends GroupRequest>(req: R): { answers: GroupResponse[]; last: () => GroupResponse | undefined } {
    const answers: GroupResponse[] = [];
    this.gc.handle(req, (r) => answers.push(r), this.nowMs);
    return { answers, last: () => answers[answers.length - 1] };
  }
  at(ms: number): this {
    this.nowMs = ms;
    this.gc.advanceTo(ms);
    return this;
  }
  /** KIP-394 dance: join with "", get MEMBER_ID_REQUIRED and an id, rejoin with it. Returns the pending rejoin. */
  newMember(opts: Partial<JoinGroupRequest> = {}) {
    const first = this.send(joinReq("", opts)).last() as JoinGroupResponse;
    expect(first.error).toBe("MEMBER_ID_REQUIRED");
    expect(first.memberId).not.toBe("");
    return { memberId: first.memberId, join: this.send(joinReq(first.memberId, opts)) };
  }
  heartbeat(memberId: string, generationId: number) {
    return this.send({ api: "Heartbeat", groupId: GROUP, generationId, memberId, groupInstanceId: null }).last()!;
  }
  sync(memberId: string, generationId: number, assignments: Array<{ memberId: string; assignment: Uint8Array }> = []) {
    return this.send({ api: "SyncGroup", groupId: GROUP, generationId, memberId, groupInstanceId: null, assignments });
  }
}

describe("GroupCoordinator: joining", () => {
  it("JoinGroup v4+ with an empty member id answers MEMBER_ID_REQUIRED with a fresh id; the rejoin waits for group.initial.rebalance.delay.ms", () => {
    const h = new Harness({ groupInitialRebalanceDelayMs: 3000 });
    const a = h.newMember();
    expect(a.join.answers).toHaveLength(0);
    expect(h.gc.describeGroup(GROUP)!.state).toBe("PreparingRebalance");
    h.at(2999);
    expect(a.join.answers).toHaveLength(0);
    h.at(3000);
    const r = a.join.last() as JoinGroupResponse;
    expect(r).toMatchObject({ error: "NONE", generationId: 1, leader: a.memberId, memberId: a.memberId, protocolName: "RoundRobinAssigner" });
    expect(r.members.map((m) => m.memberId)).toEqual([a.memberId]);
    expect(r.members[0]!.metadata).toEqual(meta("sub:" + a.memberId));
    expect(h.gc.describeGroup(GROUP)!.state).toBe("CompletingRebalance");
  });

  it("JoinGroup before v4 admits a new member at once", () => {
    const h = new Harness();
    const r = h.send(joinReq("", { requireKnownMemberId: false })).last() as JoinGroupResponse;
    expect(r.error).toBe("NONE");
    expect(r.generationId).toBe(1);
    expect(r.memberId).toMatch(/^consumer-1-[0-9a-f]{8}-/);
  });

  it("a second member triggers a rebalance: the first learns it from its heartbeat, rejoins, and only the leader gets the member list", () => {
    const h = new Harness();
    const a = h.newMember();
    const genA = (a.join.last() as JoinGroupResponse).generationId;
    h.sync(a.memberId, genA, [{ memberId: a.memberId, assignment: meta("A:all") }]);
    expect(h.gc.describeGroup(GROUP)!.state).toBe("Stable");

    h.at(100);
    const b = h.newMember();
    expect(b.join.answers).toHaveLength(0);
    expect(h.heartbeat(a.memberId, genA)).toMatchObject({ api: "Heartbeat", error: "REBALANCE_IN_PROGRESS" });
    const aRejoin = h.send(joinReq(a.memberId));
    const ra = aRejoin.last() as JoinGroupResponse;
    const rb = b.join.last() as JoinGroupResponse;
    expect(ra.generationId).toBe(genA + 1);
    expect(rb.generationId).toBe(genA + 1);
    expect(ra.leader).toBe(a.memberId);
    expect(ra.members.map((m) => m.memberId)).toEqual([a.memberId, b.memberId]);
    expect(rb.members).toEqual([]);

    // The follower's SyncGroup waits for the leader's.
    const sb = h.sync(b.memberId, rb.generationId);
    expect(sb.answers).toHaveLength(0);
    const sa = h.sync(a.memberId, ra.generationId, [
      { memberId: a.memberId, assignment: meta("A:p0") },
      { memberId: b.memberId, assignment: meta("B:p1") },
    ]);
    expect((sa.last() as SyncGroupResponse).assignment).toEqual(meta("A:p0"));
    expect(sb.last()).toMatchObject({ error: "NONE", assignment: meta("B:p1") });
    expect(h.gc.describeGroup(GROUP)!.state).toBe("Stable");
  });

  it("a member silent for its session timeout is removed and the rest rebalance without it", () => {
    const h = new Harness();
    const a = h.newMember({ sessionTimeoutMs: 10_000 });
    const b = h.newMember({ sessionTimeoutMs: 30_000 });
    // b's arrival restarted the join; a must rejoin.
    h.send(joinReq(a.memberId, { sessionTimeoutMs: 10_000 }));
    const gen = (b.join.last() as JoinGroupResponse).generationId;
    h.sync(a.memberId, gen, [{ memberId: a.memberId, assignment: meta("a") }, { memberId: b.memberId, assignment: meta("b") }]);
    h.sync(b.memberId, gen);
    h.at(9_000);
    expect((h.heartbeat(b.memberId, gen) as { error: string }).error).toBe("NONE");
    h.at(9_999);
    expect(h.gc.describeGroup(GROUP)!.members).toHaveLength(2);
    h.at(10_000); // a's last heartbeat was at 0
    const g = h.gc.describeGroup(GROUP)!;
    expect(g.members.map((m) => m.memberId)).toEqual([b.memberId]);
    expect(g.state).toBe("PreparingRebalance");
    expect((h.heartbeat(b.memberId, gen) as { error: string }).error).toBe("REBALANCE_IN_PROGRESS");
    const rb = h.send(joinReq(b.memberId, { sessionTimeoutMs: 30_000 })).last() as JoinGroupResponse;
    expect(rb).toMatchObject({ error: "NONE", generationId: gen + 1, leader: b.memberId });
  });

  it("members that do not rejoin within the rebalance timeout are dropped from the new generation", () => {
    const h = new Harness();
    const a = h.newMember({ rebalanceTimeoutMs: 5_000, sessionTimeoutMs: 60_000 });
    const b = h.newMember({ rebalanceTimeoutMs: 5_000, sessionTimeoutMs: 60_000 });
    h.send(joinReq(a.memberId, { rebalanceTimeoutMs: 5_000, sessionTimeoutMs: 60_000 }));
    const gen = (b.join.last() as JoinGroupResponse).generationId;
    h.sync(a.memberId, gen, []);
    h.at(1_000);
    const c = h.newMember({ rebalanceTimeoutMs: 5_000, sessionTimeoutMs: 60_000 });
    h.send(joinReq(a.memberId, { rebalanceTimeoutMs: 5_000, sessionTimeoutMs: 60_000 }));
    h.heartbeat(b.memberId, gen); // b stays alive but never rejoins
    h.at(5_999);
    expect(c.join.answers).toHaveLength(0);
    h.at(6_000);
    const rc = c.join.last() as JoinGroupResponse;
    expect(rc.generationId).toBe(gen + 1);
    expect(h.gc.describeGroup(GROUP)!.members.map((m) => m.memberId).sort()).toEqual([a.memberId, c.memberId].sort());
    expect((h.heartbeat(b.memberId, gen + 1) as { error: string }).error).toBe("UNKNOWN_MEMBER_ID");
  });

  it("LeaveGroup removes the member and rebalances; v3 reports each member, unknown ones as UNKNOWN_MEMBER_ID", () => {
    const h = new Harness();
    const a = h.newMember();
    const gen = (a.join.last() as JoinGroupResponse).generationId;
    h.sync(a.memberId, gen, []);
    const v3 = h.send({ api: "LeaveGroup", groupId: GROUP, memberId: a.memberId, members: [{ memberId: a.memberId, groupInstanceId: null }, { memberId: "nobody", groupInstanceId: null }] }).last();
    expect(v3).toMatchObject({ error: "NONE", members: [{ memberId: a.memberId, error: "NONE" }, { memberId: "nobody", error: "UNKNOWN_MEMBER_ID" }] });
    const g = h.gc.describeGroup(GROUP)!;
    expect(g.state).toBe("Empty");
    expect(g.generationId).toBe(gen + 1);
    expect(h.send({ api: "LeaveGroup", groupId: GROUP, memberId: a.memberId }).last()).toMatchObject({ error: "UNKNOWN_MEMBER_ID" });
  });

  it("refuses bad joins with Kafka's errors", () => {
    const h = new Harness();
    expect(h.send(joinReq("", { sessionTimeoutMs: 5_999 })).last()).toMatchObject({ error: "INVALID_SESSION_TIMEOUT" });
    expect(h.send(joinReq("", { groupId: "" })).last()).toMatchObject({ error: "INVALID_GROUP_ID" });
    expect(h.send(joinReq("made-up")).last()).toMatchObject({ error: "UNKNOWN_MEMBER_ID" });
    h.newMember();
    expect(h.send(joinReq("", { protocols: [{ name: "other", metadata: meta("") }] })).last()).toMatchObject({ error: "INCONSISTENT_GROUP_PROTOCOL" });
    expect(h.send(joinReq("", { protocolType: "connect" })).last()).toMatchObject({ error: "INCONSISTENT_GROUP_PROTOCOL" });
  });

  it("heartbeats and syncs from the wrong generation or an unknown member are refused", () => {
    const h = new Harness();
    const a = h.newMember();
    const gen = (a.join.last() as JoinGroupResponse).generationId;
    expect((h.heartbeat(a.memberId, gen + 7) as { error: string }).error).toBe("ILLEGAL_GENERATION");
    expect((h.heartbeat("stranger", gen) as { error: string }).error).toBe("UNKNOWN_MEMBER_ID");
    expect(h.sync(a.memberId, gen - 1).last()).toMatchObject({ error: "ILLEGAL_GENERATION" });
  });
});

describe("GroupCoordinator: offsets", () => {
  const commit = (h: Harness, memberId: string, generationId: number, offset: number) =>
    h.send({ api: "OffsetCommit", groupId: GROUP, generationId, memberId, topics: [{ topic: "t", partitions: [{ partition: 0, offset, metadata: null }] }] }).last();
  const fetchOffsets = (h: Harness, topics: Array<{ topic: string; partitions: number[] }> | null) => h.send({ api: "OffsetFetch", groupId: GROUP, topics }).last();

  it("stores commits from the current generation, refuses stale ones, and OffsetFetch returns -1 where nothing was committed", () => {
    const h = new Harness();
    const a = h.newMember();
    const gen = (a.join.last() as JoinGroupResponse).generationId;
    expect(commit(h, a.memberId, gen, 5)).toMatchObject({ topics: [{ partitions: [{ error: "REBALANCE_IN_PROGRESS" }] }] });
    h.sync(a.memberId, gen, []);
    expect(commit(h, a.memberId, gen, 5)).toMatchObject({ topics: [{ partitions: [{ error: "NONE" }] }] });
    expect(commit(h, a.memberId, gen - 1, 9)).toMatchObject({ topics: [{ partitions: [{ error: "ILLEGAL_GENERATION" }] }] });
    expect(commit(h, "stranger", gen, 9)).toMatchObject({ topics: [{ partitions: [{ error: "UNKNOWN_MEMBER_ID" }] }] });
    expect(fetchOffsets(h, [{ topic: "t", partitions: [0, 1] }])).toMatchObject({
      error: "NONE",
      topics: [{ topic: "t", partitions: [{ partition: 0, offset: 5, metadata: "" }, { partition: 1, offset: -1 }] }],
    });
    expect(fetchOffsets(h, null)).toMatchObject({ topics: [{ topic: "t", partitions: [{ partition: 0, offset: 5 }] }] });
    expect(h.gc.committedOffsets(GROUP).get("t")?.get(0)).toBe(5);
  });

  it("generation -1 commits to a group nobody manages (a simple commit); a positive generation on an unknown group is ILLEGAL_GENERATION", () => {
    const h = new Harness();
    expect(commit(h, "", 3, 1)).toMatchObject({ topics: [{ partitions: [{ error: "ILLEGAL_GENERATION" }] }] });
    expect(commit(h, "", -1, 42)).toMatchObject({ topics: [{ partitions: [{ error: "NONE" }] }] });
    expect(fetchOffsets(h, [{ topic: "t", partitions: [0] }])).toMatchObject({ topics: [{ partitions: [{ offset: 42 }] }] });
  });
});

describe("GroupCoordinator: random schedules", () => {
  /**
   * Up to four members behave like real clients (join, rejoin with the id they were given, sync, heartbeat,
   * rejoin when told a rebalance is in progress, start over when told they are unknown), while the schedule
   * decides who acts when, who leaves, who falls silent, and how much time passes.
   */
  type Op = { kind: "step"; who: number } | { kind: "leave"; who: number } | { kind: "wait"; ms: number };
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant("step" as const), who: fc.nat(3) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("leave" as const), who: fc.nat(3) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("wait" as const), ms: fc.integer({ min: 0, max: 12_000 }) }) },
  );

  interface Client {
    memberId: string;
    generationId: number;
    waiting: boolean;
    next: "join" | "sync" | "heartbeat";
    isLeader: boolean;
    members: string[];
  }

  it("every request is answered exactly once (at the latest when deadlines pass), the generation never goes back, and a Stable group's members all hold the same generation", () => {
    let joinsCompleted = 0;
    let leavesWhileWaiting = 0;
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), fc.integer({ min: 0, max: 4000 }), (ops, delay) => {
        const gc = new GroupCoordinator({ groupInitialRebalanceDelayMs: delay });
        let now = 0;
        const clients: Client[] = Array.from({ length: 4 }, () => ({ memberId: "", generationId: -1, waiting: false, next: "join" as const, isLeader: false, members: [] }));
        const answered: number[] = [];
        let lastGen = 0;
        const send = (c: Client, req: GroupRequest, onAnswer: (r: GroupResponse) => void) => {
          const i = answered.push(0) - 1;
          c.waiting = true;
          gc.handle(req, (r) => {
            answered[i]!++;
            c.waiting = false;
            onAnswer(r);
          }, now);
        };
        const restart = (c: Client) => Object.assign(c, { memberId: "", generationId: -1, next: "join" });
        const step = (c: Client) => {
          if (c.waiting) return;
          if (c.next === "join") {
            send(c, joinReq(c.memberId, { sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 12_000 }), (r) => {
              const j = r as JoinGroupResponse;
              if (j.error === "MEMBER_ID_REQUIRED") c.memberId = j.memberId;
              else if (j.error === "NONE") {
                joinsCompleted++;
                Object.assign(c, { generationId: j.generationId, next: "sync", isLeader: j.leader === c.memberId, members: j.members.map((m) => m.memberId) });
              } else restart(c);
            });
          } else if (c.next === "sync") {
            const assignments = c.isLeader ? c.members.map((m) => ({ memberId: m, assignment: meta(m) })) : [];
            send(c, { api: "SyncGroup", groupId: GROUP, generationId: c.generationId, memberId: c.memberId, groupInstanceId: null, assignments }, (r) => {
              if (r.api !== "SyncGroup") throw new Error("wrong answer type");
              if (r.error === "NONE") {
                expect(r.assignment).toEqual(meta(c.memberId));
                c.next = "heartbeat";
              } else if (r.error === "REBALANCE_IN_PROGRESS") c.next = "join";
              else restart(c);
            });
          } else {
            send(c, { api: "Heartbeat", groupId: GROUP, generationId: c.generationId, memberId: c.memberId, groupInstanceId: null }, (r) => {
              const e = (r as { error: string }).error;
              if (e === "REBALANCE_IN_PROGRESS") c.next = "join";
              else if (e !== "NONE") restart(c);
            });
          }
        };
        const check = () => {
          const g = gc.describeGroup(GROUP);
          if (!g) return;
          expect(g.generationId).toBeGreaterThanOrEqual(lastGen);
          lastGen = g.generationId;
          if (g.state === "Stable") {
            for (const c of clients) if (g.members.some((m) => m.memberId === c.memberId) && c.next === "heartbeat") expect(c.generationId).toBe(g.generationId);
          }
        };
        for (const o of ops) {
          if (o.kind === "wait") {
            now += o.ms;
            gc.advanceTo(now);
          } else if (o.kind === "step") {
            step(clients[o.who]!);
          } else {
            const c = clients[o.who]!;
            if (c.memberId === "") continue;
            if (c.waiting) leavesWhileWaiting++;
            const leaver = { ...c, waiting: false };
            send(leaver, { api: "LeaveGroup", groupId: GROUP, memberId: c.memberId }, () => {});
            restart(c);
          }
          check();
        }
        gc.advanceTo(now + 10 * 60_000);
        check();
        expect(answered.filter((n) => n !== 1)).toEqual([]);
        expect(gc.nextDeadlineMs()).toBeUndefined();
      }),
      { seed, numRuns: 300 },
    );
    // The schedules must reach the interesting cases, or the property proves little.
    expect(joinsCompleted).toBeGreaterThan(100);
    // (At least once: how often a random schedule leaves while a join waits varies by seed, 4 to 20 in 300 runs.)
    expect(leavesWhileWaiting).toBeGreaterThan(0);
  });
});
