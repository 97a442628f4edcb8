/** Calls `stop` once on the first SIGTERM or SIGINT; returns a function that removes the handlers. */
export function onStopSignal(stop: (signal: NodeJS.Signals) => void): () => void {
  const handler = (signal: NodeJS.Signals) => {
    dispose();
    stop(signal);
  };
  const dispose = () => {
    process.off('SIGTERM', handler);
    process.off('SIGINT', handler);
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
  return dispose;
}
