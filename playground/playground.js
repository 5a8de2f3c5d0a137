// The playground page: loads spy.wasm and the files it needs, then runs
// the program in the editor (Run), and shows it after redshift and as C
// (the tabs), each a run of spy.wasm in worker.js.

// the examples menu: files of the bundle's /examples/. A Lox program runs
// through the Lox VM (examples/lox), a SPy program run by spy.wasm's
// interpreter; its tabs show the VM.
const EXAMPLES = [
  { title: "Hello, with a little blue code", file: "hello.spy" },
  { title: "Blue generics", file: "generics.spy" },
  { title: "Structs", file: "structs.spy" },
  { title: "Classes", file: "classes.spy" },
  { title: "Errors, located", file: "errors.spy" },
  { title: "Lox, on a bytecode VM written in SPy", file: "lox.lox", vm: "/lib/lox/main.spy" },
];
const LOCATION = /(--> |File ")([^\s:"]+)(?::|", line )(\d+)(?::(\d+))?|\[line (\d+)\]/g;
const OUT_DIR = "out/"; // where cwrite writes, as the shim names it

const $ = (id) => document.getElementById(id);
const source = $("source");
const view = $("view");

let bundle = null; // {path: text} of the stdlib, the Lox VM, the examples
let module = null; // spy.wasm, compiled
let worker = null;
let example = EXAMPLES[0];
let activeView = "output";
let output = { chunks: [] }; // the last Run: {chunks: [{fd, text}], status}
let viewCache = {}; // view -> [{fd, text}], for the editor's text
let running = null; // {id, resolve, chunks} of the run in progress
let nextId = 1;

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(url + ": " + response.status + " " + response.statusText);
  const body = url.endsWith(".gz") ? response.body.pipeThrough(new DecompressionStream("gzip")) : response.body;
  const raw = Number(response.headers.get("Content-Length"));
  return { bytes: new Uint8Array(await new Response(body).arrayBuffer()), raw };
}

function startWorker() {
  worker = new Worker("worker.js", { type: "module" });
  worker.onmessage = ({ data }) => {
    if (running === null || data.id !== running.id) return;
    if (data.fd !== undefined) {
      running.chunks.push({ fd: data.fd, text: data.text });
      if (running.live) render(running.chunks);
    } else {
      const done = running;
      running = null;
      done.resolve({ status: data.status, chunks: done.chunks, files: data.files });
    }
  };
  worker.postMessage({ module, files: bundle });
}

// one run of spy.wasm with argv (after argv[0]) and the editor's text as
// the user's file; live: show its output as it comes
function spy(argv, live) {
  const files = { ["/play/" + programName()]: source.value };
  return new Promise((resolve) => {
    running = { id: nextId++, resolve, chunks: [], live };
    worker.postMessage({ id: running.id, argv, files, collect: OUT_DIR });
  });
}

function programName() {
  return example.vm ? "main.lox" : "main.spy";
}

function setBusy(text) {
  $("run").disabled = text !== null;
  $("stop").disabled = text === null;
  if (text !== null) $("status").textContent = text;
}

// ---- views

function render(chunks, status) {
  view.replaceChildren();
  for (const { fd, text } of coalesce(chunks)) {
    const span = document.createElement("span");
    if (fd === 2) span.className = "stderr";
    else if (fd === "file") span.className = "file";
    appendLinked(span, text);
    view.append(span);
  }
  if (status) {
    const tail = document.createElement("span");
    tail.className = "exit";
    tail.textContent = "\n[exit status " + status + "]";
    view.append(tail);
  }
}

// chunks with each run of one stream's chunks joined, so that no
// location is cut in two
function coalesce(chunks) {
  const joined = [];
  for (const { fd, text } of chunks) {
    const last = joined[joined.length - 1];
    if (last !== undefined && last.fd === fd) last.text += text;
    else joined.push({ fd, text });
  }
  return joined;
}

// text, with each location in the user's file a link to it in the editor
function appendLinked(parent, text) {
  let last = 0;
  for (const match of text.matchAll(LOCATION)) {
    const [all, , file, line, column, loxLine] = match;
    if (file !== undefined ? file !== programName() : !example.vm) continue;
    parent.append(text.slice(last, match.index));
    const link = document.createElement("span");
    link.className = "location";
    link.textContent = all;
    link.onclick = () => showLocation(Number(line || loxLine), Number(column || 1));
    parent.append(link);
    last = match.index + all.length;
  }
  parent.append(text.slice(last));
}

function showLocation(line, column) {
  const lines = source.value.split("\n");
  let start = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) start += lines[i].length + 1;
  const end = start + (lines[line - 1] || "").length;
  source.focus();
  source.setSelectionRange(Math.min(start + column - 1, end), end);
  const lineHeight = parseFloat(getComputedStyle(source).lineHeight);
  source.scrollTop = Math.max(0, (line - 5) * lineHeight);
}

async function showView(name) {
  activeView = name;
  for (const tab of $("tabs").children) tab.classList.toggle("active", tab.dataset.view === name);
  if (name === "output") {
    render(output.chunks, output.status);
    return;
  }
  if (!viewCache[name]) {
    if (running !== null) return; // runProgram shows it when its run ends
    const target = example.vm || programName();
    setBusy(name === "redshift" ? "redshifting…" : "writing C…");
    const argv = name === "redshift" ? ["redshift", target] : ["cwrite", target, "-o", "/" + OUT_DIR];
    const result = await spy(argv, false);
    setBusy(null);
    $("status").textContent = result.status === 0 ? "ready" : "failed (exit status " + result.status + ")";
    viewCache[name] = result.chunks;
    for (const path of Object.keys(result.files).sort()) {
      viewCache[name].push({ fd: "file", text: "// " + path.slice(OUT_DIR.length) + "\n" });
      viewCache[name].push({ fd: 1, text: result.files[path] + "\n" });
    }
  }
  if (activeView === name) render(viewCache[name]);
}

async function runProgram() {
  if (running !== null || module === null) return;
  showView("output");
  const argv = example.vm ? [example.vm, programName()] : [programName()];
  setBusy("running…");
  const started = performance.now();
  output = { chunks: [] };
  const result = await spy(argv, true);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  output = result;
  setBusy(null);
  if (result.status === null) $("status").textContent = "stopped after " + seconds + " s";
  else $("status").textContent = (result.status === 0 ? "done" : "exit status " + result.status) + " in " + seconds + " s";
  showView(activeView);
}

function stop() {
  if (running === null) return;
  worker.terminate();
  const stopped = running;
  running = null;
  stopped.chunks.push({ fd: 2, text: "\n[stopped]\n" });
  stopped.resolve({ status: null, chunks: stopped.chunks, files: {} });
  startWorker();
}

// ---- the editor

function loadExample(index) {
  example = EXAMPLES[index];
  source.value = bundle["/examples/" + example.file];
  $("filename").textContent = programName() + (example.vm ? " (run by " + example.vm.slice(5) + ")" : "");
  sourceChanged();
  output = { chunks: [] };
  showView("output");
}

function sourceChanged() {
  viewCache = {};
  showCursor();
}

function showCursor() {
  const before = source.value.slice(0, source.selectionStart);
  const line = before.split("\n").length;
  $("cursor").textContent = line + ":" + (before.length - before.lastIndexOf("\n"));
}

// Tab indents by four spaces, Enter keeps the indentation (one more level
// after a colon), Ctrl+Enter runs
function onKey(event) {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    runProgram();
  } else if (event.key === "Tab" && !event.shiftKey) {
    event.preventDefault();
    document.execCommand("insertText", false, "    ");
  } else if (event.key === "Enter") {
    const before = source.value.slice(0, source.selectionStart);
    const line = before.slice(before.lastIndexOf("\n") + 1);
    let indent = line.match(/^ */)[0];
    if (line.trimEnd().endsWith(":")) indent += "    ";
    event.preventDefault();
    document.execCommand("insertText", false, "\n" + indent);
  }
}

async function main() {
  const select = $("examples");
  EXAMPLES.forEach((ex, i) => select.append(new Option(ex.title, i)));
  select.onchange = () => loadExample(Number(select.value));
  source.addEventListener("input", sourceChanged);
  source.addEventListener("keyup", showCursor);
  source.addEventListener("click", showCursor);
  source.addEventListener("keydown", onKey);
  $("run").onclick = runProgram;
  $("stop").onclick = stop;
  for (const tab of $("tabs").children) tab.onclick = () => showView(tab.dataset.view);

  const [wasm, files] = await Promise.all([fetchBytes("spy.wasm.gz"), fetchBytes("files.json.gz")]);
  bundle = JSON.parse(new TextDecoder().decode(files.bytes));
  module = await WebAssembly.compile(wasm.bytes);
  startWorker();
  loadExample(0);
  const kb = (n) => Math.round(n / 1024) + " KB";
  $("sizes").textContent = "spy.wasm: " + kb(wasm.raw) + " downloaded (" + kb(wasm.bytes.length) + " unpacked); stdlib and examples: " + kb(files.raw) + ".";
  $("status").textContent = "ready";
  $("run").disabled = false;
}

main().catch((error) => {
  const why = error instanceof WebAssembly.CompileError
    ? "this browser cannot run spy.wasm, which needs WebAssembly's exception handling (exnref): "
    : "could not load the toolchain: ";
  $("status").textContent = why + error.message;
});
