// A tiny static server for the portal (no dependencies): the page, the package's browser entry
// from www-example/node_modules/tomticket-wasm, and a generated /config.json telling the page
// where the Worker's /api is. Any static host works the same way (or serve the page from the
// Worker itself and drop config.json: the page then uses its own origin's /api).
//
//   const portal = await servePortal({ port: 0, config: { apiBase: "http://127.0.0.1:8787/api" } });
//   portal.url; await portal.close();
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PACKAGE_DIR = path.join(HERE, "..", "node_modules", "tomticket-wasm");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/** The file for a URL path inside `root`, or null (no escaping the root, no dotfiles). */
function resolveIn(root, rel) {
  const file = path.resolve(root, `.${path.posix.normalize(`/${rel}`)}`);
  if (!file.startsWith(root + path.sep) && file !== root) return null;
  if (file.split(path.sep).some((p) => p.startsWith("."))) return null;
  try {
    return fs.statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

export function servePortal({ port = 0, host = "127.0.0.1", config = {} } = {}) {
  const portalRoot = HERE;
  const packageRoot = fs.existsSync(PACKAGE_DIR) ? fs.realpathSync(PACKAGE_DIR) : null;
  const server = http.createServer((req, res) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    const headers = { "cache-control": "no-store", "x-content-type-options": "nosniff" };
    if (pathname === "/config.json") {
      res.writeHead(200, { ...headers, "content-type": TYPES[".json"] }).end(JSON.stringify(config));
      return;
    }
    let file = null;
    const pkgPrefix = "/node_modules/tomticket-wasm/";
    if (pathname.startsWith(pkgPrefix)) {
      if (packageRoot) file = resolveIn(packageRoot, pathname.slice(pkgPrefix.length));
    } else if (!/\.(mjs)$/.test(pathname)) {
      // the server's own .mjs files are not part of the page
      file = resolveIn(portalRoot, pathname === "/" ? "index.html" : pathname.slice(1));
    }
    if (!file) {
      res.writeHead(404, { ...headers, "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, { ...headers, "content-type": TYPES[path.extname(file)] ?? "application/octet-stream" });
    if (req.method === "HEAD") res.end();
    else fs.createReadStream(file).pipe(res);
  });
  const sockets = new Set();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const url = `http://${host}:${server.address().port}`;
      resolve({
        url,
        port: server.address().port,
        close: () =>
          new Promise((r) => {
            for (const s of sockets) s.destroy();
            server.close(() => r());
          }),
      });
    });
  });
}
