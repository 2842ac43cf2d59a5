/* Shared ground: the service origin, rate limits and formatting, and the error a reader may see. */

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
