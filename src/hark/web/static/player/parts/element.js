/* The <hark-player> element: lifecycle, public API, loading, the publisher's text, audio and timing, Media Session. */

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
    this._watchDock();
    this._load().catch((e) => this._fail(e));
  }

  disconnectedCallback() {
    window.removeEventListener("pagehide", this._onPageHide);
    if (this.dockWatch) { this.dockWatch.disconnect(); this.dockWatch = null; }
    this._closeMenus(false);
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
    const kinds = (this.timeline.map.segments || []).map((s) => s.kind);
    const { ranges, blocks, share } = new TextAligner(root).align(this.timeline.words, kinds);
    if (share < 0.3) {  // a few stray matches are chance, not the article
      this._message("The text on this page differs from the narration, so words won't be highlighted.");
      return;
    }
    if (share < 0.8) this._message("Parts of this page differ from the narration; some words won't be highlighted.");
    this.highlighter = new Highlighter(ranges, this.timeline, blocks);
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

  /** Keep the place: resume at the current sentence in the new voice (same script, same indices). */
  async _switchVoice(id) {
    this.switchTarget = id;
    if (!id || !this.articleId || (this.narration && this.narration.voice === id)) return;
    const gen = this.generation;
    const stale = () => gen !== this.generation || this.switchTarget !== id;  // a newer choice won
    const v = this.voices.find((x) => x.id === id) || { id, name: id };
    let n = ((this.article && this.article.narrations) || []).find((x) => x.voice === id);
    if (!n || n.status !== "ready") {
      this._say(`Preparing audio in ${this._voiceShort(v)}…`);
      this._message(`Preparing audio in ${this._voiceShort(v)}… the current voice keeps reading meanwhile.`, "transient");
      if (!n || n.status === "failed") {
        try {
          await this.api.narrate(this.articleId, id);
        } catch (e) {
          this._message("");
          this._renderVoices();
          throw new HarkProblem(e.status === 401 || e.status === 403
            ? `${this._voiceShort(v)} isn't available for this article yet.` : `Couldn't prepare ${this._voiceShort(v)}: ${e.message}`);
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
    this._say(`Voice: ${this._voiceShort(v)}.`);
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
    this._dock();
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
    this._dock();
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
    // The docked mini-player covers the bottom of the window, so the band ends higher then.
    if (!rect || !rect.height || (rect.top >= 8 && rect.bottom <= innerHeight * (this.hasAttribute("docked") ? 0.7 : 0.85))) return;
    const still = matchMedia("(prefers-reduced-motion: reduce)").matches;
    HarkPlayer.selfScrollUntil = Date.now() + 1500;  // our own scroll: until it ends (scrollend), not the reader's
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
        artist: v ? `Read by ${this._voiceShort(v)}` : "Hark",
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

}
