// Signaal's service worker. This file is a template: scripts/service-worker.mjs fills in the
// precache list and cache version from each build's hashed files, so they can never go stale.
const VERSION = "__VERSION__";
const PRECACHE = __PRECACHE__;
const CACHE = `signaal-shell-${VERSION}`;
// Page routes all answer with the app shell; parent links get the parent page when it exists.
const SHELL = "/index.html";

self.addEventListener("install", (event) => {
  // No skipWaiting here: a new version waits until the user taps "reload" in the app,
  // so a practitioner never loses a half-typed note to a surprise reload.
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith("signaal-shell-") && k !== CACHE).map((k) => caches.delete(k))),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "SKIP_WAITING") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  // Sync and share traffic must always reach the server (and is encrypted data, not shell).
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;

  if (request.mode === "navigate") {
    const shell = url.pathname.startsWith("/p/") && PRECACHE.includes("/parent.html") ? "/parent.html" : SHELL;
    // Cache first: the shell opens instantly on a slow or absent connection; a new build
    // arrives through the worker update, never as a half-new page.
    event.respondWith(
      caches
        .match(shell, { cacheName: CACHE })
        .catch(() => undefined)
        .then((hit) => hit || fetch(request)),
    );
    return;
  }
  // A cache that cannot be read (storage under pressure) must not fail the request itself.
  event.respondWith(
    caches
      .match(request, { cacheName: CACHE })
      .catch(() => undefined)
      .then((hit) => hit || fetch(request)),
  );
});
