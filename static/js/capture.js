// Capturing claims from the article text: the one place the browser is used
// directly. Select text (mouse, or "/" to find it by keyboard) and the panel
// opens with the exact span; mention and cue are selected the same way.
//
// Offsets: the server counts Python code points, the browser UTF-16 code
// units. An emoji is one of the first and two of the second, so every offset
// crosses this boundary through toCodePoint() / toUnit().
"use strict";

(function () {
  const textElement = document.getElementById("article-text");
  const panel = document.getElementById("capture-panel");
  if (!textElement || !panel) return;

  const text = JSON.parse(textElement.textContent);
  const form = document.getElementById("capture-form");
  const field = (name) => form.elements.namedItem(name);
  const body = () => document.getElementById("article-body");
  const hint = document.getElementById("capture-hint");
  const announce = document.getElementById("capture-announce");

  // ---- offsets

  const unitOfPoint = []; // code point index -> UTF-16 index
  const pointOfUnit = new Int32Array(text.length + 1); // UTF-16 index -> code point index
  for (let unit = 0, point = 0; unit <= text.length; point += 1) {
    unitOfPoint.push(unit);
    pointOfUnit[unit] = point;
    if (unit === text.length) break;
    const wide = text.codePointAt(unit) > 0xffff;
    if (wide) pointOfUnit[unit + 1] = point; // inside a surrogate pair
    unit += wide ? 2 : 1;
  }

  function toCodePoint(unit, roundUp) {
    const point = pointOfUnit[unit];
    const insidePair = unit > 0 && unit < text.length && unitOfPoint[point] !== unit;
    return insidePair && roundUp ? point + 1 : point;
  }

  const toUnit = (point) => unitOfPoint[point];
  const last = () => pointOfUnit[text.length];
  const slice = (start, end) => text.slice(toUnit(start), toUnit(end));

  function unitsBefore(container, offset) {
    const range = document.createRange();
    range.setStart(body(), 0);
    range.setEnd(container, offset);
    return range.toString().length;
  }

  function domPoint(unit) {
    const walker = document.createTreeWalker(body(), NodeFilter.SHOW_TEXT);
    let seen = 0;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (seen + node.data.length >= unit) return [node, unit - seen];
      seen += node.data.length;
    }
    return [body(), body().childNodes.length];
  }

  function rangeFor(start, end) {
    const range = document.createRange();
    range.setStart(...domPoint(toUnit(start)));
    range.setEnd(...domPoint(toUnit(end)));
    return range;
  }

  function selectedSpan() {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
    const range = selection.getRangeAt(0);
    const root = body();
    if (!range.intersectsNode(root)) return null;
    // A drag that runs past the article's first or last word still means the
    // text inside it: clip the range to the article.
    const startsInside = root.contains(range.startContainer);
    const endsInside = root.contains(range.endContainer);
    let start = startsInside
      ? toCodePoint(unitsBefore(range.startContainer, range.startOffset), false)
      : 0;
    let end = endsInside
      ? toCodePoint(unitsBefore(range.endContainer, range.endOffset), true)
      : last();
    while (start < end && /\s/u.test(slice(start, start + 1))) start += 1;
    while (end > start && /\s/u.test(slice(end - 1, end))) end -= 1;
    return start < end ? { start, end } : null;
  }

  // ---- the panel's state

  let mode = "claim"; // what the next selection fills: "claim", "mention" or "cue"

  function highlight(name, start, end) {
    if (!window.CSS || !CSS.highlights) return;
    if (start === null || start === undefined || start >= end) CSS.highlights.delete(name);
    else CSS.highlights.set(name, new Highlight(rangeFor(start, end)));
  }

  function setClaimSpan(start, end) {
    start = Math.max(0, Math.min(start, pointOfUnit[text.length]));
    end = Math.max(start + 1, Math.min(end, pointOfUnit[text.length]));
    field("start").value = start;
    field("end").value = end;
    field("quote").value = slice(start, end);
    document.getElementById("capture-quote").textContent = slice(start, end);
    highlight("capture-claim", start, end);
    // The panel's "Checked before?" list looks again (templates/claims/_similar_at_capture.html).
    form.dispatchEvent(new CustomEvent("capturespan"));
  }

  function setPart(part, span) {
    field(part).value = span ? slice(span.start, span.end) : "";
    field(part + "_start").value = span ? span.start : "";
    field(part + "_end").value = span ? span.end : "";
    document.getElementById("capture-" + part).textContent = span
      ? "“" + slice(span.start, span.end) + "”"
      : "not marked";
    highlight("capture-" + part, span && span.start, span && span.end);
  }

  // Where the focus was before the panel opened, to give it back on closing.
  let focusBeforePanel = null;

  function openPanel(span) {
    const wasOpen = !panel.hidden;
    if (!wasOpen) focusBeforePanel = document.activeElement;
    panel.hidden = false;
    setClaimSpan(span.start, span.end);
    if (!wasOpen) {
      document.getElementById("capture-errors").textContent = "";
      field("statement").focus({ preventScroll: true });
    }
  }

  function closePanel() {
    const focusInPanel = panel.contains(document.activeElement);
    panel.hidden = true;
    // A hidden field must not keep the focus, or the next shortcut ("/")
    // would be typed into it: give the focus back where it was.
    if (focusInPanel) restoreFocus();
    form.reset();
    // reset() leaves hidden inputs as scripts set them: a suggestion id must
    // not carry over to the next, unrelated capture.
    field("suggestion").value = "";
    document.getElementById("capture-quote").textContent = "";
    for (const part of ["mention", "cue"]) setPart(part, null);
    highlight("capture-claim", null);
    setMode("claim");
    showSourcingDetails();
  }

  function restoreFocus() {
    const before = focusBeforePanel;
    focusBeforePanel = null;
    if (before && before !== document.body && document.contains(before)) {
      before.focus({ preventScroll: true });
      if (before === document.getElementById("find-text")) before.select();
    } else {
      document.activeElement.blur();
    }
  }

  function setMode(next) {
    mode = next;
    hint.textContent =
      next === "claim" ? "" : "Now select the " + next + " in the article (Esc to cancel).";
    panel.dataset.mode = next;
  }

  function takeSelection() {
    const span = selectedSpan();
    if (!span) return false;
    if (mode === "claim") openPanel(span);
    else {
      setPart(mode, span);
      setMode("claim");
    }
    // The highlights now show the span. A live selection would turn the next
    // drag inside it into a drag-and-drop of its text instead of a new selection.
    window.getSelection().removeAllRanges();
    return true;
  }

  // ---- widening and shrinking by a word

  const isSpace = (point) => /\s/u.test(slice(point, point + 1));

  function skip(point, direction, space) {
    // Move while the character crossed is (or is not) whitespace.
    for (;;) {
      const at = direction < 0 ? point - 1 : point;
      if (at < 0 || at >= last() || isSpace(at) !== space) return point;
      point += direction;
    }
  }

  const MOVES = {
    "start:-1": (start) => skip(skip(start, -1, true), -1, false), // widen start
    "start:1": (start) => skip(skip(start, 1, false), 1, true), // shrink start
    "end:1": (end) => skip(skip(end, 1, true), 1, false), // widen end
    "end:-1": (end) => skip(skip(end, -1, false), -1, true), // shrink end
  };

  function adjust(edge, direction) {
    let start = Number(field("start").value);
    let end = Number(field("end").value);
    if (edge === "start") start = MOVES["start:" + direction](start);
    else end = MOVES["end:" + direction](end);
    if (start < end) setClaimSpan(start, end);
  }

  // ---- finding text by keyboard

  let lastFind = { words: "", at: -1 };

  function occurrences(words) {
    // Case-insensitive on the text itself, so offsets are the text's own.
    const escaped = words.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return Array.from(text.matchAll(new RegExp(escaped, "giu")), (match) => ({
      at: match.index,
      length: match[0].length,
    }));
  }

  function chooseOccurrence(words, found) {
    if (mode !== "claim" && field("start").value !== "") {
      // A mention or cue: the one nearest the claim, as the server's find_near.
      const claimAt = toUnit(Number(field("start").value));
      const distance = (match) => Math.abs(match.at - claimAt);
      return found.reduce((a, b) => (distance(b) < distance(a) ? b : a));
    }
    // Enter again on the same words steps to the next match.
    const next = words === lastFind.words ? found.find((m) => m.at > lastFind.at) : undefined;
    return next === undefined ? found[0] : next;
  }

  function findText(words) {
    if (!words) return;
    const found = occurrences(words);
    if (found.length === 0) {
      announce.textContent = "“" + words + "” is not in the article.";
      return;
    }
    const match = chooseOccurrence(words, found);
    lastFind = { words, at: match.at };
    const start = toCodePoint(match.at, false);
    const end = toCodePoint(match.at + match.length, true);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(rangeFor(start, end));
    takeSelection();
    announce.textContent =
      "Match " + (found.indexOf(match) + 1) + " of " + found.length + " selected.";
  }

  function showSourcingDetails() {
    const anonymous = field("sourcing").value === "anonymous";
    document.getElementById("anonymous-details").hidden = !anonymous;
  }

  function adoptSourceKind() {
    const typed = field("source_name").value;
    for (const option of document.getElementById("source-options").options) {
      if (option.value === typed) {
        field("source_kind").value = option.dataset.kind;
        if (option.dataset.kind === "anonymous_group") field("sourcing").value = "anonymous";
        showSourcingDetails();
      }
    }
  }

  // ---- wiring

  document.addEventListener("mouseup", (event) => {
    if (body() && body().contains(event.target)) window.setTimeout(takeSelection, 0);
  });

  document.addEventListener("keydown", (event) => {
    const typing = event.target.closest("input, textarea, select");
    if (event.key === "Escape") {
      if (mode !== "claim") setMode("claim");
      else if (!panel.hidden) closePanel();
      return;
    }
    if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "/") {
      event.preventDefault();
      document.getElementById("find-text").focus();
    } else if (event.key === "c" && selectedSpan()) {
      event.preventDefault();
      takeSelection();
    }
  });

  const findBox = document.getElementById("find-text");
  findBox.addEventListener("keydown", (event) => {
    if (event.key === "Enter") event.preventDefault();
  });
  // On key up, once the whole key press is over: opening the panel (and
  // focusing its statement) while Enter is still down would let the same
  // Enter save the claim at once.
  findBox.addEventListener("keyup", (event) => {
    if (event.key === "Enter") findText(event.target.value);
  });

  panel.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action], button[data-edge]");
    if (!button) return;
    const action = button.dataset.action;
    if (button.dataset.edge) adjust(button.dataset.edge, Number(button.dataset.direction));
    else if (action === "close") closePanel();
    else if (action === "mark") setMode(button.dataset.part);
    else if (action === "clear") setPart(button.dataset.part, null);
  });

  for (const name of ["start", "end"]) {
    field(name).addEventListener("change", () =>
      setClaimSpan(Number(field("start").value), Number(field("end").value)),
    );
  }
  field("sourcing").addEventListener("change", showSourcingDetails);
  field("source_name").addEventListener("change", adoptSourceKind);
  form.addEventListener("keydown", (event) => {
    // Enter saves from the statement (a text field saves by itself);
    // Shift+Enter starts a new line. On a select, Enter keeps its own
    // meaning (open the list, take the choice): it does not save.
    const saves = event.target.matches("textarea") && !event.shiftKey;
    if (event.key === "Enter" && saves) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  // Accepting a suggestion opens the panel with everything it found filled in.
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-accept-suggestion]");
    if (!button) return;
    const data = button.dataset;
    const span = (start, end) =>
      start === "" || end === "" ? null : { start: Number(start), end: Number(end) };
    closePanel();
    openPanel({ start: Number(data.start), end: Number(data.end) });
    field("suggestion").value = data.acceptSuggestion;
    field("source_name").value = data.source;
    field("source_kind").value = data.sourceKind;
    field("sourcing").value = data.sourcing;
    field("descriptor").value = data.descriptor;
    setPart("mention", span(data.mentionStart, data.mentionEnd));
    setPart("cue", span(data.cueStart, data.cueEnd));
    showSourcingDetails();
    scrollSpanIntoView(Number(data.start));
  });

  // The span being accepted may be far down the text: bring it into sight
  // beside the panel.
  function scrollSpanIntoView(start) {
    const [node] = domPoint(toUnit(start));
    const element = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    const smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    element.scrollIntoView({ block: "center", behavior: smooth ? "smooth" : "auto" });
  }

  document.body.addEventListener("claimSaved", (event) => {
    closePanel();
    // The key that made this claim is spent; the next capture is another claim.
    field("capture_key").value = event.detail.nextKey;
    window.getSelection().removeAllRanges();
    announce.textContent = "Claim #" + event.detail.id + " saved.";
  });

  showSourcingDetails();
  // Lets tests (and anything else) know the panel's handlers are in place.
  document.body.dataset.captureReady = "true";
})();
