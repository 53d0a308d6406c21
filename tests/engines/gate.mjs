// A device's own network link to the server: a TCP relay on loopback that the test can cut and
// restore. Cut, it closes every open connection and refuses new ones, so the browser sees no
// server at all — pages, the service worker's fetches and sync alike — whatever the engine's
// automation can or cannot emulate.
import { createServer, connect } from "node:net";

export async function openGate(target) {
  const { hostname, port } = new URL(target);
  const sockets = new Set();
  const server = createServer((client) => {
    const upstream = connect({ host: hostname, port: Number(port) });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => {});
    }
    client.pipe(upstream);
    upstream.pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  const listen = (p) =>
    new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(p, "127.0.0.1", () => {
        server.off("error", reject);
        resolve(server.address().port);
      });
    });
  const own = await listen(0);
  let open = true;
  const cut = () => {
    server.close();
    for (const s of sockets) s.destroy();
    sockets.clear();
  };
  return {
    url: `http://127.0.0.1:${own}`,
    get online() {
      return open;
    },
    async setOnline(on) {
      if (on === open) return;
      open = on;
      if (on) await listen(own);
      else cut();
    },
    close() {
      open = false;
      cut();
    },
  };
}
