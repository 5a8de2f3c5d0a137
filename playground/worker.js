// Runs spy.wasm off the page's thread, one run per message, so that the
// page stays responsive and Stop can end a run that does not (the page
// terminates this worker and starts another).
//
// in:  {module, files}          once: the compiled spy.wasm and the files
//                               every run sees (path -> text)
//      {id, argv, files, collect}  a run: spy's arguments after argv[0],
//                               the user's files, the folder to read back
// out: {id, fd, text}           output as it is written (fd 1 or 2)
//      {id, status, files}      the end: exit status, files under collect

import { Wasi } from "./wasi.js";

// what every run starts with: the stdlib's home, and the folder of the
// user's program as the current folder
const ENV = { SPY_HOME: "/lib/spy", PWD: "/play" };
const TRAP_STATUS = 134; // as an abort natively

let module = null;
let baseFiles = null;
const encoder = new TextEncoder();

function encodeAll(files) {
  return Array.from(Object.entries(files), ([path, text]) => [path, encoder.encode(text)]);
}

// what a trap means, said as a program's crash would be
function describeTrap(error) {
  if (error instanceof RangeError) {
    return "RecursionError: the browser's stack ran out (" + error.message + ")\n";
  }
  return "crash: " + error + "\n";
}

function run({ id, argv, files, collect }) {
  const decoders = { 1: new TextDecoder(), 2: new TextDecoder() };
  const post = (fd, bytes) => postMessage({ id, fd, text: decoders[fd].decode(bytes, { stream: true }) });
  const wasi = new Wasi(["spy", ...argv], ENV, baseFiles.concat(encodeAll(files)), post);
  let status;
  try {
    status = wasi.run(new WebAssembly.Instance(module, wasi.imports()));
  } catch (error) {
    postMessage({ id, fd: 2, text: describeTrap(error) });
    status = TRAP_STATUS;
  }
  const written = {};
  const decoder = new TextDecoder();
  for (const [path, bytes] of wasi.files) {
    if (path.startsWith(collect)) written[path] = decoder.decode(bytes);
  }
  postMessage({ id, status, files: written });
}

onmessage = ({ data }) => {
  if (data.module) {
    module = data.module;
    baseFiles = encodeAll(data.files);
  } else {
    run(data);
  }
};
