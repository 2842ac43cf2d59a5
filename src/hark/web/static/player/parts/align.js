/* Timing-map words → DOM Ranges on the publisher's own text, block by block, never painting the wrong text. */

const SKIP = "script,style,noscript,template,textarea,input,select,button,hark-player,[aria-hidden='true'],[data-hark-skip]";
const IS_CHAR = /[\p{L}\p{N}]/u;
// The elements that hold one run of text (a paragraph, a heading...): a lone word never matches across them.
const BLOCK = "p,h1,h2,h3,h4,h5,h6,li,blockquote,figcaption,dd,dt,td,th,pre,caption,summary,address,div,section,article,header,footer,aside,main,figure";
const FRONT = new Set(["title", "standfirst"]);  // narrated blocks a newspaper puts above the body, often outside `for`

/**
 * One DOM subtree reduced to lowercase letters and digits (so whitespace, quotes, dashes and punctuation
 * never matter), each kept character knowing its text node, its offset there and its block.
 */
class PageText {
  constructor(root, exclude = null) {
    this.nodes = [];
    this.blocks = [];
    let norm = "";
    const nodeOf = [], offOf = [], blockOf = [], blockIds = new Map();
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (!n.parentElement || n.parentElement.closest(SKIP) || (exclude && exclude.contains(n))
        ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.data, index = this.nodes.length;
      const block = node.parentElement.closest(BLOCK) || root;
      if (!blockIds.has(block)) { blockIds.set(block, this.blocks.length); this.blocks.push(block); }
      const b = blockIds.get(block);
      this.nodes.push(node);
      for (let i = 0; i < text.length; i++) {
        const ch = text[i];
        if (!IS_CHAR.test(ch)) continue;
        norm += ch.toLowerCase()[0];
        nodeOf.push(index); offOf.push(i); blockOf.push(b);
      }
    }
    Object.assign(this, { norm, nodeOf, offOf, blockOf });
  }

  /** Where block `b` ends in `norm` (exclusive), searching from `from`. */
  blockEnd(from) {
    const b = this.blockOf[from];
    let i = from;
    while (i < this.blockOf.length && this.blockOf[i] === b) i++;
    return i;
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

/**
 * Finds each timed word in the page's own text, in order. Body blocks are matched inside the `for`
 * element after a cursor: a block's first word, and any word after a miss, must be confirmed by the
 * words that follow it (a phrase of 8+ letters); a lone word is trusted only near the cursor and in the
 * same page block as the word before it, so "the" in a byline can never stand in for the body's "The".
 * The title and standfirst are looked for as whole blocks, in the `for` element or else anywhere on the
 * page (outside the player), and skipped, not counted, when absent.
 */
class TextAligner {
  static normalize(text) {
    let out = "";
    for (const ch of text) if (IS_CHAR.test(ch)) out += ch.toLowerCase()[0];
    return out;
  }

  constructor(root) {
    this.root = root;
    this.inside = new PageText(root);
    this.outsideText = null;
  }

  get outside() {  // the rest of the page, read only if a front block is not inside `for`
    if (!this.outsideText) this.outsideText = new PageText(document.body || document.documentElement, this.root);
    return this.outsideText;
  }

  /**
   * A Range per timeline word (null where the word is not on the page), the page block of each, and the
   * share found among the words looked for. `kinds[seg]` is each segment's kind ("title", "paragraph"…).
   */
  align(words, kinds = []) {
    const ranges = new Array(words.length).fill(null), blocks = new Array(words.length).fill(null);
    const keys = words.map((w) => TextAligner.normalize(w.text));
    let cursor = 0, found = 0, wanted = 0;
    for (let i = 0; i < words.length;) {
      let j = i;
      while (j < words.length && words[j].seg === words[i].seg) j++;
      const seg = { from: i, to: j };
      if (FRONT.has(kinds[words[i].seg])) {
        const spot = this._front(keys, seg, cursor);
        if (spot) {
          const n = this._match(spot.text, keys, words, seg, spot.at, spot.end, ranges, blocks);
          found += n; wanted += keys.slice(i, j).filter(Boolean).length;
          if (spot.text === this.inside) cursor = Math.max(cursor, spot.end);
        }
      } else {
        wanted += keys.slice(i, j).filter(Boolean).length;
        const before = found;
        found += this._match(this.inside, keys, words, seg, cursor, this.inside.norm.length, ranges, blocks);
        if (found > before) {  // the cursor follows the last word found
          for (let k = j - 1; k >= i; k--) if (ranges[k]) { cursor = ranges[k].__end; break; }
        }
      }
      i = j;
    }
    for (const r of ranges) if (r) delete r.__end;
    return { ranges, blocks, share: wanted ? found / wanted : 0 };
  }

  /** A title or standfirst as a page block: its opening words, in `for` after the cursor, else outside it. */
  _front(keys, seg, cursor) {
    const joined = keys.slice(seg.from, seg.to).join("");
    if (joined.length < 4) return null;
    const probe = joined.slice(0, Math.min(joined.length, 40));
    for (const text of [this.inside, this.outside]) {
      const at = text.norm.indexOf(probe, text === this.inside ? cursor : 0);
      // Opening a block, not somewhere inside a paragraph that happens to repeat it.
      if (at < 0 || (at > 0 && text.blockOf[at - 1] === text.blockOf[at])) continue;
      return { text, at, end: text.blockEnd(at) };
    }
    return null;
  }

  /** Words seg.from..seg.to matched in `text` between `from` and `limit`; returns how many were found. */
  _match(text, keys, words, seg, from, limit, ranges, blocks) {
    const norm = text.norm;
    let cursor = from, block = null, found = 0;
    for (let i = seg.from; i < seg.to; i++) {
      const key = keys[i];
      if (!key) continue;
      let at = -1;
      if (block != null) {
        at = norm.indexOf(key, cursor);
        const near = at >= 0 && at - cursor <= (key.length <= 3 ? 3 : 24) && at + key.length <= limit;
        if (!near || text.blockOf[at] !== block || text.blockOf[at + key.length - 1] !== block) at = -1;
      }
      if (at < 0) {
        // (Re-)anchor on a phrase long enough to be unlikely elsewhere, within this segment's words.
        let phrase = key;
        for (let k = i + 1; k < seg.to && phrase.length < 14 && k < i + 6; k++) phrase += keys[k];
        const whole = seg.to - i <= 6 && phrase === keys.slice(i, seg.to).join("");  // a short heading: all of it
        if (phrase.length >= 8 || (whole && phrase.length >= 3)) {
          at = norm.indexOf(phrase, cursor);
          if (at >= 0 && at + phrase.length > limit) at = -1;
          // A short heading must be a block of its own: "Results" inside a sentence is not the heading.
          if (at >= 0 && phrase.length < 8 && ((at > 0 && text.blockOf[at - 1] === text.blockOf[at])
              || text.blockEnd(at) !== at + phrase.length)) at = -1;
        }
      }
      if (at < 0) continue;
      ranges[i] = text.range(at, at + key.length, words[i].text);
      ranges[i].__end = at + key.length;
      blocks[i] = text.blocks[text.blockOf[at]];
      block = text.blockOf[at + key.length - 1];
      cursor = at + key.length;
      found++;
    }
    return found;
  }
}
