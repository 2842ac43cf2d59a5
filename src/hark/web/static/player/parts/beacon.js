/* Listening analytics via navigator.sendBeacon (no cookies, no third parties). */

// --- Beacon ---------------------------------------------------------------------------------

class Beacon {
  constructor(api) { this.url = api.url("/v1/events"); this.sameOrigin = new URL(this.url).origin === location.origin; }
  send(event) {
    try {
      // A cross-origin beacon with a JSON content type would need a preflight, which beacons
      // cannot do; text/plain keeps it a simple request (the body is JSON either way).
      const type = this.sameOrigin ? "application/json" : "text/plain;charset=UTF-8";
      const blob = new Blob([JSON.stringify(event)], { type });
      if (navigator.sendBeacon) navigator.sendBeacon(this.url, blob);
    } catch (_) { /* analytics must never disturb listening */ }
  }
}
