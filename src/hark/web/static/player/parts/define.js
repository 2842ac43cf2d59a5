/* Joins the mixins to the element and registers <hark-player>. */

// Controls' methods become HarkPlayer's own (one element, its code split by concern).
for (const name of Object.getOwnPropertyNames(Controls.prototype)) {
  if (name !== "constructor") Object.defineProperty(HarkPlayer.prototype, name, Object.getOwnPropertyDescriptor(Controls.prototype, name));
}

// Follow-scroll stands back for a while after the reader scrolls by hand. Any scroll the player did
// not make counts: a dragged scrollbar, find-in-page or an anchor link send no wheel or touch events.
const mark = () => { HarkPlayer.lastUserScroll = Date.now(); };
addEventListener("scroll", () => { if (Date.now() > (HarkPlayer.selfScrollUntil || 0)) mark(); }, { passive: true });
addEventListener("scrollend", () => { HarkPlayer.selfScrollUntil = 0; }, { passive: true });
for (const type of ["wheel", "touchmove"]) addEventListener(type, mark, { passive: true });
addEventListener("keydown", (e) => { if (/^(Page|Arrow(Up|Down)|Home|End)/.test(e.key)) mark(); }, { passive: true });

customElements.define("hark-player", HarkPlayer);
