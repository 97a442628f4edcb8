import type { LiveEnd, LiveFrame, LiveMeta } from '@loadfleet/console/wire';

/**
 * A part of the live run page. The page feeds every panel the same stream
 * (meta, then each second, then the end); a panel owns its element and its
 * DOM. The join-the-room chat panel (issue 10, item 7) will be one more panel:
 * it gets the run's meta (targets, run id) here and opens its own WebSocket.
 */
export interface LivePanel {
  readonly element: HTMLElement;
  meta(m: LiveMeta): void;
  /** Seconds already past when the page opened, in order. */
  history(frames: readonly LiveFrame[]): void;
  frame(f: LiveFrame): void;
  end?(e: LiveEnd): void;
  close?(): void;
}
