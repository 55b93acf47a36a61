// Helpers shared by the test runners, the demo and the benchmarks (one copy each).
import net from "node:net";

/** A TCP port free on `host` right now (the OS picks it; the probe does not keep the process alive). */
export function freePort(host = "127.0.0.1") {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.once("error", reject);
    s.listen(0, host, () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
