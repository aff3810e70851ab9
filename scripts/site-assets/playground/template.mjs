// The playground page's static markup (the body inside the site's layout). The runs' controls are added by the
// page's script (page.ts), which reads the same strings table; without JavaScript the page says what it needs.
import { escapeHtml } from "../sanitize.mjs";

export function playgroundBody(t) {
  const e = escapeHtml;
  const rate = (id, label) =>
    `<div class="pg-field"><label for="pg-${id}">${e(label)}</label><div class="pg-range"><input type="range" id="pg-${id}" name="${id}" min="0" max="50" step="0.5" value="0"><output for="pg-${id}" id="pg-${id}-out">0</output></div></div>`;
  const num = (id, label, attrs) =>
    `<div class="pg-field"><label for="pg-${id}">${e(label)}</label><input type="number" id="pg-${id}" name="${id}" ${attrs} inputmode="numeric"></div>`;
  return `<h1>${e(t.title)}</h1>
<p class="lede">${e(t.lede)}</p>
<noscript><p class="pg-alert">${e(t.noScript)}</p></noscript>
<div class="pg" id="pg" data-state="loading">
<form class="pg-controls" id="pg-form" novalidate>
<fieldset class="pg-shared"><legend>${e(t.sharedLegend)}</legend>
${rate("dropRequestRate", t.dropRequestRate)}
${rate("dropResponseRate", t.dropResponseRate)}
${rate("transientErrorRate", t.transientErrorRate)}
<div class="pg-field"><label for="pg-records">${e(t.records)}</label><input type="number" id="pg-records" name="records" min="1" max="500" step="1" inputmode="numeric"></div>
<div class="pg-field"><label for="pg-seeds">${e(t.seeds)}</label><input type="number" id="pg-seeds" name="seeds" min="1" max="2000" step="1" inputmode="numeric"></div>
</fieldset>
<fieldset class="pg-shared"><legend>${e(t.failuresLegend)}</legend>
${num("latencyMs", t.latencyMs, 'min="0" step="1"')}
${num("jitterMs", t.jitterMs, 'min="0" step="1"')}
${num("intervalMs", t.intervalMs, 'min="0" step="1"')}
${num("crashLeaderAtMs", t.crashLeaderAtMs, 'min="0" step="1"')}
${num("brokerSessionTimeoutMs", t.brokerSessionTimeoutMs, 'min="0" step="100"')}
${num("transactionRecords", t.transactionRecords, 'min="1" max="500" step="1"')}
</fieldset>
<h2 id="pg-runs-heading">${e(t.runsHeading)}</h2>
<div id="pg-runs" class="pg-runs" aria-labelledby="pg-runs-heading"></div>
<button type="button" id="pg-add-run" class="pg-button">${e(t.addRun)}</button>
</form>
<div id="pg-problems" class="pg-alert" role="alert" hidden></div>
<div id="pg-warnings" class="pg-warnings" hidden></div>
<section class="pg-results" aria-labelledby="pg-figure-heading">
<h2 id="pg-figure-heading">${e(t.figureHeading)}</h2>
<p id="pg-status" class="pg-status" role="status" aria-live="polite"></p>
<figure class="output figure pg-figure" id="pg-figure" role="img" aria-label="${e(t.figureLabel)}"></figure>
<div id="pg-totals" class="pg-totals"></div>
<p class="pg-share"><a id="pg-link" href="#">${e(t.shareLink)}</a> · <a id="pg-download" download="playground.svg" href="#">${e(t.downloadSvg)}</a></p>
<p class="note">${e(t.shareText)}</p>
</section>
<section class="pg-replay" aria-labelledby="pg-replay-heading">
<h2 id="pg-replay-heading">${e(t.replayHeading)}</h2>
<p>${e(t.replayText)}</p>
<div class="pg-replay-controls">
<div class="pg-field"><label for="pg-replay-run">${e(t.replayRun)}</label><select id="pg-replay-run" name="replayRun"></select></div>
<div class="pg-field"><label for="pg-replay-seed">${e(t.replaySeed)}</label><input type="number" id="pg-replay-seed" name="replaySeed" step="1" inputmode="numeric"></div>
</div>
<div class="pg-stepper" role="group" aria-label="${e(t.stepSlider)}">
<input type="range" id="pg-step" min="0" max="0" step="1" value="0" aria-label="${e(t.stepSlider)}">
<button type="button" class="pg-button" id="pg-step-first">${e(t.stepFirstShort)}</button>
<button type="button" class="pg-button" id="pg-step-prev">${e(t.stepPrevShort)}</button>
<button type="button" class="pg-button" id="pg-step-next">${e(t.stepNextShort)}</button>
<button type="button" class="pg-button" id="pg-step-last">${e(t.stepLastShort)}</button>
</div>
<p id="pg-step-status" class="pg-status" aria-live="polite"></p>
<figure class="output figure pg-figure" id="pg-timeline" role="img"></figure>
<pre class="output pg-text-timeline" id="pg-text-timeline" tabindex="0"></pre>
<h3>${e(t.replayOutcome)}</h3>
<pre class="output" id="pg-replay-outcome"></pre>
</section>
</div>`;
}
