/**
 * The consumer-group coordinator (the "classic" group protocol): JoinGroup, SyncGroup, Heartbeat, LeaveGroup,
 * OffsetCommit and OffsetFetch, as a plain state machine. Time is passed in (`nowMs`); nothing here starts a
 * timer. Whoever drives it (the simulated cluster, or the TCP adapter's real-time driver through it) calls
 * `advanceTo(nowMs)` as time passes, and `nextDeadlineMs()` says when something is next due.
 *
 * Follows Kafka's classic group coordinator: GroupCoordinator, GroupMetadata, MemberMetadata
 * (core/src/main/scala/kafka/coordinator/group/ up to 3.x; in 4.x
 * group-coordinator/.../classic/ClassicGroup and GroupMetadataManager). The rules:
 *  - A group is Empty, PreparingRebalance, CompletingRebalance, Stable or Dead (table below).
 *  - A new member joins with an empty member id. JoinGroup v4+ (KIP-394): it is given an id, answered
 *    MEMBER_ID_REQUIRED, and counts as "pending" until it rejoins with that id.
 *  - A join by a new member, a leader's rejoin, a changed subscription, a leave or an expired session starts
 *    a rebalance (PreparingRebalance). Join responses are held until every known member has rejoined and no
 *    pending member is left, or until the rebalance timeout (the largest of the members'), when members that did
 *    not rejoin are removed. A rebalance of an Empty group waits group.initial.rebalance.delay.ms first.
 *  - Completing the join bumps the generation, picks the protocol most members prefer among those all support,
 *    and sends the member list only to the leader. The leader's SyncGroup carries every member's assignment;
 *    the group is then Stable and every SyncGroup is answered with the member's own assignment.
 *  - Heartbeats are answered REBALANCE_IN_PROGRESS while a rebalance is being prepared: that is how members
 *    learn to rejoin. A member not heard from within its session timeout is removed (members waiting for a
 *    JoinGroup or SyncGroup answer are kept alive).
 *  - Offsets: a commit from a member of the current generation is stored (not while CompletingRebalance:
 *    REBALANCE_IN_PROGRESS); generation -1 on an empty group is a "simple" commit from outside group management.
 *
 * Simplifications: one coordinator for every group (no __consumer_offsets partitions, so no NOT_COORDINATOR or
 * COORDINATOR_LOAD_IN_PROGRESS from here); offsets never expire; static membership (group.instance.id) is
 * accepted but treated like dynamic membership; the initial rebalance delay is not extended when more members
 * join during it; no sync timeout (a leader that never sends SyncGroup is removed by its session timeout);
 * no group size limit; a member that resends JoinGroup while one is pending gets the same answer on both.
 */
import { IllegalStateError, type ErrorName } from "../protocol/errors.js";
import type {
  HeartbeatRequest,
  HeartbeatResponse,
  JoinGroupRequest,
  JoinGroupResponse,
  LeaveGroupRequest,
  LeaveGroupResponse,
  OffsetCommitRequest,
  OffsetCommitResponse,
  OffsetFetchRequest,
  OffsetFetchResponse,
  SyncGroupRequest,
  SyncGroupResponse,
} from "../protocol/messages.js";
import { Random } from "../kernel/random.js";

export type GroupState = "Empty" | "PreparingRebalance" | "CompletingRebalance" | "Stable" | "Dead";

/** Allowed transitions, as Kafka's GroupState.validPreviousStates lists them (here: from → to). */
export const GROUP_STATE_TRANSITIONS: Readonly<Record<GroupState, readonly GroupState[]>> = {
  Empty: ["PreparingRebalance", "Dead"],
  PreparingRebalance: ["CompletingRebalance", "Empty", "Dead"],
  CompletingRebalance: ["Stable", "PreparingRebalance", "Dead"],
  Stable: ["PreparingRebalance", "Dead"],
  Dead: ["Dead"],
};

export type GroupRequest =
  | JoinGroupRequest
  | SyncGroupRequest
  | HeartbeatRequest
  | LeaveGroupRequest
  | OffsetCommitRequest
  | OffsetFetchRequest;
export type GroupResponse =
  | JoinGroupResponse
  | SyncGroupResponse
  | HeartbeatResponse
  | LeaveGroupResponse
  | OffsetCommitResponse
  | OffsetFetchResponse;
export type GroupResponseFor<R extends GroupRequest> = Extract<GroupResponse, { api: R["api"] }>;

const GROUP_APIS: ReadonlySet<string> = new Set(["JoinGroup", "SyncGroup", "Heartbeat", "LeaveGroup", "OffsetCommit", "OffsetFetch"]);

/** Is this one of the requests the group coordinator answers? */
export function isGroupRequest(request: { api: string }): request is GroupRequest {
  return GROUP_APIS.has(request.api);
}

export interface GroupCoordinatorOptions {
  /** group.initial.rebalance.delay.ms (Kafka default 3000): how long the first rebalance of an empty group waits. */
  groupInitialRebalanceDelayMs: number;
  /** group.min.session.timeout.ms (Kafka default 6000). */
  groupMinSessionTimeoutMs: number;
  /** group.max.session.timeout.ms (Kafka default 1800000). */
  groupMaxSessionTimeoutMs: number;
  /** Seed for member ids (Kafka uses clientId + "-" + a random UUID). */
  seed: number;
}

export const GROUP_COORDINATOR_DEFAULTS: GroupCoordinatorOptions = {
  groupInitialRebalanceDelayMs: 3000,
  groupMinSessionTimeoutMs: 6000,
  groupMaxSessionTimeoutMs: 1_800_000,
  seed: 0,
};

interface MemberMetadata {
  memberId: string;
  groupInstanceId: string | null;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocols: Array<{ name: string; metadata: Uint8Array }>;
  assignment: Uint8Array;
  lastHeartbeatMs: number;
  joinWaiters: Array<(r: JoinGroupResponse) => void>;
  syncWaiters: Array<(r: SyncGroupResponse) => void>;
}

interface GroupMetadata {
  groupId: string;
  state: GroupState;
  generationId: number;
  protocolType: string | null;
  protocolName: string | null;
  leaderId: string | null;
  /** In join order (Kafka keeps a LinkedHashMap too: the first member becomes leader). */
  members: Map<string, MemberMetadata>;
  /** KIP-394: ids handed out with MEMBER_ID_REQUIRED, and when they expire if the member never rejoins. */
  pendingMembers: Map<string, number>;
  /** When the join phase of the current rebalance is forced to complete. */
  joinDeadlineMs: number | null;
  /** The join phase is the initial delayed join of an empty group: it never completes early. */
  initialJoin: boolean;
  offsets: Map<string, Map<number, { offset: number; metadata: string }>>;
}

/** A read-only view of a group, for display and tests. */
export interface GroupDescription {
  groupId: string;
  state: GroupState;
  generationId: number;
  protocolType: string | null;
  protocolName: string | null;
  leaderId: string | null;
  members: Array<{ memberId: string; groupInstanceId: string | null; assignment: Uint8Array; lastHeartbeatMs: number }>;
  pendingMemberIds: string[];
}

const EMPTY = new Uint8Array(0);

export class GroupCoordinator {
  readonly options: GroupCoordinatorOptions;
  private readonly groups = new Map<string, GroupMetadata>();
  private readonly random: Random;
  private memberSeq = 0;
  private nowMs = 0;

  constructor(options: Partial<GroupCoordinatorOptions> = {}) {
    this.options = { ...GROUP_COORDINATOR_DEFAULTS, ...options };
    for (const [k, v] of Object.entries(this.options)) {
      if (!Number.isInteger(v) || (k !== "seed" && v < 0)) {
        throw new RangeError(`GroupCoordinator option ${k} must be a non-negative integer, got ${String(v)}`);
      }
    }
    this.random = new Random(this.options.seed);
  }

  /** Answer a group request. `reply` may be called now, later (JoinGroup, SyncGroup) or, for a superseded request, later with the same answer. */
  handle<R extends GroupRequest>(request: R, reply: (response: GroupResponseFor<R>) => void, nowMs: number): void {
    this.advanceTo(nowMs);
    const r = reply as (response: GroupResponse) => void;
    switch (request.api) {
      case "JoinGroup":
        return this.joinGroup(request, r);
      case "SyncGroup":
        return this.syncGroup(request, r);
      case "Heartbeat":
        return r(this.heartbeat(request));
      case "LeaveGroup":
        return r(this.leaveGroup(request));
      case "OffsetCommit":
        return r(this.offsetCommit(request));
      case "OffsetFetch":
        return r(this.offsetFetch(request));
    }
  }

  /** Let time pass: expire sessions and pending member ids, complete joins whose deadline came, in time order. */
  advanceTo(nowMs: number): void {
    if (!Number.isFinite(nowMs)) throw new RangeError(`nowMs must be a finite number, got ${nowMs}`);
    for (;;) {
      const next = this.nextDue();
      if (next === undefined || next.atMs > nowMs) break;
      this.nowMs = Math.max(this.nowMs, next.atMs);
      next.run();
    }
    this.nowMs = Math.max(this.nowMs, nowMs);
  }

  /** When the next session expiry or join deadline falls due (undefined: nothing pending). */
  nextDeadlineMs(): number | undefined {
    return this.nextDue()?.atMs;
  }

  describeGroup(groupId: string): GroupDescription | undefined {
    const g = this.groups.get(groupId);
    if (!g) return undefined;
    return {
      groupId,
      state: g.state,
      generationId: g.generationId,
      protocolType: g.protocolType,
      protocolName: g.protocolName,
      leaderId: g.leaderId,
      members: [...g.members.values()].map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, assignment: m.assignment, lastHeartbeatMs: m.lastHeartbeatMs })),
      pendingMemberIds: [...g.pendingMembers.keys()],
    };
  }

  groupIds(): string[] {
    return [...this.groups.keys()];
  }

  /** Committed offsets of a group: topic → partition → offset. */
  committedOffsets(groupId: string): Map<string, Map<number, number>> {
    const out = new Map<string, Map<number, number>>();
    for (const [topic, parts] of this.groups.get(groupId)?.offsets ?? []) {
      out.set(topic, new Map([...parts].map(([p, o]) => [p, o.offset])));
    }
    return out;
  }

  // ------------------------------------------------------------------ timers

  private nextDue(): { atMs: number; run: () => void } | undefined {
    let best: { atMs: number; run: () => void } | undefined;
    const consider = (atMs: number, run: () => void) => {
      if (!best || atMs < best.atMs) best = { atMs, run };
    };
    for (const g of this.groups.values()) {
      if (g.state === "PreparingRebalance" && g.joinDeadlineMs !== null) consider(g.joinDeadlineMs, () => this.completeJoin(g));
      for (const [id, expiresMs] of g.pendingMembers) {
        consider(expiresMs, () => {
          g.pendingMembers.delete(id);
          this.tryCompleteJoin(g);
        });
      }
      for (const m of g.members.values()) {
        if (m.joinWaiters.length > 0 || m.syncWaiters.length > 0) continue; // kept alive while waiting for us
        consider(m.lastHeartbeatMs + m.sessionTimeoutMs, () => this.removeMember(g, m.memberId));
      }
    }
    return best;
  }

  private transition(g: GroupMetadata, to: GroupState): void {
    if (!GROUP_STATE_TRANSITIONS[g.state].includes(to)) {
      throw new IllegalStateError(`group ${g.groupId}: the coordinator tried to move from ${g.state} to ${to}, which GroupMetadata does not allow (a bug in the coordinator, not the client)`);
    }
    g.state = to;
  }

  // ------------------------------------------------------------------ JoinGroup

  private joinError(req: JoinGroupRequest, error: ErrorName, memberId = req.memberId): JoinGroupResponse {
    return { api: "JoinGroup", error, generationId: -1, protocolName: "", leader: "", memberId, members: [], throttleTimeMs: 0 };
  }

  private joinGroup(req: JoinGroupRequest, reply: (r: JoinGroupResponse) => void): void {
    if (req.groupId === "") return reply(this.joinError(req, "INVALID_GROUP_ID"));
    const { groupMinSessionTimeoutMs: min, groupMaxSessionTimeoutMs: max } = this.options;
    if (req.sessionTimeoutMs < min || req.sessionTimeoutMs > max) return reply(this.joinError(req, "INVALID_SESSION_TIMEOUT"));
    const isUnknownMember = req.memberId === "";
    let g = this.groups.get(req.groupId);
    if (!g) {
      if (!isUnknownMember) return reply(this.joinError(req, "UNKNOWN_MEMBER_ID"));
      g = this.newGroup(req.groupId);
    }
    if (g.state === "Dead") return reply(this.joinError(req, "COORDINATOR_NOT_AVAILABLE"));
    if (!this.supportsProtocols(g, req)) return reply(this.joinError(req, "INCONSISTENT_GROUP_PROTOCOL"));

    if (isUnknownMember) {
      const memberId = this.newMemberId(req.protocolType);
      if (req.requireKnownMemberId) {
        g.pendingMembers.set(memberId, this.nowMs + req.sessionTimeoutMs);
        return reply(this.joinError(req, "MEMBER_ID_REQUIRED", memberId));
      }
      return this.addMemberAndRebalance(g, memberId, req, reply);
    }
    if (g.pendingMembers.has(req.memberId)) return this.addMemberAndRebalance(g, req.memberId, req, reply);
    const member = g.members.get(req.memberId);
    if (!member) return reply(this.joinError(req, "UNKNOWN_MEMBER_ID"));
    switch (g.state) {
      case "PreparingRebalance":
        return this.updateMemberAndRebalance(g, member, req, reply);
      case "CompletingRebalance":
        if (sameProtocols(member, req)) return reply(this.joinResult(g, member));
        return this.updateMemberAndRebalance(g, member, req, reply);
      case "Stable":
        if (g.leaderId === member.memberId || !sameProtocols(member, req)) return this.updateMemberAndRebalance(g, member, req, reply);
        return reply(this.joinResult(g, member));
      case "Empty":
        return reply(this.joinError(req, "UNKNOWN_MEMBER_ID"));
    }
  }

  private newGroup(groupId: string): GroupMetadata {
    const g: GroupMetadata = {
      groupId,
      state: "Empty",
      generationId: 0,
      protocolType: null,
      protocolName: null,
      leaderId: null,
      members: new Map(),
      pendingMembers: new Map(),
      joinDeadlineMs: null,
      initialJoin: false,
      offsets: new Map(),
    };
    this.groups.set(groupId, g);
    return g;
  }

  private newMemberId(protocolType: string): string {
    const hex = () => this.random.nextUint32().toString(16).padStart(8, "0");
    const u = hex() + hex() + hex() + hex();
    const uuid = `${u.slice(0, 8)}-${u.slice(8, 12)}-${u.slice(12, 16)}-${u.slice(16, 20)}-${u.slice(20)}`;
    return `${protocolType || "member"}-${++this.memberSeq}-${uuid}`;
  }

  /** GroupMetadata.supportsProtocols: an empty group takes anything non-empty; otherwise same type and a protocol every member supports. */
  private supportsProtocols(g: GroupMetadata, req: JoinGroupRequest): boolean {
    if (req.protocolType === "" || req.protocols.length === 0) return false;
    if (g.members.size === 0) return true;
    if (g.protocolType !== req.protocolType) return false;
    const others = [...g.members.values()].filter((m) => m.memberId !== req.memberId);
    return req.protocols.some((p) => others.every((m) => m.protocols.some((q) => q.name === p.name)));
  }

  private addMemberAndRebalance(g: GroupMetadata, memberId: string, req: JoinGroupRequest, reply: (r: JoinGroupResponse) => void): void {
    g.pendingMembers.delete(memberId);
    if (g.members.size === 0) g.protocolType = req.protocolType;
    g.members.set(memberId, {
      memberId,
      groupInstanceId: req.groupInstanceId,
      sessionTimeoutMs: req.sessionTimeoutMs,
      rebalanceTimeoutMs: req.rebalanceTimeoutMs,
      protocols: req.protocols,
      assignment: EMPTY,
      lastHeartbeatMs: this.nowMs,
      joinWaiters: [reply],
      syncWaiters: [],
    });
    if (g.leaderId === null) g.leaderId = memberId;
    this.maybePrepareRebalance(g);
    this.tryCompleteJoin(g);
  }

  private updateMemberAndRebalance(g: GroupMetadata, m: MemberMetadata, req: JoinGroupRequest, reply: (r: JoinGroupResponse) => void): void {
    m.protocols = req.protocols;
    m.sessionTimeoutMs = req.sessionTimeoutMs;
    m.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
    m.lastHeartbeatMs = this.nowMs;
    m.joinWaiters.push(reply);
    this.maybePrepareRebalance(g);
    this.tryCompleteJoin(g);
  }

  private maybePrepareRebalance(g: GroupMetadata): void {
    if (g.state === "Stable" || g.state === "CompletingRebalance" || g.state === "Empty") this.prepareRebalance(g);
  }

  private prepareRebalance(g: GroupMetadata): void {
    if (g.state === "CompletingRebalance") {
      // Kafka: resetAndPropagateAssignmentError — members waiting for their assignment learn it is void.
      for (const m of g.members.values()) {
        m.assignment = EMPTY;
        this.answerSync(m, { api: "SyncGroup", error: "REBALANCE_IN_PROGRESS", assignment: EMPTY, throttleTimeMs: 0 });
      }
    }
    const fromEmpty = g.state === "Empty";
    this.transition(g, "PreparingRebalance");
    const rebalanceTimeoutMs = Math.max(0, ...[...g.members.values()].map((m) => m.rebalanceTimeoutMs));
    g.initialJoin = fromEmpty;
    g.joinDeadlineMs = this.nowMs + (fromEmpty ? Math.min(this.options.groupInitialRebalanceDelayMs, rebalanceTimeoutMs) : rebalanceTimeoutMs);
  }

  /** DelayedJoin.tryComplete: every member has rejoined and no pending member is outstanding. */
  private tryCompleteJoin(g: GroupMetadata): void {
    if (g.state !== "PreparingRebalance") return;
    if (g.initialJoin) {
      if (g.joinDeadlineMs !== null && g.joinDeadlineMs <= this.nowMs) this.completeJoin(g);
      return;
    }
    const allJoined = [...g.members.values()].every((m) => m.joinWaiters.length > 0) && g.pendingMembers.size === 0;
    if (allJoined) this.completeJoin(g);
  }

  /** GroupCoordinator.onCompleteJoin. */
  private completeJoin(g: GroupMetadata): void {
    if (g.state !== "PreparingRebalance") return;
    g.joinDeadlineMs = null;
    g.initialJoin = false;
    for (const m of [...g.members.values()]) {
      if (m.joinWaiters.length === 0) this.removeMemberQuietly(g, m.memberId);
    }
    g.generationId += 1;
    if (g.members.size === 0) {
      g.protocolName = null;
      this.transition(g, "Empty");
      return;
    }
    g.protocolName = selectProtocol([...g.members.values()]);
    if (g.leaderId === null || !g.members.has(g.leaderId)) g.leaderId = g.members.keys().next().value!;
    this.transition(g, "CompletingRebalance");
    for (const m of g.members.values()) {
      m.lastHeartbeatMs = this.nowMs;
      const result = this.joinResult(g, m);
      const waiters = m.joinWaiters;
      m.joinWaiters = [];
      for (const w of waiters) w(result);
    }
  }

  private joinResult(g: GroupMetadata, m: MemberMetadata): JoinGroupResponse {
    const isLeader = g.leaderId === m.memberId;
    return {
      api: "JoinGroup",
      error: "NONE",
      generationId: g.generationId,
      protocolName: g.protocolName ?? "",
      leader: g.leaderId ?? "",
      memberId: m.memberId,
      members: isLeader
        ? [...g.members.values()].map((x) => ({
            memberId: x.memberId,
            groupInstanceId: x.groupInstanceId,
            metadata: x.protocols.find((p) => p.name === g.protocolName)?.metadata ?? EMPTY,
          }))
        : [],
      throttleTimeMs: 0,
    };
  }

  // ------------------------------------------------------------------ SyncGroup

  private syncGroup(req: SyncGroupRequest, reply: (r: SyncGroupResponse) => void): void {
    const err = (error: ErrorName): void => reply({ api: "SyncGroup", error, assignment: EMPTY, throttleTimeMs: 0 });
    const g = this.groups.get(req.groupId);
    if (!g) return err("UNKNOWN_MEMBER_ID");
    if (g.state === "Dead") return err("COORDINATOR_NOT_AVAILABLE");
    const m = g.members.get(req.memberId);
    if (!m) return err("UNKNOWN_MEMBER_ID");
    if (req.generationId !== g.generationId) return err("ILLEGAL_GENERATION");
    switch (g.state) {
      case "Empty":
        return err("UNKNOWN_MEMBER_ID");
      case "PreparingRebalance":
        return err("REBALANCE_IN_PROGRESS");
      case "Stable":
        m.lastHeartbeatMs = this.nowMs;
        return reply({ api: "SyncGroup", error: "NONE", assignment: m.assignment, throttleTimeMs: 0 });
      case "CompletingRebalance": {
        m.lastHeartbeatMs = this.nowMs;
        m.syncWaiters.push(reply);
        if (g.leaderId !== m.memberId) return;
        const byMember = new Map(req.assignments.map((a) => [a.memberId, a.assignment]));
        for (const x of g.members.values()) x.assignment = byMember.get(x.memberId) ?? EMPTY;
        this.transition(g, "Stable");
        for (const x of g.members.values()) {
          this.answerSync(x, { api: "SyncGroup", error: "NONE", assignment: x.assignment, throttleTimeMs: 0 });
        }
        return;
      }
    }
  }

  private answerSync(m: MemberMetadata, response: SyncGroupResponse): void {
    const waiters = m.syncWaiters;
    m.syncWaiters = [];
    for (const w of waiters) w(response);
  }

  // ------------------------------------------------------------------ Heartbeat, LeaveGroup

  private heartbeat(req: HeartbeatRequest): HeartbeatResponse {
    const answer = (error: ErrorName): HeartbeatResponse => ({ api: "Heartbeat", error, throttleTimeMs: 0 });
    const g = this.groups.get(req.groupId);
    if (!g) return answer("UNKNOWN_MEMBER_ID");
    if (g.state === "Dead") return answer("COORDINATOR_NOT_AVAILABLE");
    const m = g.members.get(req.memberId);
    if (!m) return answer("UNKNOWN_MEMBER_ID");
    if (req.generationId !== g.generationId) return answer("ILLEGAL_GENERATION");
    switch (g.state) {
      case "Empty":
        return answer("UNKNOWN_MEMBER_ID");
      case "PreparingRebalance":
        m.lastHeartbeatMs = this.nowMs;
        return answer("REBALANCE_IN_PROGRESS");
      case "CompletingRebalance":
      case "Stable":
        m.lastHeartbeatMs = this.nowMs;
        return answer("NONE");
    }
  }

  private leaveGroup(req: LeaveGroupRequest): LeaveGroupResponse {
    const leaving = req.members ?? [{ memberId: req.memberId, groupInstanceId: null }];
    const g = this.groups.get(req.groupId);
    if (g?.state === "Dead") return { api: "LeaveGroup", error: "COORDINATOR_NOT_AVAILABLE", throttleTimeMs: 0, members: [] };
    const members = leaving.map(({ memberId, groupInstanceId }) => {
      let error: ErrorName = "NONE";
      if (g?.pendingMembers.delete(memberId)) this.tryCompleteJoin(g);
      else if (!g || !g.members.has(memberId)) error = "UNKNOWN_MEMBER_ID";
      else this.removeMember(g, memberId);
      return { memberId, groupInstanceId, error };
    });
    // v0-v2 carry one member and report its error at the top; v3 reports per member.
    const error = req.members ? "NONE" : members[0]!.error;
    return { api: "LeaveGroup", error, throttleTimeMs: 0, members };
  }

  /** A member leaves or expires: GroupCoordinator.removeMemberAndUpdateGroup. */
  private removeMember(g: GroupMetadata, memberId: string): void {
    this.removeMemberQuietly(g, memberId);
    switch (g.state) {
      case "Stable":
      case "CompletingRebalance":
        this.prepareRebalance(g);
        this.tryCompleteJoin(g);
        return;
      case "PreparingRebalance":
        this.tryCompleteJoin(g);
        return;
      default:
        return;
    }
  }

  private removeMemberQuietly(g: GroupMetadata, memberId: string): void {
    const m = g.members.get(memberId);
    if (!m) return;
    g.members.delete(memberId);
    const joinWaiters = m.joinWaiters;
    m.joinWaiters = [];
    for (const w of joinWaiters) w({ api: "JoinGroup", error: "UNKNOWN_MEMBER_ID", generationId: -1, protocolName: "", leader: "", memberId, members: [], throttleTimeMs: 0 });
    this.answerSync(m, { api: "SyncGroup", error: "UNKNOWN_MEMBER_ID", assignment: EMPTY, throttleTimeMs: 0 });
    if (g.leaderId === memberId) g.leaderId = g.members.size > 0 ? g.members.keys().next().value! : null;
  }

  // ------------------------------------------------------------------ offsets

  private offsetCommit(req: OffsetCommitRequest): OffsetCommitResponse {
    const answerAll = (error: ErrorName): OffsetCommitResponse => ({
      api: "OffsetCommit",
      topics: req.topics.map((t) => ({ topic: t.topic, partitions: t.partitions.map((p) => ({ partition: p.partition, error })) })),
      throttleTimeMs: 0,
    });
    let g = this.groups.get(req.groupId);
    if (!g) {
      // No such group: only a commit from outside group management (generation -1) may create it.
      if (req.generationId >= 0) return answerAll("ILLEGAL_GENERATION");
      g = this.newGroup(req.groupId);
    }
    if (g.state === "Dead") return answerAll("COORDINATOR_NOT_AVAILABLE");
    if (!(req.generationId < 0 && g.state === "Empty")) {
      const m = g.members.get(req.memberId);
      if (!m) return answerAll("UNKNOWN_MEMBER_ID");
      if (req.generationId !== g.generationId) return answerAll("ILLEGAL_GENERATION");
      if (g.state === "CompletingRebalance") return answerAll("REBALANCE_IN_PROGRESS");
      m.lastHeartbeatMs = this.nowMs;
    }
    for (const t of req.topics) {
      let parts = g.offsets.get(t.topic);
      if (!parts) g.offsets.set(t.topic, (parts = new Map()));
      for (const p of t.partitions) parts.set(p.partition, { offset: p.offset, metadata: p.metadata ?? "" });
    }
    return answerAll("NONE");
  }

  private offsetFetch(req: OffsetFetchRequest): OffsetFetchResponse {
    const offsets = this.groups.get(req.groupId)?.offsets ?? new Map<string, Map<number, { offset: number; metadata: string }>>();
    const wanted = req.topics ?? [...offsets].map(([topic, parts]) => ({ topic, partitions: [...parts.keys()].sort((a, b) => a - b) }));
    return {
      api: "OffsetFetch",
      error: "NONE",
      throttleTimeMs: 0,
      topics: wanted.map((t) => ({
        topic: t.topic,
        partitions: t.partitions.map((partition) => {
          const o = offsets.get(t.topic)?.get(partition);
          return { partition, offset: o?.offset ?? -1, metadata: o?.metadata ?? "", error: "NONE" as const };
        }),
      })),
    };
  }
}

function sameProtocols(m: MemberMetadata, req: JoinGroupRequest): boolean {
  return (
    m.protocols.length === req.protocols.length &&
    m.protocols.every((p, i) => p.name === req.protocols[i]!.name && bytesEqual(p.metadata, req.protocols[i]!.metadata))
  );
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((x, i) => x === b[i]);
}

/** GroupMetadata.selectProtocol: among protocols every member supports, the one most members list first. */
function selectProtocol(members: MemberMetadata[]): string {
  const candidates = members[0]!.protocols.map((p) => p.name).filter((name) => members.every((m) => m.protocols.some((q) => q.name === name)));
  const votes = new Map<string, number>(candidates.map((c) => [c, 0]));
  for (const m of members) {
    const choice = m.protocols.find((p) => votes.has(p.name));
    if (choice) votes.set(choice.name, votes.get(choice.name)! + 1);
  }
  let best = candidates[0]!;
  for (const c of candidates) if (votes.get(c)! > votes.get(best)!) best = c;
  return best;
}
