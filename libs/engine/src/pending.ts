import { PENDING_STRIDE } from './program.js';

/**
 * The requests a user has sent and not seen answered, kept in send order in
 * its number array (VUser.t) from `base`, PENDING_STRIDE numbers each:
 * seq, request kind index, sent at, intended at, deadline. A user rarely has
 * more than one or two, so finding is a scan and removing a shift.
 */
export const P_SEQ = 0;
export const P_KIND = 1;
export const P_SENT = 2;
export const P_INTENDED = 3;
export const P_DEADLINE = 4;

/** Appends an entry at index `count`; the array grows only past the room the layout gave it. */
export function addPending(
  t: number[],
  base: number,
  count: number,
  seq: number,
  kind: number,
  sentAt: number,
  intendedAt: number,
  deadline: number,
): void {
  const at = base + count * PENDING_STRIDE;
  if (at === t.length) {
    t.push(seq, kind, sentAt, intendedAt, deadline);
    return;
  }
  t[at + P_SEQ] = seq;
  t[at + P_KIND] = kind;
  t[at + P_SENT] = sentAt;
  t[at + P_INTENDED] = intendedAt;
  t[at + P_DEADLINE] = deadline;
}

/** Index of the entry with this seq (replies that echo it), or -1. */
export function findBySeq(t: readonly number[], base: number, count: number, seq: number): number {
  for (let i = 0; i < count; i++) if (t[base + i * PENDING_STRIDE + P_SEQ] === seq) return i;
  return -1;
}

/**
 * Index of the oldest entry a reply of kind `reply` answers when replies come in
 * order: the first whose request is answered by that kind, or the first of all
 * for an error reply (`anyKind`); -1 when none.
 */
export function findInOrder(
  t: readonly number[],
  base: number,
  count: number,
  reply: number,
  replyOf: Int32Array,
  anyKind: boolean,
): number {
  for (let i = 0; i < count; i++) {
    if (anyKind || replyOf[t[base + i * PENDING_STRIDE + P_KIND]!] === reply) return i;
  }
  return -1;
}

/** Removes entry i, keeping the others in send order. */
export function removePending(t: number[], base: number, count: number, i: number): void {
  const from = base + (i + 1) * PENDING_STRIDE;
  const end = base + count * PENDING_STRIDE;
  for (let k = from; k < end; k++) t[k - PENDING_STRIDE] = t[k]!;
}
