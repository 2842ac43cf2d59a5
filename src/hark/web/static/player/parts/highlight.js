/* Paints the current word and sentence on the host page. */

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
  constructor(ranges, timeline, blocks = []) {
    this.ranges = ranges;
    this.blocks = blocks;  // the page block of each word: a sentence is painted block by block
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
        for (const span of s ? this.sentenceRanges(s) : []) this.sentence.add(span);
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

  /**
   * The sentence as one range per page block it was found in, each from its first to its last found word:
   * a sentence whose words sit in two blocks never paints what lies between them (a byline, a badge,
   * the player itself).
   */
  sentenceRanges(s) {
    const out = [];
    let a = null, b = null, block;
    const flush = () => {
      if (!a) return;
      const r = document.createRange();
      r.setStart(a.startContainer, a.startOffset);
      r.setEnd(b.endContainer, b.endOffset);
      out.push(r);
    };
    for (let i = s.first; i <= s.last; i++) {
      const r = this.ranges[i];
      if (!r) continue;
      if (a && this.blocks[i] !== block) { flush(); a = null; }
      if (!a) { a = r; block = this.blocks[i]; }
      b = r;
    }
    flush();
    return out;
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
    try { return s && this.sentenceRanges(s).some((r) => r.comparePoint(node, offset) === 0) ? next : -1; } catch (_) { return -1; }
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
