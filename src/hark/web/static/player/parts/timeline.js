/* The timing map as flat arrays: time → word, sentence, paragraph. Pure: no DOM. */

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
