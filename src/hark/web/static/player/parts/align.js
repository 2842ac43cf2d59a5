/* Timing-map words → DOM Ranges on the publisher's own text. */

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
