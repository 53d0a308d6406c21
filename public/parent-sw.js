// The parent page's service worker (scope /p/). A template: scripts/service-worker.mjs fills in
// the precache list (only the parent page's own files) and the cache version.
// The summary itself is not cached here: the page keeps the last ciphertext per link itself,
// and the key never leaves the link.
const VERSION = "__VERSION__";
const PRECACHE = __PRECACHE__;
const CACHE = `signaal-parent-${VERSION}`;

self.addEventListener("install", (event) => {
  // A parent has nothing unsaved on this read-only page: a new version may take over at once.
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith("signaal-parent-") && k !== CACHE).map((k) => caches.delete(k))),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  if (request.mode === "navigate") {
    // Network first: a parent usually opens the link online, and then gets the newest page.
    event.respondWith(fetch(request).catch(() => caches.match("/parent.html", { cacheName: CACHE })));
    return;
  }
  event.respondWith(caches.match(request, { cacheName: CACHE }).then((hit) => hit || fetch(request)));
});
