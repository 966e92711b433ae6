/**
 * Lets the worker's pending messages (pause, cancel) in. On the cpu and wasm backends `await
 * tensor.data()` settles as a microtask, so a run loop would otherwise never return to the event loop
 * and would not hear the UI until it ends. A MessageChannel round trip is a macrotask without
 * setTimeout's 4 ms clamp.
 */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
