/* Joins the mixins to the element and registers <hark-player>. */

// Controls' methods become HarkPlayer's own (one element, its code split by concern).
for (const name of Object.getOwnPropertyNames(Controls.prototype)) {
  if (name !== "constructor") Object.defineProperty(HarkPlayer.prototype, name, Object.getOwnPropertyDescriptor(Controls.prototype, name));
}

// Follow-scroll stands back for a while after the reader scrolls by hand.
const mark = () => { HarkPlayer.lastUserScroll = Date.now(); };
for (const type of ["wheel", "touchmove"]) addEventListener(type, mark, { passive: true });
addEventListener("keydown", (e) => { if (/^(Page|Arrow(Up|Down)|Home|End)/.test(e.key)) mark(); }, { passive: true });

customElements.define("hark-player", HarkPlayer);
