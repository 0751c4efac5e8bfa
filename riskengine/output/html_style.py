"""The stylesheet embedded in the HTML report (system fonts only, nothing fetched)."""

from __future__ import annotations

CSS = """
:root {
  --ink: #212529; --muted: #6c757d; --line: #dee2e6; --paper: #ffffff; --wash: #f6f7f9;
  --red: #c92a2a; --amber: #e8590c; --green: #2b8a3e; --accent: #364fc7;
  --critical: #a61e4d; --high: #c92a2a; --medium: #e8590c; --low: #1971c2;
}
* { box-sizing: border-box; }
html { background: var(--wash); }
body {
  margin: 0; color: var(--ink); font-size: 14px; line-height: 1.45; overflow-wrap: anywhere;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
header.page, main, footer { max-width: 1240px; margin: 0 auto; padding: 0 24px; }
header.page { padding-top: 28px; padding-bottom: 8px; }
header.page h1 { margin: 0; font-size: 26px; letter-spacing: -0.01em; }
header.page p { margin: 4px 0 0; color: var(--muted); }
header.page p.made { font-size: 12px; }
footer { color: var(--muted); font-size: 12px; padding-bottom: 32px; }
h2 { font-size: 21px; margin: 0 0 2px; }
h3 { font-size: 16px; margin: 28px 0 10px; }
code, .mono {
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px;
}
.profile {
  background: var(--paper); border: 1px solid var(--line); border-radius: 12px;
  padding: 22px 26px 26px; margin: 18px 0 28px; box-shadow: 0 1px 2px rgba(0,0,0,.04);
}
.profile .path { color: var(--muted); font-weight: normal; font-size: 13px; }
.scores { display: grid; grid-template-columns: 1.3fr repeat(4, 1fr); gap: 12px; margin-top: 16px; }
.card { border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; background: #fff; }
.card .name {
  color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .06em;
}
.card .value { font-size: 28px; font-weight: 700; line-height: 1.15; }
.card.overall .value { font-size: 40px; }
.card .meta { color: var(--muted); font-size: 12px; }
.card.status-red { border-top: 4px solid var(--red); }
.card.status-amber { border-top: 4px solid var(--amber); }
.card.status-green { border-top: 4px solid var(--green); }
.pill {
  display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 11px;
  font-weight: 600; color: #fff; vertical-align: middle; text-transform: uppercase;
}
.pill.red { background: var(--red); } .pill.amber { background: var(--amber); }
.pill.green { background: var(--green); }
.sev { display: inline-block; min-width: 62px; text-align: center; padding: 1px 6px;
  border-radius: 4px; font-size: 11px; font-weight: 600; color: #fff; text-transform: uppercase; }
.sev.critical { background: var(--critical); } .sev.high { background: var(--high); }
.sev.medium { background: var(--medium); } .sev.low { background: var(--low); }
.effort { display: inline-block; padding: 1px 6px; border-radius: 4px; font-size: 11px;
  border: 1px solid var(--line); color: var(--ink); background: var(--wash); }
.bar { display: block; height: 5px; background: #edf0f3; border-radius: 3px; margin-top: 3px;
  overflow: hidden; }
.bar > span { display: block; height: 100%; border-radius: 3px; }
.bar.risk-red > span { background: var(--red); }
.bar.risk-amber > span { background: var(--amber); }
.bar.risk-green > span { background: #f59f00; } .bar.gain > span { background: var(--green); }
table.report { width: 100%; border-collapse: collapse; }
table.report th, table.report td {
  text-align: left; vertical-align: top; padding: 8px 10px; border-bottom: 1px solid var(--line);
}
table.report thead th { font-size: 11px; text-transform: uppercase; letter-spacing: .05em;
  color: var(--muted); border-bottom: 2px solid var(--line); }
table.report td.num, table.report th.num { text-align: right; white-space: nowrap; width: 64px; }
table.report tr.group th { background: var(--wash); font-size: 12px; text-transform: uppercase;
  letter-spacing: .05em; color: var(--ink); }
table.report tr.accepted td { color: var(--muted); }
table.report tr.fails td:first-child { box-shadow: inset 3px 0 0 var(--red); }
.rule { color: var(--muted); font-size: 12px; }
.note { color: var(--muted); font-size: 12px; font-style: italic; }
.chip { display: inline-block; border: 1px solid var(--line); border-radius: 4px; padding: 0 5px;
  margin: 1px 2px 1px 0; font-size: 11px; background: var(--wash); }
.evidence code { display: inline-block; margin-right: 4px; }
.graph-wrap { border: 1px solid var(--line); border-radius: 10px; background: #fcfcfd;
  padding: 10px; overflow-x: auto; }
svg.graph { display: block; margin: 0 auto;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
svg.graph .col-title { font-size: 11px; font-weight: 600; fill: #868e96; letter-spacing: .06em;
  text-transform: uppercase; }
svg.graph .label { font-size: 11px; fill: #212529; }
svg.graph .badge-text { font-size: 10px; font-weight: 700; fill: #fff; }
svg.graph .edge { fill: none; stroke: #adb5bd; stroke-width: 1; opacity: .55; }
svg.graph .edge.hot { stroke-width: 2.4; opacity: .95; }
svg.graph .node:hover rect:first-of-type { stroke-width: 2; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 16px; margin: 0 0 8px; color: var(--muted);
  font-size: 12px; align-items: center; }
.legend .sw { display: inline-block; width: 14px; height: 11px; border-radius: 3px;
  border: 1px solid; vertical-align: -1px; margin-right: 4px; }
.legend .ln { display: inline-block; width: 20px; height: 0; border-top: 3px solid var(--red);
  vertical-align: 3px; margin-right: 4px; }
.legend .st { display: inline-block; width: 4px; height: 11px; vertical-align: -1px;
  margin-right: 4px; border-radius: 2px; }
.unavailable { color: var(--muted); font-style: italic; }
details summary { cursor: pointer; color: var(--accent); margin: 8px 0; }
ul.changes { margin: 6px 0 0; padding-left: 18px; color: var(--muted); font-size: 12px; }
details.changes summary { font-size: 12px; margin: 4px 0 0; }
.removes { white-space: nowrap; font-size: 12px; }
.errors { border-left: 4px solid var(--red); background: #fff5f5; padding: 8px 12px; }
@media (max-width: 900px) {
  .scores { grid-template-columns: repeat(2, 1fr); }
  header.page, main, footer { padding: 0 10px; }
  .profile { padding: 14px 12px 16px; }
  .removes { white-space: normal; }
}
@media print {
  html { background: #fff; }
  .profile { box-shadow: none; border: none; padding: 0; break-before: page; }
  .graph-wrap { overflow: visible; }
  tr { break-inside: avoid; }
}
"""
