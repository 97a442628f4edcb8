import { WireProtocol } from '@loadfleet/protocol';
import type { Plan } from '@loadfleet/scenario';
import { RoomBridge, ROOM_LIMITS, type RoomBridgeOptions, type RoomLimits } from './room-bridge.js';
import { roomPlanOf, type RoomPlan } from './room-plan.js';

/** Panel users log in with ids from here up: far above any run's own user ids, and within int32. */
export const PANEL_USER_ID_BASE = 2_000_000_000;

type RunProtocol = { protocol: WireProtocol; room: RoomPlan } | { error: string };

/**
 * Every join-the-room panel of a controller: the bound on how many are open (in all,
 * and per sign-in), the user ids they log in with, the run's protocol compiled once
 * per run, and closing a run's panels when it ends.
 */
export class RoomPanels {
  private readonly open = new Map<RoomBridge, { runId: string; sessionKey: string }>();
  private readonly protocols = new Map<string, RunProtocol>();
  private nextUser = 0;

  constructor(readonly limits: RoomLimits = ROOM_LIMITS) {}

  get size(): number {
    return this.open.size;
  }

  /**
   * Why a panel may not open now (the bounds, a protocol the panel cannot speak), or
   * null. Asked before the WebSocket is accepted, so that a refusal is an HTTP answer.
   */
  refusal(runId: string, plan: Plan, sessionKey: string): string | null {
    if (this.open.size >= this.limits.maxPanels)
      return `the farm has ${this.limits.maxPanels} join-the-room panels open, its limit; try again later`;
    let mine = 0;
    for (const p of this.open.values()) if (p.sessionKey === sessionKey) mine++;
    if (mine >= this.limits.maxPerSession)
      return `you have ${this.limits.maxPerSession} join-the-room panels open, the limit per sign-in`;
    const rp = this.protocolOf(runId, plan);
    return 'error' in rp ? rp.error : null;
  }

  /** Opens a panel (after refusal() said yes). */
  openPanel(
    runId: string,
    plan: Plan,
    sessionKey: string,
    o: Omit<RoomBridgeOptions, 'plan' | 'protocol' | 'room' | 'userId' | 'limits'>,
  ): RoomBridge {
    const rp = this.protocolOf(runId, plan);
    if ('error' in rp) throw new Error(rp.error);
    const bridge = new RoomBridge({
      ...o,
      plan,
      protocol: rp.protocol,
      room: rp.room,
      userId: PANEL_USER_ID_BASE + (this.nextUser++ % 100_000_000),
      limits: this.limits,
      onEnd: (reason) => {
        this.open.delete(bridge);
        o.onEnd?.(reason);
      },
    });
    this.open.set(bridge, { runId, sessionKey });
    return bridge;
  }

  /** The run ended: its panels are told why and closed; its compiled protocol is dropped. */
  endRun(runId: string, reason: string): void {
    for (const [b, p] of [...this.open]) if (p.runId === runId) b.end(reason);
    this.protocols.delete(runId);
  }

  closeAll(reason: string): void {
    for (const b of [...this.open.keys()]) b.end(reason);
    this.protocols.clear();
  }

  private protocolOf(runId: string, plan: Plan): RunProtocol {
    let rp = this.protocols.get(runId);
    if (rp) return rp;
    if (plan.protocol.plugin) {
      // A plugin is code: the farm never loads it (the workers refuse such runs too).
      rp = { error: `protocol ${plan.protocol.name} needs its plugin, which the farm does not load` };
    } else {
      const protocol = new WireProtocol(plan.protocol);
      const room = roomPlanOf(plan, protocol);
      rp = 'error' in room ? room : { protocol, room };
    }
    this.protocols.set(runId, rp);
    return rp;
  }
}
