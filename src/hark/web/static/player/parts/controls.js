/* Controls and rendering, mixed into HarkPlayer (define.js): buttons, keys, speed and voice menus, status text. */

class Controls {
  // --- controls ---

  _buildPresets() {
    const box = this.$(".presets");
    for (const [name, rate] of PRESETS) {
      const b = document.createElement("button");
      b.type = "button";
      b.dataset.rate = String(rate);
      // The name is the word ("Fast"); the rate under it is a visual aid (the slider says the rate).
      b.append(name, Object.assign(document.createElement("small"), { textContent: fmtRate(rate), ariaHidden: "true" }));
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
      this._render();  // "Preparing audio…" goes as soon as there is sound
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
      else if (act === "voices") this._toggleMenu("voices");
      else if (act === "speed") this._toggleMenu("speed");
      else if (act === "close") this._closeMenus(true);
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
    else if (e.key === "Escape" && this._openMenu()) this._closeMenus(true);
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
    if (changed && !this.$("#voices").hidden) this._renderVoices();  // each voice's WPM at the new speed
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

  /** Speed and voice are popovers over the page: the player itself stays one row. One open at a time. */
  _toggleMenu(name, open) {
    const panel = this.$(`#${name}`), btn = this._menuButton(name);
    const show = open == null ? panel.hidden : open;
    if (show) this._closeMenus(false);
    panel.hidden = !show;
    btn.setAttribute("aria-expanded", String(show));
    if (!show) return;
    if (name === "voices") {
      const checked = panel.querySelector("input:checked") || panel.querySelector("input");
      if (checked) checked.focus();
    } else {
      (panel.querySelector("[aria-pressed=true]") || this.$(".rate-slider")).focus();
    }
    // A click or a focus anywhere else closes it, as menus do.
    this._outside = this._outside || ((e) => { if (!e.composedPath().includes(this)) this._closeMenus(false); });
    document.addEventListener("pointerdown", this._outside, true);
    document.addEventListener("focusin", this._outside, true);
  }

  /**
   * While listening, a player scrolled out of view docks along the bottom of the window (a mini-player),
   * and goes back in place when its spot is on screen again. The host keeps its height meanwhile, so
   * the page does not jump.
   */
  _watchDock() {
    if (this.dockWatch || typeof IntersectionObserver !== "function") return;
    this.dockWatch = new IntersectionObserver(([entry]) => {
      this.outOfView = !entry.isIntersecting;
      this._dock();
    });
    this.dockWatch.observe(this);
  }

  _dock() {
    const box = this.$(".box");
    const on = !!this.outOfView && this.started && !this.audio.ended && (!this.audio.paused || box.classList.contains("docked"));
    if (on === box.classList.contains("docked")) return;
    if (on) this.style.minHeight = `${this.getBoundingClientRect().height}px`;
    else this.style.minHeight = "";
    box.classList.toggle("docked", on);
    this.toggleAttribute("docked", on);
  }

  _menuButton(name) { return this.$(name === "voices" ? ".voice-btn" : ".chip.rate"); }

  _openMenu() { return ["speed", "voices"].find((n) => !this.$(`#${n}`).hidden) || null; }

  /** Close any menu; with `refocus`, focus goes back to the button that opened it (Escape, Close). */
  _closeMenus(refocus) {
    const open = this._openMenu();
    for (const n of ["speed", "voices"]) { this.$(`#${n}`).hidden = true; this._menuButton(n).setAttribute("aria-expanded", "false"); }
    if (this._outside) {
      document.removeEventListener("pointerdown", this._outside, true);
      document.removeEventListener("focusin", this._outside, true);
    }
    if (open && refocus) this._menuButton(open).focus();
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
      const li = document.createElement("div");
      li.className = "opt";
      const label = document.createElement("label");
      const input = document.createElement("input");
      input.type = "radio"; input.name = "hark-voice"; input.value = v.id;
      input.checked = !!this.narration && this.narration.voice === v.id;
      const text = document.createElement("span");
      const name = document.createElement("span");
      name.textContent = this._voiceName(v);
      const info = document.createElement("small");
      const n = byVoice.get(v.id);
      // What a listener cares about: how fast it reads at their speed, and whether it starts at once.
      info.textContent = [v.base_wpm ? `${Math.round(v.base_wpm * this._rate)} WPM` : "",
        n && n.status === "ready" ? "Ready" : "Needs a moment"].filter(Boolean).join(" · ");
      text.append(name, info);
      label.append(input, text);
      const preview = document.createElement("button");
      preview.type = "button";
      preview.dataset.act = "preview"; preview.dataset.voice = v.id;
      preview.textContent = "Preview";
      preview.setAttribute("aria-label", `Preview ${this._voiceName(v)}`);
      li.append(label, preview);
      return li;
    };
    const list = (items) => {
      const ul = document.createElement("div");
      ul.setAttribute("role", "radiogroup");
      ul.setAttribute("aria-labelledby", "voices-h");
      ul.append(...items.map(item));
      return ul;
    };
    // A rebuilt list must not drop the keyboard user's place, on a radio or on a Preview button.
    const active = this.root.activeElement;
    const focused = active && active.name === "hark-voice" ? active.value : null;
    const focusedPreview = active && active.dataset && active.dataset.act === "preview" ? active.dataset.voice : null;
    panel.textContent = "";
    const mine = voices.filter(ours), others = voices.filter((v) => !ours(v));
    panel.appendChild(list(mine));
    if (others.length) {
      const more = document.createElement("details");
      more.className = "more";
      const summary = document.createElement("summary");
      summary.textContent = `Other languages (${others.length})`;
      more.append(summary, list(others));
      more.open = others.some((v) => (this.narration && v.id === this.narration.voice) || v.id === focused);
      panel.appendChild(more);
    }
    const again = focused ? [...panel.querySelectorAll("input")].find((i) => i.value === focused)
      : focusedPreview ? [...panel.querySelectorAll("[data-act=preview]")].find((b) => b.dataset.voice === focusedPreview) : null;
    if (again) again.focus();
  }

  /** The service's reader label ("Heart — American English, female"); a twin label gets its id's tail. */
  _voiceName(v) {
    const name = v.label || v.name || v.id;
    const twins = this.voices.filter((o) => (o.label || o.name || o.id) === name);
    return twins.length > 1 && twins[0] !== v ? `${name} (${String(v.id).split(/[:_-]/).filter(Boolean).slice(-2).join(" ")})` : name;
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
    audio.onerror = () => this._say(`No preview is available for ${this._voiceShort(v)} yet.`);
    this._say(`Preview of ${this._voiceShort(v)}.`);
    audio.play().catch((e) => {
      if (!e || e.name !== "AbortError") this._say(`No preview is available for ${this._voiceShort(v)} yet.`);
    });
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
    this.$(".now").textContent = this.$(".rate").textContent;
    this._renderTime(this.currentTime);
    this._updateMediaPosition();
  }

  /**
   * The row's one line of text: "Listen · 4 min" (at the chosen speed) before the first play, the title
   * once listening; "Preparing audio…" only while there is nothing to hear yet.
   */
  _statusText(playing, t = this.currentTime) {
    if (!this.article) return this.note || "Preparing audio…";
    if (this.narration && this.narration.status === "failed") return "Audio unavailable in this voice";
    const d = this.duration;
    if (!playing && this.narration && this.narration.status !== "ready" && !this.started) return "Preparing audio…";
    if (this.started || (t > 1 && d)) return this.article.title || "Listening";
    if (!d) return this.narration && this.narration.status !== "ready" ? "Preparing audio…" : "Listen";
    const s = d / this._rate;
    return `Listen · ${s < 60 ? `${Math.max(1, Math.round(s))} s` : `${Math.round(s / 60)} min`}`;
  }

  /** One remaining figure, at the chosen speed (what the listener will really spend), nowhere a second one. */
  _renderTime(t) {
    const d = this.duration;
    const left = d ? Math.max(0, d - t) / this._rate : 0;
    const shown = d && (this.started || t > 1);
    const time = shown ? `${clock(left)} left` : "", status = this._statusText(!this.audio.paused, t);
    if (this.$(".time").textContent !== time) this.$(".time").textContent = time;
    if (this.$(".status").textContent !== status) this.$(".status").textContent = status;
    const bar = this.$(".bar");
    if (!this.scrubbing && d) bar.value = String(Math.round((t / d) * 1000));
    bar.setAttribute("aria-valuetext", d ? `${Math.round((t / d) * 100)}%, ${spoken(left)} left` : spoken(t));
  }

  _say(text) {
    const live = this.$("[role=status]");
    if (live.textContent === text) live.textContent = "";
    live.textContent = text;
    if (!this.article) { this.note = text; this.$(".status").textContent = this._statusText(!this.audio.paused); }
  }

  _voiceShort(v) { return this._voiceName(v).split(" — ")[0]; }

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
    if (!this.article) { this.note = "Audio unavailable"; this.$(".status").textContent = this.note; }
    this._render();
  }
}
