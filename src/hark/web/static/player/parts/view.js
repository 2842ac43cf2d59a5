/* The player's shadow DOM: icons, markup and styles. One row (~60 px) with speed and voice as popovers,
 * two rows on a narrow container (a phone), a docked mini-player while playing out of view. */

const ICON = {
  play: "M8 5v14l11-7z",
  pause: "M6 5h4v14H6zm8 0h4v14h-4z",
  // Circular arrows drawn inside a 24-unit box centred on 12,12, so the icons sit centred in their buttons.
  back: "M12.5 4a8 8 0 1 1-7.9 9.3h2.05A6 6 0 1 0 12.5 6v3L8 5l4.5-4z",
  fwd: "M11.5 4a8 8 0 1 0 7.9 9.3h-2.05A6 6 0 1 1 11.5 6v3L16 5l-4.5-4z",
  prev: "M6 6h2v12H6zm3.5 6 8.5 6V6z",
  next: "M16 6h2v12h-2zM6 18l8.5-6L6 6z",
  voice: "M12 14a3 3 0 0 0 3-3V5a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.9V21h2v-3.1a7 7 0 0 0 6-6.9z",
  speed: "M12 4a9 9 0 0 0-7.8 13.5l1.7-1A7 7 0 1 1 19 12h2a9 9 0 0 0-9-8zm4.2 3.4-5 4.2a1.5 1.5 0 1 0 2.1 2.1z",
  close: "M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z",
};
const svg = (d) => `<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="${d}"/></svg>`;

const LIGHT = `--hark-bg:#fff;--hark-fg:#1a1a1a;--hark-muted:#5c5c5c;--hark-accent:#0b57d0;--hark-accent-fg:#fff;
  --hark-border:#d0d4da;--hark-track:#e3e6ea;--hark-focus:#0b57d0;--hark-error:#b3261e;--hark-shadow:0 6px 24px rgba(0,0,0,.18);`;
const DARK = `--hark-bg:#1e2126;--hark-fg:#eceff3;--hark-muted:#a9b0b9;--hark-accent:#8ab4f8;--hark-accent-fg:#0b1b33;
  --hark-border:#3a3f47;--hark-track:#343a42;--hark-focus:#8ab4f8;--hark-error:#f2b8b5;--hark-shadow:0 6px 24px rgba(0,0,0,.55);`;

const TEMPLATE = `
<style>
:host{${LIGHT}--hark-radius:12px;--hark-font:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
  display:block;font:15px/1.35 var(--hark-font);color:var(--hark-fg);max-width:100%;margin:1em 0;
  container-type:inline-size;position:relative}
/* The reader's scheme by default; theme="light" or theme="dark" follows a publisher's fixed page colours. */
@media (prefers-color-scheme:dark){:host{${DARK}}}
:host([theme=light]){${LIGHT}}
:host([theme=dark]){${DARK}}
.box{background:var(--hark-bg);color:var(--hark-fg);border:1px solid var(--hark-border);border-radius:var(--hark-radius);
  padding:8px 10px;box-sizing:border-box;position:relative}
.row{display:flex;align-items:center;gap:6px}
button{font:inherit;color:inherit;background:transparent;border:1px solid var(--hark-border);border-radius:999px;
  min-height:40px;min-width:40px;padding:0 12px;cursor:pointer;display:inline-flex;align-items:center;justify-content:center;gap:6px;
  white-space:nowrap;box-sizing:border-box}
button:disabled,input:disabled{opacity:.45;cursor:default}
button:hover:not(:disabled){border-color:var(--hark-accent)}
:focus-visible{outline:3px solid var(--hark-focus);outline-offset:2px}
svg{width:20px;height:20px;fill:currentColor;flex:none;display:block}
.listen{background:var(--hark-accent);color:var(--hark-accent-fg);border-color:var(--hark-accent);font-weight:600;
  min-height:44px;padding:0 16px 0 12px;flex:none}
.mid{flex:1 1 8rem;min-width:6rem;display:flex;flex-direction:column;gap:2px;padding:0 4px}
.line{display:flex;gap:8px;align-items:baseline;min-width:0;font-size:14px}
.status{flex:1 1 auto;min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap;font-weight:600}
.track{display:flex;align-items:center;gap:8px;min-width:0}
.time{flex:none;color:var(--hark-muted);font-size:13px;font-variant-numeric:tabular-nums}
input[type=range]{width:100%;accent-color:var(--hark-accent);min-width:0;height:20px;margin:0}
.skips{display:flex;gap:2px;flex:none}
.icon{padding:0;width:36px;min-width:36px;border-color:transparent}
.skip{padding:0;width:40px;gap:0;position:relative;border-color:transparent}
.skip span{position:absolute;inset:0;display:flex;align-items:center;justify-content:center;font-size:9px;font-weight:700;padding-top:2px}
.skip svg{width:28px;height:28px}
.chip{font-weight:600;font-variant-numeric:tabular-nums;font-size:14px;padding:0 12px;flex:none}
.voice-btn{padding:0 12px 0 9px}
.chip[aria-expanded=true]{border-color:var(--hark-accent);background:var(--hark-track)}
.pop{position:absolute;right:8px;top:calc(100% + 6px);z-index:20;width:min(23rem,calc(100% - 16px));box-sizing:border-box;
  background:var(--hark-bg);color:var(--hark-fg);border:1px solid var(--hark-border);border-radius:var(--hark-radius);
  box-shadow:var(--hark-shadow);padding:12px 14px}
.pop-head{display:flex;align-items:center;justify-content:space-between;gap:8px;margin:0 0 4px}
.pop-title{font-weight:700;font-size:15px;margin:0}
.pop-head button{min-height:32px;min-width:32px;width:32px;padding:0;border-color:transparent}
.pop-head svg{width:18px;height:18px}
.hint{margin:0 0 10px;font-size:13px;color:var(--hark-muted)}
.presets{display:grid;grid-template-columns:repeat(3,1fr);gap:6px;margin-bottom:8px}
.presets button{flex-direction:column;gap:0;min-height:46px;border-radius:10px;line-height:1.15}
.presets small{font-size:12px;opacity:.8}
[aria-pressed=true]{background:var(--hark-accent);color:var(--hark-accent-fg);border-color:var(--hark-accent)}
.range{display:flex;align-items:center;gap:8px;font-size:12px;color:var(--hark-muted);font-variant-numeric:tabular-nums}
.range input{height:28px}
.now{margin:6px 0 0;font-size:13px;color:var(--hark-muted);text-align:center;font-variant-numeric:tabular-nums}
.lists{max-height:min(19rem,45vh);overflow:auto;overscroll-behavior:contain;margin:0 -4px;padding:0 4px}
.voices [role=radiogroup]{display:grid;gap:4px;padding:2px}
.opt{display:flex;align-items:center;gap:8px}
.opt label{flex:1;display:flex;gap:8px;align-items:center;min-width:0;cursor:pointer;padding:6px 4px;border-radius:8px}
.opt label:hover{background:var(--hark-track)}
.opt label>span{display:flex;flex-direction:column;min-width:0}
.opt small{color:var(--hark-muted);font-size:12px}
.opt button{min-height:32px;padding:0 10px;font-size:13px}
.voices summary{cursor:pointer;margin:8px 0 4px;color:var(--hark-muted);font-size:13px}
.msg{margin:6px 2px 0;font-size:13px}
.msg:empty{display:none}
.msg.error{color:var(--hark-error)}
.report{position:fixed;z-index:2147483647;background:var(--hark-bg);border:1px solid var(--hark-border);border-radius:8px;padding:4px;box-shadow:0 4px 16px rgba(0,0,0,.2)}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
[hidden]{display:none!important}
/* Docked: a mini-player along the bottom of the window while the article plays out of view. */
.box.docked{position:fixed;left:max(8px,calc(50% - 22rem));right:max(8px,calc(50% - 22rem));bottom:8px;z-index:2147483000;
  box-shadow:var(--hark-shadow)}
.box.docked .pop{top:auto;bottom:calc(100% + 6px)}
.box.docked .msg{display:none}
/* A narrow container (a phone, a sidebar): title and progress on one row, the controls on a second. */
/* Below 720 px the paragraph jumps leave the row (Shift+arrows and the lock screen still have them). */
@container (max-width:720px){ .skips .icon{display:none} }
@container (max-width:560px){
  .row{flex-wrap:wrap;row-gap:6px}
  .listen{padding:0;width:44px}
  .listen .label{display:none}
  .mid{flex:1 1 calc(100% - 60px)}
  .skips{flex:none;margin-right:auto}
  .skip{width:38px}
  .chip,.voice-btn{font-size:13px;padding:0 10px}
}
@container (max-width:400px){ .voice-btn svg{display:none} }
@media (prefers-reduced-motion:no-preference){.pop{animation:hark-in .12s ease-out}@keyframes hark-in{from{opacity:0;transform:translateY(-4px)}}}
</style>
<div class="box" part="box">
  <div class="row">
    <button class="listen" part="listen" data-act="toggle" aria-label="Listen">${svg(ICON.play)}<span class="label">Listen</span></button>
    <div class="mid">
      <div class="line"><span class="status" part="status"></span></div>
      <div class="track"><input type="range" class="bar" part="progress" min="0" max="1000" step="1" value="0" aria-label="Seek"><span class="time" part="time"></span></div>
    </div>
    <div class="skips">
      <button class="icon" data-act="prev" aria-label="Previous paragraph">${svg(ICON.prev)}</button>
      <button class="skip" data-act="back" aria-label="Back 15 seconds">${svg(ICON.back)}<span>15</span></button>
      <button class="skip" data-act="fwd" aria-label="Forward 15 seconds">${svg(ICON.fwd)}<span>15</span></button>
      <button class="icon" data-act="next" aria-label="Next paragraph">${svg(ICON.next)}</button>
    </div>
    <button class="chip rate" part="speed" data-act="speed" aria-expanded="false" aria-controls="speed">1x</button>
    <button class="chip voice-btn" part="voice" data-act="voices" aria-expanded="false" aria-controls="voices">${svg(ICON.voice)}<span>Select Voice</span></button>
  </div>
  <div class="pop speed" id="speed" part="menu" role="group" aria-labelledby="speed-h" hidden>
    <div class="pop-head"><p class="pop-title" id="speed-h">Choose your listening speed</p>
      <button data-act="close" aria-label="Close">${svg(ICON.close)}</button></div>
    <p class="hint">Get through articles 2x faster.</p>
    <div class="presets"></div>
    <div class="range"><span class="lo" aria-hidden="true">0.5x</span>
      <input type="range" class="rate-slider" min="${RATES.min}" max="${RATES.max}" step="${RATES.step}" value="1" aria-label="Listening speed">
      <span class="hi" aria-hidden="true">2x</span></div>
    <p class="now" aria-hidden="true"></p>
  </div>
  <div class="pop voices" id="voices" part="menu" role="group" aria-labelledby="voices-h" hidden>
    <div class="pop-head"><p class="pop-title" id="voices-h">Select Voice</p>
      <button data-act="close" aria-label="Close">${svg(ICON.close)}</button></div>
    <div class="lists"></div>
  </div>
  <div class="msg" part="message"></div>
  <div class="report" role="menu" aria-label="This word" hidden><button type="button" role="menuitem" data-act="report">Sounds wrong</button></div>
  <div class="sr" role="status" aria-live="polite"></div>
  <audio class="main" preload="metadata" hidden></audio>
  <audio class="preview" preload="none" hidden></audio>
</div>`;
