/* <hark-player>: listen to an article on its own page, with voices, speeds as WPM and words lit as read.
 *
 * One classic script, no framework, no build step, so a publisher embeds it with a single
 * <script src="https://HOST/player.js"> tag. Each class below has one job:
 *   Api          talks to the Hark service (/v1), turning failures into plain-words errors
 *   Prefs        localStorage: rate and voice across articles, the position per article
 *   Beacon       listening analytics via navigator.sendBeacon (no cookies, no third parties)
 *   Timeline     the timing map as flat arrays: time → word, sentence, paragraph
 *   TextAligner  timing-map words → DOM Ranges on the publisher's own text, tolerating differences
 *   Highlighter  paints the current word and sentence (CSS Custom Highlight API, spans as fallback)
 *   HarkPlayer   the custom element: UI, audio, keyboard, Media Session, the public JS API
 * Contract: DESIGN.md ("Player"). Every promise is caught: a broken network or page must end in a
 * message in plain words, never an uncaught error in the console.
 *
 * Embedding:
 *   <script src="https://HOST/player.js" defer></script>
 *   <hark-player article="ID" for="#story" follow></hark-player>
 * Attributes: article (an id) or url (the page's canonical URL, looked up); for (a selector for the
 * element holding the article's text, default the enclosing <article>); follow (scroll with the
 * reading); api (the service's origin, default the script's). Theme with custom properties on
 * hark-player: --hark-bg, --hark-fg, --hark-muted, --hark-accent, --hark-accent-fg, --hark-border,
 * --hark-track, --hark-focus, --hark-radius, --hark-font, --hark-error; on the page: --hark-word-bg,
 * --hark-word-fg, --hark-sentence-bg. Parts: box, listen, status, message.
 */
(() => {
  "use strict";
  if (typeof window === "undefined" || !window.customElements || customElements.get("hark-player")) return;

  // The service that served this script is the default API host, so a third-party page needs
  // nothing but the script tag (an `api` attribute overrides it).
  const SCRIPT_ORIGIN = (() => {
    try { return new URL(document.currentScript.src, location.href).origin; } catch (_) { return location.origin; }
  })();

  // The service publishes the rates a listener may choose (GET /v1/voices: rate_min, rate_max, rate_step);
  // these are only what the slider shows until it answers.
  const RATES = { min: 0.5, max: 2, step: 0.05 };
  const SKIP_S = 15;
  const PRESETS = [["Slow", 0.75], ["Average", 1], ["Fast", 1.25]];
  const POLL_MS = 2000;
  const SESSION = Math.random().toString(36).slice(2, 14);

  // Divide by the step count rather than multiply by 0.05, so 1.7 is 1.7 and not 1.7000000000000002.
  const clampRate = (r) => Math.min(RATES.max, Math.max(RATES.min, Math.round(r / RATES.step) / Math.round(1 / RATES.step)));
  const fmtRate = (r) => `${+r.toFixed(2)}x`;
  const clock = (s) => {
    if (!isFinite(s) || s < 0) s = 0;
    s = Math.floor(s);
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = String(s % 60).padStart(2, "0");
    return h ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${m}:${sec}`;
  };
  const spoken = (s) => {  // "3 min 12 s": what screen readers and the remaining-time line say
    s = Math.max(0, Math.round(s || 0));
    const m = Math.floor(s / 60), sec = s % 60;
    return m ? (sec ? `${m} min ${sec} s` : `${m} min`) : `${sec} s`;
  };

  /** A failure with a message fit to show a reader. */
  class HarkProblem extends Error {
    constructor(message, status = 0) { super(message); this.status = status; }
  }

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

  // --- Timeline -------------------------------------------------------------------------------

  /** The timing map flattened: words and sentences in reading order with their times. */
  class Timeline {
    constructor(map) {
      this.map = map;
      this.durationMs = map.duration_ms || 0;
      this.baseWpm = (map.voice && map.voice.base_wpm) || 0;
      this.words = [];      // {seg, sen, w, text, start, end, sentence}
      this.sentences = [];  // {seg, sen, start, end, first, last, char_start, char_end}
      this.segments = [];   // {seg, kind, start, firstSentence}
      (map.segments || []).forEach((segment, seg) => {
        this.segments.push({ seg, kind: segment.kind, text: segment.text, start: null, firstSentence: this.sentences.length });
        (segment.sentences || []).forEach((sentence, sen) => {
          const s = { seg, sen, start: sentence.start_ms, end: sentence.end_ms, first: this.words.length, last: this.words.length - 1,
            char_start: sentence.char_start, char_end: sentence.char_end };
          (sentence.words || []).forEach((word, w) => {
            this.words.push({ seg, sen, w, text: word.text, start: word.start_ms, end: word.end_ms,
              char_start: word.char_start, char_end: word.char_end, sentence: this.sentences.length });
          });
          s.last = this.words.length - 1;
          this.sentences.push(s);
          if (this.segments[seg].start == null) this.segments[seg].start = sentence.start_ms;
        });
      });
      this.segments = this.segments.filter((s) => s.start != null);
    }
    /** Index of the last item whose start is ≤ ms, or -1. */
    static before(items, ms) {
      let lo = 0, hi = items.length - 1, found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (items[mid].start <= ms) { found = mid; lo = mid + 1; } else hi = mid - 1;
      }
      return found;
    }
    /** The word being said; once a sentence has begun (its lead-in before the first word included) never a word of an earlier one. */
    wordAt(ms) {
      const i = Timeline.before(this.words, ms), s = Timeline.before(this.sentences, ms);
      if (s >= 0 && (i < 0 || this.words[i].sentence < s) && this.sentences[s].first <= this.sentences[s].last) return this.sentences[s].first;
      return i;
    }
    sentenceAt(ms) { return Timeline.before(this.sentences, ms); }
    segmentAt(ms) { return Timeline.before(this.segments, ms); }
    sentence(seg, sen) { return this.sentences.find((s) => s.seg === seg && s.sen === sen) || null; }
    word(seg, sen, w) { return this.words.find((x) => x.seg === seg && x.sen === sen && x.w === w) || null; }
  }

  // --- TextAligner ----------------------------------------------------------------------------

  const SKIP = "script,style,noscript,template,textarea,input,select,button,hark-player,[aria-hidden='true'],[data-hark-skip]";
  const IS_CHAR = /[\p{L}\p{N}]/u;

  /**
   * Finds each timed word in the page's own text. Both sides are reduced to lowercase letters and
   * digits (so whitespace, quotes, dashes and punctuation never matter); words are then matched in
   * order near a cursor, and when a word is missing the next few words as one phrase re-anchor the
   * cursor, so text missing from, or added to, the page only costs the words concerned.
   */
  class TextAligner {
    static normalize(text) {
      let out = "";
      for (const ch of text) if (IS_CHAR.test(ch)) out += ch.toLowerCase()[0];
      return out;
    }

    constructor(root) {
      this.root = root;
      this.nodes = [];
      let norm = "";
      const nodeOf = [], offOf = [];
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
        acceptNode: (n) => (n.parentElement && n.parentElement.closest(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
      });
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.data, index = this.nodes.length;
        this.nodes.push(node);
        for (let i = 0; i < text.length; i++) {
          const ch = text[i];
          if (!IS_CHAR.test(ch)) continue;
          norm += ch.toLowerCase()[0];
          nodeOf.push(index); offOf.push(i);
        }
      }
      this.norm = norm; this.nodeOf = nodeOf; this.offOf = offOf;
    }

    /** A Range per timeline word (null where the word is not on the page), and the share found. */
    align(words) {
      const keys = words.map((w) => TextAligner.normalize(w.text));
      const ranges = new Array(words.length).fill(null);
      let cursor = 0, found = 0, wanted = 0;
      for (let i = 0; i < words.length; i++) {
        const key = keys[i];
        if (!key) continue;
        wanted++;
        // A lone word is trusted only right at the cursor (short words even closer: "in" hides in
        // "gardening"); anything further away must be confirmed by the words that follow it.
        let at = this.norm.indexOf(key, cursor);
        if (at < 0 || at - cursor > (key.length <= 3 ? 3 : 24)) {
          // Re-anchor on a phrase long enough to be unlikely elsewhere.
          let phrase = key;
          for (let j = i + 1; j < keys.length && phrase.length < 14 && j < i + 6; j++) phrase += keys[j];
          at = phrase.length >= 8 ? this.norm.indexOf(phrase, cursor) : -1;
        }
        if (at < 0) continue;
        ranges[i] = this.range(at, at + key.length, words[i].text);
        cursor = at + key.length;
        found++;
      }
      return { ranges, share: wanted ? found / wanted : 0 };
    }

    /** The page range of a match, widened to the token's own symbols ("£380,000", "64%") when the page has them. */
    range(from, to, text) {
      const r = document.createRange();
      const first = this.nodes[this.nodeOf[from]], last = this.nodes[this.nodeOf[to - 1]];
      let start = this.offOf[from], end = this.offOf[to - 1] + 1;
      const lead = /^[^\p{L}\p{N}\s]*/u.exec(text)[0], tail = /[^\p{L}\p{N}\s]*$/u.exec(text)[0];
      if (lead && first.data.slice(start - lead.length, start) === lead) start -= lead.length;
      if (tail && last.data.slice(end, end + tail.length) === tail) end += tail.length;
      r.setStart(first, start);
      r.setEnd(last, end);
      return r;
    }
  }

  // --- Highlighter ----------------------------------------------------------------------------

  const PAGE_STYLE = `
    ::highlight(hark-word){background:var(--hark-word-bg,#ffd43b);color:var(--hark-word-fg,#111)}
    ::highlight(hark-sentence){background:var(--hark-sentence-bg,rgba(255,212,59,.25))}
    .hark-w.hark-on{background:var(--hark-word-bg,#ffd43b);color:var(--hark-word-fg,#111);border-radius:2px}
    .hark-w.hark-in{background:var(--hark-sentence-bg,rgba(255,212,59,.25))}
    @media (prefers-color-scheme:dark){
      ::highlight(hark-word){background:var(--hark-word-bg,#f5c518);color:var(--hark-word-fg,#000)}
      ::highlight(hark-sentence){background:var(--hark-sentence-bg,rgba(245,197,24,.2))}
    }`;

  /** Paints words on the host page: Highlight API where there is one, else wrapped spans. */
  class Highlighter {
    constructor(ranges, timeline) {
      this.ranges = ranges;
      this.timeline = timeline;
      if (!document.getElementById("hark-page-style")) {
        const style = document.createElement("style");
        style.id = "hark-page-style";
        style.textContent = PAGE_STYLE;
        (document.head || document.documentElement).appendChild(style);
      }
      this.native = typeof Highlight === "function" && window.CSS && CSS.highlights;
      if (this.native) {
        this.word = new Highlight(); this.sentence = new Highlight();
        this.sentence.priority = 0; this.word.priority = 1;
        CSS.highlights.set("hark-sentence", this.sentence);
        CSS.highlights.set("hark-word", this.word);
      } else {
        this.spans = Highlighter.wrap(ranges);
      }
      this.lit = -1; this.litSentence = -1;
    }

    /** Wrap each word in a span, last first: splitting a text node keeps earlier offsets valid. */
    static wrap(ranges) {
      const spans = new Array(ranges.length).fill(null);
      for (let i = ranges.length - 1; i >= 0; i--) {
        const r = ranges[i];
        if (!r || r.startContainer !== r.endContainer) continue;
        try {
          const span = document.createElement("span");
          span.className = "hark-w";
          r.surroundContents(span);
          spans[i] = span;
        } catch (_) { /* leave this word unlit */ }
      }
      return spans;
    }

    show(index) {
      if (index === this.lit) return;
      this.lit = index;
      const word = index >= 0 ? this.timeline.words[index] : null;
      const sentence = word ? word.sentence : -1;
      if (this.native) {
        this.word.clear();
        if (word && this.ranges[index]) this.word.add(this.ranges[index]);
        if (sentence !== this.litSentence) {
          this.sentence.clear();
          const s = this.timeline.sentences[sentence];
          const span = s && this.sentenceRange(s);
          if (span) this.sentence.add(span);
        }
      } else {
        this.spans.forEach((el, i) => {
          if (!el) return;
          el.classList.toggle("hark-on", i === index);
          el.classList.toggle("hark-in", this.timeline.words[i].sentence === sentence && i !== index);
        });
      }
      this.litSentence = sentence;
    }

    sentenceRange(s) {
      let a = null, b = null;
      for (let i = s.first; i <= s.last; i++) if (this.ranges[i]) { a = a || this.ranges[i]; b = this.ranges[i]; }
      if (!a) return null;
      const r = document.createRange();
      r.setStart(a.startContainer, a.startOffset);
      r.setEnd(b.endContainer, b.endOffset);
      return r;
    }

    /** The word under a DOM point: inside a word, or in the gap before one within its sentence. */
    wordAtPoint(node, offset) {
      const indices = [];
      this.ranges.forEach((r, i) => { if (r) indices.push(i); });
      let lo = 0, hi = indices.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        let cmp;
        try { cmp = this.ranges[indices[mid]].comparePoint(node, offset); } catch (_) { return -1; }
        if (cmp === 0) return indices[mid];
        if (cmp < 0) hi = mid - 1; else lo = mid + 1;
      }
      if (lo >= indices.length) return -1;
      const next = indices[lo], s = this.timeline.sentences[this.timeline.words[next].sentence];
      const range = s && this.sentenceRange(s);
      try { return range && range.comparePoint(node, offset) === 0 ? next : -1; } catch (_) { return -1; }
    }

    rectOf(index) {
      const r = this.native ? this.ranges[index] : this.spans[index];
      return r ? r.getBoundingClientRect() : null;
    }

    clear() {
      this.show(-1);
      if (this.native) {
        if (CSS.highlights.get("hark-word") === this.word) CSS.highlights.delete("hark-word");
        if (CSS.highlights.get("hark-sentence") === this.sentence) CSS.highlights.delete("hark-sentence");
      }
    }
  }

  // --- the element ----------------------------------------------------------------------------

  const ICON = {
    play: "M8 5v14l11-7z",
    pause: "M6 5h4v14H6zm8 0h4v14h-4z",
    back: "M12 5V1L7 6l5 5V7a6 6 0 1 1-6 6H4a8 8 0 1 0 8-8z",
    fwd: "M12 5V1l5 5-5 5V7a6 6 0 1 0 6 6h2a8 8 0 1 1-8-8z",
    prev: "M6 6h2v12H6zm3.5 6 8.5 6V6z",
    next: "M16 6h2v12h-2zM6 18l8.5-6L6 6z",
    voice: "M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.9V21h2v-3.1a7 7 0 0 0 6-6.9z",
  };
  const svg = (d) => `<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="${d}"/></svg>`;

  const TEMPLATE = `
<style>
:host{--hark-bg:#fff;--hark-fg:#1a1a1a;--hark-muted:#5c5c5c;--hark-accent:#0b57d0;--hark-accent-fg:#fff;
  --hark-border:#d0d4da;--hark-track:#e3e6ea;--hark-focus:#0b57d0;--hark-radius:12px;--hark-error:#b3261e;
  --hark-font:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
  display:block;font:15px/1.4 var(--hark-font);color:var(--hark-fg);max-width:100%;margin:1.25em 0}
@media (prefers-color-scheme:dark){:host{--hark-bg:#1e2126;--hark-fg:#eceff3;--hark-muted:#a9b0b9;--hark-accent:#8ab4f8;
  --hark-accent-fg:#0b1b33;--hark-border:#3a3f47;--hark-track:#343a42;--hark-focus:#8ab4f8;--hark-error:#f2b8b5}}
.box{background:var(--hark-bg);border:1px solid var(--hark-border);border-radius:var(--hark-radius);padding:14px 16px;box-sizing:border-box}
.row{display:flex;align-items:center;gap:8px;flex-wrap:wrap}
button{font:inherit;color:inherit;background:transparent;border:1px solid var(--hark-border);border-radius:999px;
  min-height:40px;min-width:40px;padding:0 12px;cursor:pointer;display:inline-flex;align-items:center;gap:6px}
button:disabled,input:disabled{opacity:.45;cursor:default}
button:hover:not(:disabled){border-color:var(--hark-accent)}
:focus-visible{outline:3px solid var(--hark-focus);outline-offset:2px}
svg{width:20px;height:20px;fill:currentColor}
.icon{padding:0;width:40px}
.skip{padding:0 10px 0 8px;gap:2px;font-size:13px;font-weight:600;font-variant-numeric:tabular-nums}
.listen{background:var(--hark-accent);color:var(--hark-accent-fg);border-color:var(--hark-accent);font-weight:600;padding:0 18px 0 14px;min-height:44px}
.status{color:var(--hark-muted);font-size:14px;flex:1 1 12em}
.seek{margin:10px 0 4px;display:flex;align-items:center;gap:10px;font-variant-numeric:tabular-nums;font-size:13px;color:var(--hark-muted)}
input[type=range]{flex:1;accent-color:var(--hark-accent);min-width:0;height:28px;margin:0}
.grow{flex:1}
.speed{margin-top:12px;border-top:1px solid var(--hark-border);padding-top:10px}
.speed h3,.voices h3{font-size:13px;font-weight:600;margin:0 0 6px;color:var(--hark-muted)}
[aria-pressed=true]{background:var(--hark-accent);color:var(--hark-accent-fg);border-color:var(--hark-accent)}
.rate{font-weight:600;font-variant-numeric:tabular-nums;min-width:9.5em}
.hint{margin:-4px 0 8px;font-size:13px;color:var(--hark-muted)}
.left{color:var(--hark-muted);font-size:13px}
.voices{margin-top:10px;border-top:1px solid var(--hark-border);padding-top:10px}
.lists{max-height:22em;overflow:auto;overscroll-behavior:contain}
.voices ul{list-style:none;margin:0;padding:0 2px;display:grid;gap:6px}
.voices li{display:flex;align-items:center;gap:8px}
.voices label{flex:1;display:flex;gap:8px;align-items:center;min-width:0;cursor:pointer}
.voices label>span{display:flex;flex-direction:column;min-width:0}
.voices small{color:var(--hark-muted);font-size:12px}
.voices summary{cursor:pointer;margin:10px 0 6px;color:var(--hark-muted);font-size:13px}
.msg{margin-top:8px;font-size:14px}
.msg:empty{display:none}
.msg.error{color:var(--hark-error)}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.report{position:fixed;z-index:2147483647;background:var(--hark-bg);border:1px solid var(--hark-border);border-radius:8px;padding:4px;box-shadow:0 4px 16px rgba(0,0,0,.2)}
[hidden]{display:none!important}
@media (max-width:480px){.box{padding:12px}.status{flex-basis:100%;order:3}.rate{min-width:0}}
</style>
<div class="box" part="box">
  <div class="row">
    <button class="listen" part="listen" data-act="toggle" aria-label="Listen">${svg(ICON.play)}<span class="label">Listen</span></button>
    <div class="status" part="status"></div>
    <button class="voice-btn" data-act="voices" aria-expanded="false" aria-controls="voices">${svg(ICON.voice)}Select Voice</button>
  </div>
  <div class="seek">
    <span class="elapsed">0:00</span>
    <input type="range" class="bar" min="0" max="1000" step="1" value="0" aria-label="Seek">
    <span class="remaining">-0:00</span>
  </div>
  <div class="row">
    <button class="icon" data-act="prev" aria-label="Previous paragraph">${svg(ICON.prev)}</button>
    <button class="skip" data-act="back" aria-label="Back 15 seconds">${svg(ICON.back)}15s</button>
    <button class="skip" data-act="fwd" aria-label="Forward 15 seconds">15s${svg(ICON.fwd)}</button>
    <button class="icon" data-act="next" aria-label="Next paragraph">${svg(ICON.next)}</button>
  </div>
  <div class="voices" id="voices" hidden>
    <h3 id="voices-h">Select Voice</h3>
    <div class="lists"></div>
  </div>
  <div class="speed" role="group" aria-labelledby="speed-h">
    <h3 id="speed-h">Choose your listening speed</h3>
    <p class="hint">Get through articles 2x faster.</p>
    <div class="row presets"></div>
    <div class="row" style="margin-top:6px">
      <input type="range" class="rate-slider" min="${RATES.min}" max="${RATES.max}" step="${RATES.step}" value="1" aria-label="Listening speed">
      <span class="rate" aria-hidden="true">1x</span>
    </div>
    <div class="left"></div>
  </div>
  <div class="msg" part="message"></div>
  <div class="report" role="menu" aria-label="This word" hidden><button type="button" role="menuitem" data-act="report">Sounds wrong</button></div>
  <div class="sr" role="status" aria-live="polite"></div>
  <audio class="main" preload="metadata" hidden></audio>
  <audio class="preview" preload="none" hidden></audio>
</div>`;

  class HarkPlayer extends HTMLElement {
    static get observedAttributes() { return ["article"]; }

    constructor() {
      super();
      this.root = this.attachShadow({ mode: "open" });
      this.root.innerHTML = TEMPLATE;
      this.$ = (sel) => this.root.querySelector(sel);
      // In the shadow root (not a detached Audio) so the host page's tests and tools can inspect it.
      this.audio = this.$("audio.main");
      this.voices = [];
      this.article = null;      // GET /v1/articles/{id}
      this.narration = null;    // the narration being listened to
      this.timeline = null;
      this.highlighter = null;
      this.wordIndex = -1;
      this.segIndex = -1;
      this.decile = 0;
      this.started = false;     // Listen pressed at least once: later play() calls are user-initiated
      this.wantPlay = false;    // play as soon as audio is there
      this.pendingSeek = null;  // seconds to seek to once the audio's metadata is known
      this.generation = 0;      // bumps on each load, so late answers for an old article are dropped
      this._rate = clampRate(+Prefs.choice.rate || 1);
      this._buildPresets();
      this._wire();
      this._render();
    }

    connectedCallback() {
      this.api = new Api(this.getAttribute("api") || SCRIPT_ORIGIN);
      this.beacon = new Beacon(this.api);
      this._onPageHide = () => this._savePosition();
      window.addEventListener("pagehide", this._onPageHide);
      this._load().catch((e) => this._fail(e));
    }

    disconnectedCallback() {
      window.removeEventListener("pagehide", this._onPageHide);
      clearTimeout(this.pollTimer);
      this.audio.pause();
      if (this.highlighter) this.highlighter.clear();
      this._unbindArticle();
    }

    attributeChangedCallback(name, old, value) {
      // Only after connectedCallback (this.api): the parser sets attributes before connecting.
      if (name === "article" && old !== value && this.api && this.isConnected) this._load().catch((e) => this._fail(e));
    }

    // --- public API (DESIGN.md "Player") ---

    get currentTime() { return this.audio.currentTime || 0; }
    set currentTime(s) { this._seek(s); }
    get duration() {
      if (this.timeline && this.timeline.durationMs) return this.timeline.durationMs / 1000;
      const d = this.audio.duration;
      if (isFinite(d)) return d;
      return this.narration && this.narration.duration_ms ? this.narration.duration_ms / 1000 : 0;
    }
    get rate() { return this._rate; }
    set rate(r) { this._setRate(r); }
    get voice() { return this.narration ? this.narration.voice : null; }
    set voice(id) { this._switchVoice(id).catch((e) => this._fail(e)); }
    get wpm() { return Math.round(this._rate * this._baseWpm()); }
    get currentWord() {
      const w = this.timeline && this.timeline.words[this.wordIndex];
      return w ? { segment: w.seg, sentence: w.sen, word: w.w, text: w.text } : null;
    }
    play() {
      this.started = true;
      this.wantPlay = true;
      if (!this.audio.src) { this._say("Preparing audio…"); return Promise.resolve(); }
      if (this.audio.error) {  // after a failure, Listen means "try again from where it stopped"
        this.pendingSeek = this.lastTime || null;
        this.audio.load();
      }
      // Resolve, never reject: callers (and the Listen button) must not produce unhandled rejections.
      return this.audio.play().catch((e) => {
        if (e && e.name === "AbortError") return;  // a newer load or pause won
        if (this.audio.error || this.retries) return;  // the error event explains and retries
        if (e && e.name === "NotAllowedError") this._say("Press Listen to start the audio.");
        else this._fail(new HarkProblem("This audio can't be played in this browser."));
      });
    }
    pause() { this.wantPlay = false; this.audio.pause(); }
    seekToWord(segment, sentence, word) {
      const w = this.timeline && this.timeline.word(segment, sentence, word);
      if (!w) return false;
      this._seek(w.start / 1000 + 0.001);
      return true;
    }

    // --- loading ---

    async _load() {
      const gen = ++this.generation;
      clearTimeout(this.pollTimer);
      this._message("");
      // A new article (the attribute changed): forget everything about the old one.
      this.audio.pause();
      if (this.highlighter) this.highlighter.clear();
      this._unbindArticle();
      Object.assign(this, { article: null, narration: null, timeline: null, highlighter: null, wordIndex: -1, segIndex: -1, decile: 0 });
      let id = this.getAttribute("article");
      if (!id && this.getAttribute("url")) {
        // Publishing needs a key, so the player only finds what the publisher already narrated.
        const found = await this.api.lookup(this.getAttribute("url")).catch(() => {
          throw new HarkProblem("This page hasn't been narrated yet.");
        });
        id = found.id;
      }
      if (!id) { this._say("Preparing audio…"); this._render(); return; }
      this.articleId = id;
      this._say("Loading…");
      this.voicesPromise = this.voicesPromise || this.api.voices().then((v) => { this.voices = v; this._applyRates(); this._renderVoices(); })
        .catch(() => { this.voices = []; this._renderVoices(); });
      let article;
      try {
        article = await this.api.article(id);
      } catch (e) {
        if (e.status === 404) throw new HarkProblem("This article has no audio: it could not be found.");
        throw e;
      }
      if (gen !== this.generation) return;
      this.article = article;
      this.beacon.send(this._event("load"));
      const choice = Prefs.choice, saved = Prefs.position(id);
      const narrations = article.narrations || [];
      const pick = narrations.find((n) => saved && n.voice === saved.voice && n.status !== "failed")
        || narrations.find((n) => n.voice === choice.voice && n.status === "ready")
        || narrations.find((n) => n.status === "ready")
        || narrations.find((n) => n.status !== "failed")
        || narrations[0];
      if (!pick) throw new HarkProblem("This article has no narration yet.");
      await this._useNarration(pick, saved && saved.voice === pick.voice ? saved : null, gen);
      this._renderVoices();
    }

    /** Point the audio at a narration; ready → timings and highlighting; in progress → stream and poll. */
    async _useNarration(narration, resumeAt, gen) {
      this.narration = narration;
      if (narration.status === "failed") {
        this._render();
        throw new HarkProblem(`The narration in this voice failed${narration.error ? ` (${narration.error})` : ""}. Try another voice under "Select Voice".`);
      }
      const src = this.api.url(narration.audio_url || `/v1/articles/${encodeURIComponent(this.articleId)}/audio?voice=${encodeURIComponent(narration.voice)}`);
      if (narration.status === "ready") {
        let map = null;
        try {
          map = await this.api.timings(this.articleId, narration.voice);
        } catch (_) {
          // The audio is still worth having without its word timings.
          this._message("Words can't be highlighted right now, but the audio plays.");
        }
        if (gen !== this.generation) return;
        if (map) this._attachTimeline(map);
        else { this.timeline = null; if (this.highlighter) this.highlighter.clear(); this.highlighter = null; }
        const s = resumeAt && this.timeline && this.timeline.sentence(resumeAt.seg, resumeAt.sen);
        const at = s ? s.start / 1000 : (resumeAt && resumeAt.t) || 0;
        this._setSource(src, at);
        this._say(at > 1 ? `Ready. Resumes at ${clock(at)}.` : "Ready to listen.");
        this._interactive();
      } else {
        // The audio URL streams while the narration is still being made.
        this._say("Preparing audio…");
        this._setSource(src, 0);
        this._interactive();
        this._schedulePoll(gen);
      }
      this._render();
    }

    _schedulePoll(gen, delay = POLL_MS) {
      clearTimeout(this.pollTimer);
      this.pollTimer = setTimeout(() => this._poll(gen).catch((e) => {
        // A blip while waiting is not the end: keep asking, more slowly, unless the service said no.
        if (e instanceof HarkProblem && (e.status === 0 || e.status >= 500)) {
          this._message("Lost touch with the audio service. Still trying…", "transient");
          this._schedulePoll(gen, Math.min(30000, delay * 2));
        } else this._fail(e);
      }), delay);
    }

    async _poll(gen) {
      if (gen !== this.generation) return;
      const article = await this.api.article(this.articleId);
      if (this.messageKind === "transient") this._message("");
      if (gen !== this.generation) return;
      this.article = article;
      const n = (article.narrations || []).find((x) => x.voice === this.narration.voice);
      if (!n) throw new HarkProblem("The narration disappeared. Reload the page to try again.");
      if (n.status === "ready") {
        this.narration = n;
        const map = await this.api.timings(this.articleId, n.voice);
        if (gen !== this.generation) return;
        this._attachTimeline(map);
        // Playing from the stream? keep going. Paused? move to the finished file, which can seek.
        if (this.audio.paused) this._setSource(this.api.url(n.audio_url || this.audio.src), this.audio.currentTime || 0);
        this._say(this.audio.paused ? "Ready to listen." : "Playing.");
        this._render();
        return;
      }
      if (n.status === "failed") {
        this.narration = n;
        throw new HarkProblem(`The narration failed${n.error ? ` (${n.error})` : ""}. Try another voice under "Select Voice".`);
      }
      // Still being made: if the stream errored because nothing was there yet, try again.
      if (this.audio.error) this._setSource(this.audio.src, this.audio.currentTime || 0);
      this._schedulePoll(gen);
    }

    _setSource(src, at) {
      this.retries = 0;
      this.pendingSeek = at > 0 ? at : null;
      this.audio.src = src;
      this._applyRate();
      this.audio.load();
      if (this.wantPlay) this.play();
    }

    _attachTimeline(map) {
      this.timeline = new Timeline(map);
      this.wordIndex = -1;
      this._bindArticle();
      this._render();
    }

    _interactive() {
      if (this.hasAttribute("ready")) return;
      this.setAttribute("ready", "");
      try { performance.mark("hark:interactive"); } catch (_) { /* old browsers */ }
      this.dispatchEvent(new CustomEvent("hark:ready", { bubbles: true, composed: true }));
    }

    // --- the publisher's text ---

    _container() {
      const sel = this.getAttribute("for");
      if (sel) { try { return document.querySelector(sel); } catch (_) { return null; } }
      return this.closest("article");
    }

    _bindArticle() {
      this._unbindArticle();
      if (this.highlighter) this.highlighter.clear();
      this.highlighter = null;
      const root = this._container();
      if (!root) {
        if (this.getAttribute("for")) this._message("The article text wasn't found on this page, so words won't be highlighted.");
        return;
      }
      if (root.hasAttribute("data-hark-fill")) this._fill(root.querySelector("[data-hark-body]") || root);
      const { ranges, share } = new TextAligner(root).align(this.timeline.words);
      if (share < 0.3) {  // a few stray matches are chance, not the article
        this._message("The text on this page differs from the narration, so words won't be highlighted.");
        return;
      }
      if (share < 0.8) this._message("Parts of this page differ from the narration; some words won't be highlighted.");
      this.highlighter = new Highlighter(ranges, this.timeline);
      this.articleRoot = root;
      this._onArticleClick = (e) => this._articleClick(e);
      this._onArticleKey = (e) => this._articleKey(e);
      this._onArticleMenu = (e) => this._articleMenu(e);
      root.addEventListener("click", this._onArticleClick);
      root.addEventListener("contextmenu", this._onArticleMenu);
      document.addEventListener("keydown", this._onArticleKey);
    }

    _unbindArticle() {
      if (!this.articleRoot) return;
      this.articleRoot.removeEventListener("click", this._onArticleClick);
      this.articleRoot.removeEventListener("contextmenu", this._onArticleMenu);
      this._hideReport();
      document.removeEventListener("keydown", this._onArticleKey);
      this.articleRoot = null;
    }

    /** A page that shipped without the text (narration still being made) gets it from the timing map. */
    _fill(root) {
      if (TextAligner.normalize(root.textContent || "")) return;  // filled already
      for (const seg of this.timeline.map.segments || []) {
        if (seg.kind === "title") continue;
        const el = document.createElement(seg.kind === "heading" ? "h2" : "p");
        if (seg.kind === "standfirst") el.className = "standfirst";
        el.textContent = seg.text;
        root.appendChild(el);
      }
    }

    _articleClick(e) {
      if (e.button !== 0 || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || !this.highlighter) return;
      // Clicks on any player (its shadow DOM bubbles here) or on the page's own controls are not seeks.
      if (e.target.closest && e.target.closest("hark-player,a,button,input,select,textarea,label,summary,[contenteditable]")) return;
      const sel = document.getSelection();
      if (sel && !sel.isCollapsed) return;  // the reader is selecting text, not seeking
      let node = null, offset = 0;
      if (document.caretPositionFromPoint) {
        const p = document.caretPositionFromPoint(e.clientX, e.clientY);
        if (p) { node = p.offsetNode; offset = p.offset; }
      } else if (document.caretRangeFromPoint) {
        const r = document.caretRangeFromPoint(e.clientX, e.clientY);
        if (r) { node = r.startContainer; offset = r.startOffset; }
      }
      if (node) this._seekToPoint(node, offset);
    }

    _articleKey(e) {
      if (e.key !== "Enter" || !this.highlighter || e.defaultPrevented) return;
      if (e.target.closest && e.target.closest("hark-player,a,button,input,select,textarea,summary,[contenteditable]")) return;
      const sel = document.getSelection();
      if (!sel || !sel.rangeCount || !this.articleRoot.contains(sel.anchorNode)) return;
      if (this._seekToPoint(sel.anchorNode, sel.anchorOffset)) e.preventDefault();
    }

    /** Right-click (a long press on phones) on a lit word: a small menu to say it sounds wrong. */
    _articleMenu(e) {
      if (!this.highlighter || (e.target.closest && e.target.closest("hark-player,a,button,input,select,textarea"))) return;
      let index = -1;
      const p = document.caretPositionFromPoint ? document.caretPositionFromPoint(e.clientX, e.clientY) : null;
      const r = !p && document.caretRangeFromPoint ? document.caretRangeFromPoint(e.clientX, e.clientY) : null;
      if (p || r) index = this.highlighter.wordAtPoint(p ? p.offsetNode : r.startContainer, p ? p.offset : r.startOffset);
      if (index < 0) index = this.wordIndex;  // the context-menu key: the word being read
      if (index < 0) return;
      e.preventDefault();
      const menu = this.$(".report");
      this.reportIndex = index;
      menu.hidden = false;
      menu.style.left = `${Math.max(0, Math.min(e.clientX, innerWidth - menu.offsetWidth - 4))}px`;
      menu.style.top = `${Math.max(0, Math.min(e.clientY, innerHeight - menu.offsetHeight - 4))}px`;
      menu.querySelector("button").focus();
      this._onReportAway = (ev) => { if (!ev.composedPath().includes(menu)) this._hideReport(); };
      this._onReportKey = (ev) => { if (ev.key === "Escape") this._hideReport(); };
      document.addEventListener("pointerdown", this._onReportAway, true);
      document.addEventListener("keydown", this._onReportKey, true);
    }

    _hideReport() {
      this.$(".report").hidden = true;
      document.removeEventListener("pointerdown", this._onReportAway, true);
      document.removeEventListener("keydown", this._onReportKey, true);
    }

    _sendReport() {
      const w = this.timeline && this.timeline.words[this.reportIndex];
      this._hideReport();
      if (!w) return;
      const s = this.timeline.sentences[w.sentence], seg = this.timeline.segments.find((x) => x.seg === w.seg);
      const sentence = seg && seg.text ? seg.text.slice(s.char_start, s.char_end) : "";
      this.api.report({ article: this.articleId, word: w.text, sentence, voice: this.voice, position_ms: Math.round(w.start) })
        .then(() => { const t = `Thanks: the publisher will check how "${w.text}" is said.`; this._say(t); this._message(t, "transient"); })
        .catch((e) => this._message(e.status === 429 ? "Too many reports for now; try again in a minute." : e.message));
    }

    _seekToPoint(node, offset) {
      const el = node.nodeType === 1 ? node : node.parentElement;
      if (!el || !this.articleRoot.contains(el) || el.closest(SKIP)) return false;
      const index = this.highlighter.wordAtPoint(node, offset);
      if (index < 0) return false;
      const w = this.timeline.words[index];
      this._seek(w.start / 1000 + 0.001);
      if (this.started) this.play();
      return true;
    }

    // --- controls ---

    _buildPresets() {
      const box = this.$(".presets");
      for (const [name, rate] of PRESETS) {
        const b = document.createElement("button");
        b.type = "button";
        b.dataset.rate = String(rate);
        b.textContent = name;
        b.setAttribute("aria-pressed", "false");
        box.appendChild(b);
      }
    }

    _wire() {
      const a = this.audio;
      a.addEventListener("loadedmetadata", () => {
        if (this.pendingSeek != null) {
          const at = this.pendingSeek;
          this.pendingSeek = null;
          try { a.currentTime = at; } catch (_) { /* not seekable yet */ }
        }
        this._render();
      });
      a.addEventListener("play", () => this._onPlay());
      a.addEventListener("playing", () => {  // sound is really coming out: earlier trouble is over
        this.retries = 0;
        if (this.messageKind === "error" || this.messageKind === "transient") this._message("");
      });
      a.addEventListener("pause", () => this._onPause());
      a.addEventListener("ended", () => this._onEnded());
      a.addEventListener("timeupdate", () => this._tick());
      a.addEventListener("seeked", () => this._tick());
      a.addEventListener("durationchange", () => this._render());
      a.addEventListener("error", () => this._onAudioError());
      a.addEventListener("ratechange", () => {
        // Some browsers reset playbackRate on load; the reader's choice wins.
        if (Math.abs(a.playbackRate - this._rate) > 1e-3) this._applyRate();
      });

      this.root.addEventListener("click", (e) => {
        const btn = e.target.closest("button");
        if (!btn || btn.disabled) return;
        const act = btn.dataset.act;
        if (btn.dataset.rate) this._setRate(+btn.dataset.rate);
        else if (act === "toggle") this.audio.paused ? this.play() : this.pause();
        else if (act === "back") this._skip(-SKIP_S);
        else if (act === "fwd") this._skip(SKIP_S);
        else if (act === "prev") this._paragraph(-1);
        else if (act === "next") this._paragraph(1);
        else if (act === "voices") this._toggleVoices();
        else if (act === "preview") this._preview(btn.dataset.voice);
        else if (act === "report") this._sendReport();
      });
      this.root.addEventListener("change", (e) => {
        if (e.target.name !== "hark-voice") return;
        // Arrow keys move through a radio group one "change" at a time: wait until the reader
        // settles, so passing a voice doesn't switch to it (or ask the service to narrate it).
        clearTimeout(this.voiceTimer);
        const id = e.target.value;
        this.voiceTimer = setTimeout(() => this._switchVoice(id).catch((err) => {
          this._fail(err);
          this._renderVoices();  // the radio goes back to the voice that is actually reading
        }), 600);
      });
      const bar = this.$(".bar");
      bar.addEventListener("input", () => {
        this.scrubbing = true;
        this._seek((bar.value / 1000) * this.duration, "scrub");  // no beacon per pixel dragged
      });
      bar.addEventListener("change", () => {
        this.scrubbing = false;
        this.beacon.send({ ...this._event("seek"), value: Math.round(this.currentTime * 1000) });
      });
      const slider = this.$(".rate-slider");
      slider.addEventListener("input", () => this._setRate(+slider.value));
      this.root.addEventListener("keydown", (e) => this._key(e));
    }

    /** Shortcuts while focus is in the player; native keys of buttons and the speed slider still win. */
    _key(e) {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const t = e.target, isButton = t.tagName === "BUTTON", isRate = t.classList && t.classList.contains("rate-slider");
      const isRadio = t.type === "radio" || t.tagName === "SUMMARY";  // keys these own natively
      let done = true;
      if (e.key === " " && !isButton && !isRadio) this.audio.paused ? this.play() : this.pause();
      else if ((e.key === "ArrowLeft" || e.key === "ArrowRight") && !isRate && !isRadio) {
        const dir = e.key === "ArrowLeft" ? -1 : 1;
        e.shiftKey ? this._paragraph(dir) : this._skip(dir * SKIP_S);
      } else if (e.key === "+" || e.key === "=") this._setRate(this._rate + 0.25);
      else if (e.key === "-" || e.key === "_") this._setRate(this._rate - 0.25);
      else if (e.key === "Escape" && !this.$("#voices").hidden) { this._toggleVoices(false); this.$(".voice-btn").focus(); }
      else done = false;
      if (done) e.preventDefault();
    }

    _skip(seconds) { this._seek(this.currentTime + seconds, "seek"); }

    _paragraph(dir) {
      const tl = this.timeline;
      if (!tl || !tl.segments.length) return;
      const ms = this.currentTime * 1000;
      let i = tl.segmentAt(ms);
      // "Previous" first goes back to the start of the current paragraph, as tracks do.
      if (dir < 0 && i >= 0 && ms - tl.segments[i].start > 2000) dir = 0;
      i = Math.min(tl.segments.length - 1, Math.max(0, i + dir));
      this._seek(tl.segments[i].start / 1000 + 0.001);
    }

    _seek(seconds, why = "seek") {
      const d = this.duration;
      seconds = Math.max(0, d ? Math.min(seconds, d - 0.05) : seconds);
      if (!isFinite(seconds)) return;
      if (this.audio.readyState < 1) this.pendingSeek = seconds;
      else try { this.audio.currentTime = seconds; } catch (_) { this.pendingSeek = seconds; }
      if (why === "seek") this.beacon.send({ ...this._event("seek"), value: Math.round(seconds * 1000) });
      this._tick(seconds);
    }

    _setRate(r) {
      r = clampRate(+r);
      if (!isFinite(r)) return;
      const changed = Math.abs(r - this._rate) > 1e-6;
      this._rate = r;
      this._applyRate();
      Prefs.remember({ rate: r });
      this._render();
      if (!changed) return;
      this.dispatchEvent(new CustomEvent("hark:ratechange", { bubbles: true, composed: true, detail: { rate: r, wpm: this.wpm } }));
      clearTimeout(this.rateTimer);
      this.rateTimer = setTimeout(() => {  // one announcement and one beacon per settled choice, not per slider step
        this._say(`Speed ${fmtRate(r)}${this._baseWpm() ? `, ${this.wpm} words per minute` : ""}.`);
        this.beacon.send(this._event("ratechange", r));
      }, 400);
    }

    _applyRate() {
      const a = this.audio;
      a.preservesPitch = true;
      a.webkitPreservesPitch = true;
      a.defaultPlaybackRate = this._rate;
      a.playbackRate = this._rate;
      this._updateMediaPosition();
    }

    _baseWpm() {
      return (this.timeline && this.timeline.baseWpm) || (this.narration && this.narration.base_wpm) || 0;
    }

    // --- voices ---

    _toggleVoices(open) {
      const panel = this.$("#voices"), btn = this.$(".voice-btn");
      const show = open == null ? panel.hidden : open;
      panel.hidden = !show;
      btn.setAttribute("aria-expanded", String(show));
      if (show) {
        const checked = panel.querySelector("input:checked") || panel.querySelector("input");
        if (checked) checked.focus();
      }
    }

    /**
     * Voices in the article's language first (neural before formant), the rest folded away under
     * "Other languages": with espeak installed there are over a hundred.
     */
    _applyRates() {
      const slider = this.$(".rate-slider");
      Object.assign(slider, { min: String(RATES.min), max: String(RATES.max), step: String(RATES.step) });
      if (clampRate(this._rate) !== this._rate) this._setRate(this._rate);  // a choice the service no longer offers
      else this._render();
    }
    _renderVoices() {
      const panel = this.$("#voices .lists");
      const byVoice = new Map(((this.article && this.article.narrations) || []).map((n) => [n.voice, n]));
      const voices = (this.voices.length ? this.voices : [...byVoice.keys()].map((id) => ({ id, name: id }))).slice()
        .sort((a, b) => (a.quality === "formant") - (b.quality === "formant") || String(a.name || a.id).localeCompare(b.name || b.id));
      const lang = ((this.article && this.article.language) || document.documentElement.lang || "en").slice(0, 2).toLowerCase();
      const ours = (v) => byVoice.has(v.id) || String(v.language || "").toLowerCase().startsWith(lang);
      const item = (v) => {
        const li = document.createElement("li");
        const label = document.createElement("label");
        const input = document.createElement("input");
        input.type = "radio"; input.name = "hark-voice"; input.value = v.id;
        input.checked = !!this.narration && this.narration.voice === v.id;
        const text = document.createElement("span");
        const name = document.createElement("span");
        name.textContent = v.name || v.id;
        const info = document.createElement("small");
        const n = byVoice.get(v.id);
        const twin = voices.some((o) => o !== v && (o.name || o.id) === (v.name || v.id));
        info.textContent = [twin ? v.id.split(":").pop() : "", v.language, v.gender, v.quality,
          v.base_wpm ? `${Math.round(v.base_wpm * this._rate)} WPM` : "",
          n && n.status === "ready" ? "" : "prepared on request"].filter(Boolean).join(" · ");
        text.append(name, info);
        label.append(input, text);
        const preview = document.createElement("button");
        preview.type = "button";
        preview.dataset.act = "preview"; preview.dataset.voice = v.id;
        preview.textContent = "Preview";
        preview.setAttribute("aria-label", `Preview ${v.name || v.id}`);
        li.append(label, preview);
        return li;
      };
      const list = (items) => {
        const ul = document.createElement("ul");
        ul.setAttribute("role", "radiogroup");
        ul.setAttribute("aria-labelledby", "voices-h");
        ul.append(...items.map(item));
        return ul;
      };
      const focused = this.root.activeElement && this.root.activeElement.name === "hark-voice" ? this.root.activeElement.value : null;
      panel.textContent = "";
      const mine = voices.filter(ours), others = voices.filter((v) => !ours(v));
      panel.appendChild(list(mine));
      if (others.length) {
        const more = document.createElement("details");
        const summary = document.createElement("summary");
        summary.textContent = `Other languages (${others.length})`;
        more.append(summary, list(others));
        more.open = others.some((v) => (this.narration && v.id === this.narration.voice) || v.id === focused);
        panel.appendChild(more);
      }
      if (focused) {  // a rebuilt list must not drop the keyboard user's place
        const again = [...panel.querySelectorAll("input")].find((i) => i.value === focused);
        if (again) again.focus();
      }
    }

    /**
     * A few seconds of the voice. A voice already narrating this article previews with its own
     * reading of the headline (no extra request); others use the service's preview clip.
     */
    _preview(id) {
      const v = this.voices.find((x) => x.id === id) || { id, name: id };
      const audio = this.$("audio.preview");
      const ready = ((this.article && this.article.narrations) || []).find((n) => n.voice === id && n.status === "ready");
      let stopAt = Infinity;
      this.pause();
      if (ready) {
        audio.src = this.api.url(ready.audio_url);
        const first = this.timeline && this.timeline.sentences[0];
        stopAt = Math.min(6, first && this.narration.voice === id ? first.end / 1000 + 0.2 : 4.5);
      } else {
        audio.src = this.api.previewUrl(v);
      }
      audio.ontimeupdate = () => { if (audio.currentTime >= stopAt) audio.pause(); };
      audio.onerror = () => this._say(`No preview is available for ${v.name} yet.`);
      this._say(`Preview of ${v.name}.`);
      audio.play().catch((e) => {
        if (!e || e.name !== "AbortError") this._say(`No preview is available for ${v.name} yet.`);
      });
    }

    /** Keep the place: resume at the current sentence in the new voice (same script, same indices). */
    async _switchVoice(id) {
      this.switchTarget = id;
      if (!id || !this.articleId || (this.narration && this.narration.voice === id)) return;
      const gen = this.generation;
      const stale = () => gen !== this.generation || this.switchTarget !== id;  // a newer choice won
      const v = this.voices.find((x) => x.id === id) || { id, name: id };
      let n = ((this.article && this.article.narrations) || []).find((x) => x.voice === id);
      if (!n || n.status !== "ready") {
        this._say(`Preparing audio in ${v.name}…`);
        this._message(`Preparing audio in ${v.name}… the current voice keeps reading meanwhile.`, "transient");
        if (!n || n.status === "failed") {
          try {
            await this.api.narrate(this.articleId, id);
          } catch (e) {
            this._message("");
            this._renderVoices();
            throw new HarkProblem(e.status === 401 || e.status === 403
              ? `${v.name} isn't available for this article yet.` : `Couldn't prepare ${v.name}: ${e.message}`);
          }
        }
        n = await this._waitReady(id, gen);
        if (!n || stale()) return;
      }
      if (stale()) return;
      const wasPlaying = !this.audio.paused || this.wantPlay;
      const sIndex = this.timeline ? this.timeline.sentenceAt(this.currentTime * 1000) : -1;
      const s = sIndex >= 0 ? this.timeline.sentences[sIndex] : null;
      const place = s ? { seg: s.seg, sen: s.sen, t: this.currentTime } : { t: this.currentTime };
      this.audio.pause();
      this.wantPlay = wasPlaying;
      this._message("");
      await this._useNarration(n, place, gen);
      Prefs.remember({ voice: id });
      this._renderVoices();
      this._say(`Voice: ${v.name}.`);
      this.beacon.send(this._event("voicechange"));
      this.dispatchEvent(new CustomEvent("hark:voicechange", { bubbles: true, composed: true, detail: { voice: id } }));
    }

    async _waitReady(id, gen) {
      for (let i = 0; i < 900; i++) {
        const article = await this.api.article(this.articleId);
        if (gen !== this.generation || this.switchTarget !== id) return null;
        this.article = article;
        const n = (article.narrations || []).find((x) => x.voice === id);
        if (n && n.status === "ready") return n;
        if (n && n.status === "failed") {
          this._message("");
          throw new HarkProblem(`The narration in this voice failed${n.error ? ` (${n.error})` : ""}.`);
        }
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
      throw new HarkProblem("Preparing this voice is taking too long. Try again later.");
    }

    // --- playback state ---

    _onPlay() {
      this.started = true;
      this.$("audio.preview").pause();
      this._say("Playing.");
      this.beacon.send(this._event("play"));
      this._render();
      const loop = () => {
        if (this.audio.paused) return;
        this._tick();
        this.raf = requestAnimationFrame(loop);
      };
      cancelAnimationFrame(this.raf);
      this.raf = requestAnimationFrame(loop);
    }

    _onPause() {
      cancelAnimationFrame(this.raf);
      if (this.audio.ended) return;
      this._say("Paused.");
      this.beacon.send(this._event("pause"));
      this._savePosition();
      this._render();
    }

    _onEnded() {
      this.wantPlay = false;
      this._say("Finished.");
      this.beacon.send(this._event("complete"));
      Prefs.keep(this.articleId, null);
      this._render();
      this.dispatchEvent(new CustomEvent("hark:ended", { bubbles: true, composed: true }));
    }

    /** A dropped connection: retry from where we were, a few times, then say so plainly. */
    _onAudioError() {
      if (!this.audio.src) return;
      const preparing = this.narration && this.narration.status !== "ready";
      if (preparing) { this._say("Preparing audio…"); return; }  // the poll retries once there is audio
      const at = this.lastTime || 0;
      if ((this.retries || 0) < 3) {
        this.retries = (this.retries || 0) + 1;
        this._message("The connection dropped. Trying again…", "transient");
        const src = this.audio.src, retries = this.retries;
        setTimeout(() => {
          this.pendingSeek = at;
          this.audio.src = src;
          this.retries = retries;
          this.audio.load();
          if (this.wantPlay) this.play();
        }, 1000 * this.retries);
        return;
      }
      this.wantPlay = false;
      this._fail(new HarkProblem("The audio couldn't be loaded. Check your connection, then press Listen to try again."));
      this.retries = 0;
    }

    /** Runs every frame while playing: current word, events, highlight, progress, skipped silences. */
    _tick(at) {
      const t = at != null ? at : this.audio.currentTime || 0;
      if (this.audio.readyState >= 2 && !this.audio.error) this.lastTime = t;
      const tl = this.timeline;
      if (tl) {
        const ms = t * 1000;
        const index = tl.wordAt(ms);
        if (index !== this.wordIndex) {
          this.wordIndex = index;
          if (this.highlighter) this.highlighter.show(index);
          if (index >= 0) {
            this.dispatchEvent(new CustomEvent("hark:word", { bubbles: true, composed: true, detail: this.currentWord }));
            if (!this.audio.paused) this._follow(index);
          }
        }
        const seg = tl.segmentAt(ms);
        if (seg !== this.segIndex) {
          this.segIndex = seg;
          if (seg >= 0 && !this.audio.paused) this.beacon.send(this._event("paragraph", seg));
          this._updateMediaMetadata();
        }
        if (!this.audio.paused) this._shortenSilence(ms);
      }
      const d = this.duration;
      if (d && !this.audio.paused) {
        const decile = Math.floor((t / d) * 10);
        while (this.decile < decile && this.decile < 10) { this.decile++; this.beacon.send(this._event("progress", this.decile)); }
        if (!this.savedAt || Math.abs(t - this.savedAt) > 5) { this.savedAt = t; this._savePosition(); }
      }
      this._renderTime(t);
    }

    /**
     * playbackRate already shortens pauses in proportion, but a listener at 2x expects the pause
     * between paragraphs to shrink like the words do, and more (the common complaint about other
     * players). So above 1x the silence between two sentences is cut to gap / rate² of audio. A
     * seek costs ~80 ms of rebuffering, so only cuts saving more than that are made.
     */
    _shortenSilence(ms) {
      const rate = this._rate;
      if (rate <= 1.05 || this.narration.status !== "ready" || this.audio.seeking) return;
      const tl = this.timeline, i = tl.sentenceAt(ms);
      const cur = tl.sentences[i], next = tl.sentences[i + 1];
      if (!cur || !next || cur.last < cur.first || next.last < next.first) return;
      const silentFrom = tl.words[cur.last].end + 40, speaksAt = tl.words[next.first].start;
      if (ms < silentFrom || ms >= speaksAt) return;
      const target = speaksAt - (speaksAt - tl.words[cur.last].end) / (rate * rate);
      if ((target - ms) / rate < 120) return;
      try { this.audio.currentTime = target / 1000; } catch (_) { /* not seekable: let it play */ }
    }

    /** Keep the lit word in view unless the reader scrolled away a moment ago. */
    _follow(index) {
      if (!this.highlighter || !this.hasAttribute("follow")) return;
      if (Date.now() - (HarkPlayer.lastUserScroll || 0) < 4000) return;
      const rect = this.highlighter.rectOf(index);
      // Only when the word leaves the comfortable band: the page must not creep under the reader's eyes.
      if (!rect || !rect.height || (rect.top >= 8 && rect.bottom <= innerHeight * 0.85)) return;
      const still = matchMedia("(prefers-reduced-motion: reduce)").matches;
      window.scrollBy({ top: rect.top - innerHeight * 0.35, behavior: still ? "auto" : "smooth" });
    }

    _savePosition() {
      if (!this.articleId || !this.narration) return;
      const t = this.audio.currentTime || 0;
      if (t < 1) return;
      const tl = this.timeline, s = tl ? tl.sentences[tl.sentenceAt(t * 1000)] : null;
      Prefs.keep(this.articleId, { voice: this.narration.voice, seg: s ? s.seg : null, sen: s ? s.sen : null, t, at: Date.now() });
    }

    /** One beacon, in the shape POST /v1/events takes; `session` is random per page view, never a cookie. */
    _event(type, value = null) {
      return { article: this.articleId || "", type, session: SESSION, voice: this.voice,
        position_ms: Math.round(this.currentTime * 1000), rate: this._rate, value };
    }

    // --- Media Session: lock screen, headphones, car ---

    _updateMediaMetadata() {
      if (!("mediaSession" in navigator) || !this.article) return;
      try {
        const tl = this.timeline, seg = tl && tl.segments[this.segIndex];
        const chapter = seg ? (seg.kind === "paragraph" ? `Paragraph ${tl.segments.filter((s) => s.kind === "paragraph" && s.seg <= seg.seg).length}`
          : seg.kind[0].toUpperCase() + seg.kind.slice(1)) : "";
        const v = this.voices.find((x) => x.id === this.voice);
        navigator.mediaSession.metadata = new MediaMetadata({
          title: this.article.title || "Article",
          artist: v ? `Read by ${v.name}` : "Hark",
          album: chapter,
          artwork: [{ src: this.api.url("/static/player/artwork.svg"), sizes: "512x512", type: "image/svg+xml" }],
        });
        if (!this.sessionWired) {
          this.sessionWired = true;
          const on = (action, fn) => { try { navigator.mediaSession.setActionHandler(action, fn); } catch (_) { /* unsupported action */ } };
          on("play", () => this.play());
          on("pause", () => this.pause());
          on("seekbackward", (d) => this._skip(-(d.seekOffset || SKIP_S)));
          on("seekforward", (d) => this._skip(d.seekOffset || SKIP_S));
          on("previoustrack", () => this._paragraph(-1));
          on("nexttrack", () => this._paragraph(1));
          on("seekto", (d) => this._seek(d.seekTime));
        }
      } catch (_) { /* Media Session is a nicety */ }
    }

    _updateMediaPosition() {
      try {
        const d = this.duration;
        if ("mediaSession" in navigator && d && navigator.mediaSession.setPositionState) {
          navigator.mediaSession.setPositionState({ duration: d, playbackRate: this._rate, position: Math.min(d, this.currentTime) });
        }
      } catch (_) { /* position state is optional */ }
    }

    // --- rendering ---

    _render() {
      const playing = !this.audio.paused;
      const listen = this.$(".listen");
      listen.setAttribute("aria-label", playing ? "Pause" : "Listen");
      listen.querySelector(".label").textContent = playing ? "Pause" : "Listen";
      listen.querySelector("path").setAttribute("d", playing ? ICON.pause : ICON.play);
      const usable = !!this.narration && this.narration.status !== "failed";
      listen.disabled = !usable;
      const timed = !!this.timeline;
      for (const act of ["prev", "next"]) this.$(`[data-act=${act}]`).disabled = !timed;
      for (const act of ["back", "fwd"]) this.$(`[data-act=${act}]`).disabled = !usable;
      this.$(".bar").disabled = !usable || !this.duration;
      this.$(".voice-btn").disabled = !this.articleId;
      const base = this._baseWpm();
      this.$(".rate").textContent = base ? `${fmtRate(this._rate)} · ${this.wpm} WPM` : fmtRate(this._rate);
      const slider = this.$(".rate-slider");
      if (Math.abs(+slider.value - this._rate) > 1e-6) slider.value = String(this._rate);
      slider.setAttribute("aria-valuetext", base ? `${fmtRate(this._rate)}, ${this.wpm} words per minute` : fmtRate(this._rate));
      for (const b of this.root.querySelectorAll("[data-rate]")) b.setAttribute("aria-pressed", String(Math.abs(+b.dataset.rate - this._rate) < 1e-6));
      const status = this.$(".status");
      if (this.article) {
        const minutes = this.article.reading_minutes;
        status.textContent = this.duration
          ? `${spoken(this.duration / this._rate)} listen at ${fmtRate(this._rate)}${minutes ? ` · ${minutes} min read` : ""}`
          : (this.narration && this.narration.status !== "ready" ? "Preparing audio…" : "");
      } else if (!this.getAttribute("article")) status.textContent = "Preparing audio…";
      this._renderTime(this.currentTime);
      this._updateMediaPosition();
    }

    _renderTime(t) {
      const d = this.duration;
      this.$(".elapsed").textContent = clock(t);
      this.$(".remaining").textContent = d ? `-${clock(d - t)}` : "--:--";
      const bar = this.$(".bar");
      if (!this.scrubbing && d) bar.value = String(Math.round((t / d) * 1000));
      bar.setAttribute("aria-valuetext", d ? `${spoken(t)} of ${spoken(d)}` : spoken(t));
      this.$(".left").textContent = d ? `${spoken((d - t) / this._rate)} left at ${fmtRate(this._rate)}` : "";
    }

    _say(text) {
      const live = this.$("[role=status]");
      if (live.textContent === text) live.textContent = "";
      live.textContent = text;
      const status = this.$(".status");
      if (!this.article || /Preparing|Loading/.test(text)) status.textContent = text;
    }

    /** kind: "info" stays until replaced (page-text notices); "error" and "transient" go once audio plays. */
    _message(text, kind = "info") {
      const el = this.$(".msg");
      el.textContent = text;
      el.classList.toggle("error", kind === "error");
      this.messageKind = text ? kind : "";
    }

    _fail(e) {
      const text = e instanceof HarkProblem ? e.message : "Something went wrong with the player. The article is still here to read.";
      this._message(text, "error");
      this._say(text);
      this._render();
    }
  }

  // Follow-scroll stands back for a while after the reader scrolls by hand.
  const mark = () => { HarkPlayer.lastUserScroll = Date.now(); };
  for (const type of ["wheel", "touchmove"]) addEventListener(type, mark, { passive: true });
  addEventListener("keydown", (e) => { if (/^(Page|Arrow(Up|Down)|Home|End)/.test(e.key)) mark(); }, { passive: true });

  customElements.define("hark-player", HarkPlayer);
})();
