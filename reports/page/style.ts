// The page's stylesheet (inline: the page makes no request).

export const STYLE = `
:root { --fg: #1d2330; --muted: #5d6778; --line: #d8dde6; --bg: #ffffff; --panel: #f5f7fa;
  --pass: #2e9d4f; --fail: #d7263d; --broken: #8e44ad; --timeout: #e67e22; --panic: #5b0010; --skip: #9aa5b1; --xfail: #e8b923; --xpass: #ff6f91;
  --checked: #2e9d4f; --informative: #8fa7c4; --unchecked: #d7263d; --good: #2e9d4f; --mid: #e8b923; --bad: #d7263d; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header { padding: 18px 28px 8px; border-bottom: 1px solid var(--line); background: var(--panel); }
header h1 { margin: 0 0 4px; font-size: 22px; }
header .meta { color: var(--muted); font-size: 13px; }
nav { position: sticky; top: 0; z-index: 2; background: var(--bg); border-bottom: 1px solid var(--line); padding: 6px 28px; display: flex; flex-wrap: wrap; gap: 14px; }
nav a { color: var(--fg); text-decoration: none; font-weight: 600; font-size: 13px; }
nav a:hover { text-decoration: underline; }
main { padding: 6px 28px 40px; max-width: 1400px; }
section { margin-top: 26px; scroll-margin-top: 44px; }
h2 { font-size: 18px; border-bottom: 2px solid var(--line); padding-bottom: 4px; margin-bottom: 10px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
p.lead { margin: 6px 0 12px; color: var(--muted); }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 14px 0 4px; }
.card { background: var(--bg); border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; min-width: 170px; }
.card .big { font-size: 24px; font-weight: 700; }
.card .small { color: var(--muted); font-size: 12px; }
.card.ok .big { color: var(--pass); } .card.bad .big { color: var(--fail); } .card.none .big { color: var(--skip); }
.notrun { background: var(--panel); border: 1px dashed var(--line); border-radius: 6px; padding: 10px 14px; color: var(--muted); }
.notrun strong { color: var(--fg); }
table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.zero td.n { color: var(--muted); }
td.id, code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
code { background: var(--panel); padding: 1px 4px; border-radius: 3px; }
.pill { display: inline-block; padding: 0 7px; border-radius: 9px; font-size: 12px; font-weight: 600; color: #fff; }
.pill.checked, .pill.pass, .pill.hit { background: var(--pass); } .pill.unchecked, .pill.fail, .pill.missing { background: var(--fail); }
.pill.informative, .pill.unreachable, .pill.skip, .pill.not-implemented { background: var(--skip); }
.pill.broken { background: var(--broken); } .pill.timeout { background: var(--timeout); } .pill.panic { background: var(--panic); }
.pill.xfail { background: var(--xfail); color: #222; } .pill.xpass { background: var(--xpass); }
.filters { display: flex; gap: 10px; align-items: center; margin: 6px 0; flex-wrap: wrap; }
.filters input[type=search] { padding: 4px 8px; width: 280px; border: 1px solid var(--line); border-radius: 4px; }
.filters .count { color: var(--muted); font-size: 12px; }
.scroll { max-height: 640px; overflow: auto; border: 1px solid var(--line); }
.scroll table { margin: 0; }
.scroll thead th { position: sticky; top: 0; z-index: 1; }
details.failure { border: 1px solid var(--line); border-left: 4px solid var(--fail); border-radius: 4px; margin: 6px 0; padding: 4px 10px; }
details.failure.xfail { border-left-color: var(--xfail); } details.failure.broken { border-left-color: var(--broken); }
details.failure.timeout { border-left-color: var(--timeout); } details.failure.panic { border-left-color: var(--panic); }
details.failure summary { cursor: pointer; }
details.failure dl { display: grid; grid-template-columns: 90px 1fr; gap: 2px 10px; margin: 8px 0; }
details.failure dt { color: var(--muted); } details.failure dd { margin: 0; white-space: pre-wrap; }
svg.plot { display: block; margin: 8px 0; max-width: 100%; height: auto; font-size: 12px; }
svg.plot .lbl { fill: var(--fg); } svg.plot .note { fill: var(--muted); }
svg.plot .track { fill: #eef1f5; } svg.plot .axis { stroke: var(--muted); }
svg.plot .target { stroke: #111; stroke-width: 2; stroke-dasharray: 3 2; }
.s-pass { fill: var(--pass); } .s-fail { fill: var(--fail); } .s-broken { fill: var(--broken); } .s-timeout { fill: var(--timeout); }
.s-panic { fill: var(--panic); } .s-skip { fill: var(--skip); } .s-xfail { fill: var(--xfail); } .s-xpass { fill: var(--xpass); }
.s-checked { fill: var(--checked); } .s-informative { fill: var(--informative); } .s-unchecked { fill: var(--unchecked); }
.s-good { fill: var(--good); } .s-mid { fill: var(--mid); } .s-bad { fill: var(--bad); }
polyline.l-a { stroke: #2c6fbb; stroke-width: 2; } polyline.l-b { stroke: #d7263d; stroke-width: 2; } polyline.l-c { stroke: #2e9d4f; stroke-width: 2; }
.l-a-text { fill: #2c6fbb; } .l-b-text { fill: #d7263d; } .l-c-text { fill: #2e9d4f; }
.legend { display: flex; flex-wrap: wrap; gap: 12px; font-size: 12px; color: var(--muted); margin: 4px 0; }
.legend span::before { content: ""; display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: -2px; border: 1px solid #0002; background: var(--c); }
table.matrix { font-size: 10px; }
.wide { overflow-x: auto; }
table.matrix thead th { position: sticky; top: 33px; z-index: 1; }
table.matrix th.errno { writing-mode: vertical-rl; transform: rotate(180deg); padding: 4px 1px; font-weight: 600; white-space: nowrap; }
table.matrix th.row { white-space: nowrap; font-family: ui-monospace, Menlo, Consolas, monospace; font-weight: 500; }
table.matrix th.row.ni { color: var(--skip); }
table.matrix td { width: 22px; height: 18px; padding: 0 1px; text-align: center; border-color: #e7eaf0; }
table.matrix td.hit { color: #fff; }
table.matrix td.h1 { background: #a9dbb4; color: #123; } table.matrix td.h2 { background: #6cc080; color: #0b2414; }
table.matrix td.h3 { background: #3ea45b; } table.matrix td.h4 { background: #23803f; } table.matrix td.h5 { background: #115c28; }
table.matrix td.missing { background: #ffd5da; color: var(--fail); font-weight: 700; outline: 2px solid var(--fail); outline-offset: -2px; }
table.matrix td.unreachable { background: repeating-linear-gradient(45deg, #e2e6ec, #e2e6ec 3px, #c9d0da 3px, #c9d0da 6px); color: #445; }
table.matrix td.not-implemented { background: #f3f4f7; color: #aab; }
.reason { color: var(--muted); }
footer { margin-top: 30px; color: var(--muted); font-size: 12px; }
`;
