/* Api talks to the Hark service (/v1), turning failures into plain-words errors; Prefs keeps choices in localStorage. */

// --- Api ------------------------------------------------------------------------------------

class Api {
  constructor(base) { this.base = base.replace(/\/+$/, ""); }
  url(path) { return new URL(path, this.base + "/").href; }
  async json(path, init = {}, what = "the audio service") {
    let res;
    try {
      // credentials: omit — the player never needs or sends cookies.
      res = await fetch(this.url(path), { credentials: "omit", ...init });
    } catch (_) {
      // The browser hides why (offline, refused, or a CORS refusal): name the host and what to check.
      throw new HarkProblem(`Couldn't reach ${what} at ${new URL(this.base).host}. Check your connection; ` +
        `if you run this page, check the service is up and allows ${location.origin} (HARK_CORS_ORIGINS).`);
    }
    if (!res.ok) {
      let detail = "";
      try { const body = await res.json(); detail = body.detail || body.title || ""; } catch (_) { /* not JSON */ }
      throw new HarkProblem(detail || `${what} answered ${res.status}.`, res.status);
    }
    try { return await res.json(); } catch (_) { throw new HarkProblem(`${what} sent something unreadable.`); }
  }
  article(id) { return this.json(`/v1/articles/${encodeURIComponent(id)}`, {}, "the article"); }
  timings(id, voice) {
    return this.json(`/v1/articles/${encodeURIComponent(id)}/timings?voice=${encodeURIComponent(voice)}`, {}, "the word timings");
  }
  async voices() {
    const body = await this.json("/v1/voices", {}, "the voice list");
    if (body && isFinite(body.rate_min) && isFinite(body.rate_max) && body.rate_step > 0) {
      Object.assign(RATES, { min: +body.rate_min, max: +body.rate_max, step: +body.rate_step });
    }
    return Array.isArray(body) ? body : (body.voices || body.data || []);
  }
  narrate(id, voice) {
    return this.json(`/v1/articles/${encodeURIComponent(id)}/narrations`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ voice }),
    }, "the narration service");
  }
  /** The article published under a canonical URL: {id, …} or {articles: [{id, …}]}. */
  async lookup(url) {
    const body = await this.json(`/v1/articles?url=${encodeURIComponent(url)}`, {}, "the article");
    const found = Array.isArray(body) ? body[0] : body && body.articles ? body.articles[0] : body;
    if (!found || !found.id) throw new HarkProblem("This page hasn't been narrated yet.", 404);
    return found;
  }
  /** A reader's "sounds wrong" on a word (no key; the service rate-limits it). */
  report(body) {
    return this.json("/v1/reports", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    }, "the report service");
  }
  previewUrl(voice) {
    return this.url(voice.preview_url || `/v1/voices/${encodeURIComponent(voice.id)}/preview`);
  }
}

// --- Prefs ----------------------------------------------------------------------------------

/** localStorage can throw (private mode, quota, sandboxed iframes): a failure just forgets. */
class Prefs {
  static get(key, fallback) {
    try { const v = localStorage.getItem(key); return v == null ? fallback : JSON.parse(v); } catch (_) { return fallback; }
  }
  static set(key, value) {
    try { value == null ? localStorage.removeItem(key) : localStorage.setItem(key, JSON.stringify(value)); } catch (_) { /* forget */ }
  }
  static get choice() { return Prefs.get("hark:choice", {}); }
  static remember(patch) { Prefs.set("hark:choice", { ...Prefs.choice, ...patch }); }
  static position(article) { return Prefs.get(`hark:position:${article}`, null); }
  static keep(article, pos) { Prefs.set(`hark:position:${article}`, pos); }
}
