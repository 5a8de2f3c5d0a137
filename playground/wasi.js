// A small WASI (preview 1) host for spy.wasm: arguments, environment,
// clocks, exit, stdout/stderr captured, stdin empty, and an in-memory file
// system. The files a run starts with (the stdlib, the user's program) are
// given as a map from absolute path to bytes; the program may create
// files and folders beside them (`spy cwrite -o DIR`), which the caller
// reads back from `files` after the run. Only the calls spy.wasm imports
// are implemented; anything else a module imports fails to link.

const ERRNO = {
  SUCCESS: 0, ACCES: 2, BADF: 8, EXIST: 20, INVAL: 28, ISDIR: 31,
  NOENT: 44, NOTDIR: 54, NOTSUP: 58, SPIPE: 70,
};
const FILETYPE = { CHARACTER_DEVICE: 2, DIRECTORY: 3, REGULAR_FILE: 4 };
const OFLAGS = { CREAT: 1, DIRECTORY: 2, EXCL: 4, TRUNC: 8 };
const FDFLAGS_APPEND = 1;
const CLOCK_REALTIME = 0;
const PREOPEN_FD = 3; // the root "/", the only preopened folder

// thrown by proc_exit to unwind the module back to `run`
class Exit {
  constructor(status) {
    this.status = status;
  }
}

// "/a/./b/../c" -> "a/c"; null when ".." climbs above the root
function normalize(path) {
  const parts = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.length === 0) return null;
      parts.pop();
    } else {
      parts.push(part);
    }
  }
  return parts.join("/");
}

function parentOf(path) {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

export class Wasi {
  // args: argv (argv[0] first); env: {NAME: value}; files: Map from
  // absolute path to Uint8Array; onOutput(fd, bytes) sees stdout (1) and
  // stderr (2) as they are written.
  constructor(args, env, files, onOutput) {
    this.args = args;
    this.env = Object.entries(env).map(([k, v]) => k + "=" + v);
    this.files = new Map();
    this.dirs = new Set([""]);
    for (const [path, bytes] of files) {
      const key = normalize(path);
      this.files.set(key, bytes);
      for (let dir = parentOf(key); !this.dirs.has(dir); dir = parentOf(dir)) {
        this.dirs.add(dir);
      }
    }
    this.onOutput = onOutput;
    // fd -> {path, dir} for files and folders; 0..2 are the standard streams
    this.fds = new Map([[PREOPEN_FD, { path: "", dir: true }]]);
    this.nextFd = PREOPEN_FD + 1;
    this.memory = null;
    this.encoder = new TextEncoder();
    this.decoder = new TextDecoder();
  }

  // Run the instance's _start: its exit status. A trap (a RuntimeError, a
  // RangeError when the browser's stack runs out) is thrown on.
  run(instance) {
    this.memory = instance.exports.memory;
    try {
      instance.exports._start();
      return 0;
    } catch (e) {
      if (e instanceof Exit) return e.status;
      throw e;
    }
  }

  // the `wasi_snapshot_preview1` import object
  imports() {
    const calls = {};
    for (const name of Object.getOwnPropertyNames(Wasi.prototype)) {
      if (name.startsWith("call_")) calls[name.slice(5)] = this[name].bind(this);
    }
    return { wasi_snapshot_preview1: calls };
  }

  // ---- memory helpers
  view() {
    return new DataView(this.memory.buffer);
  }
  bytes(ptr, len) {
    return new Uint8Array(this.memory.buffer, ptr, len);
  }
  string(ptr, len) {
    return this.decoder.decode(this.bytes(ptr, len).slice());
  }
  // the key of a path relative to folder fd, or an errno (a number)
  resolve(fd, ptr, len) {
    const dir = this.fds.get(fd);
    if (dir === undefined) return ERRNO.BADF;
    if (!dir.dir) return ERRNO.NOTDIR;
    const key = normalize(dir.path + "/" + this.string(ptr, len));
    return key === null ? ERRNO.ACCES : key;
  }
  // list of {buf, len} of an iovec array
  iovecs(ptr, count) {
    const view = this.view();
    const list = [];
    for (let i = 0; i < count; i++) {
      list.push({ buf: view.getUint32(ptr + 8 * i, true), len: view.getUint32(ptr + 8 * i + 4, true) });
    }
    return list;
  }
  writeStrings(strings, ptrsPtr, bufPtr) {
    const view = this.view();
    for (const s of strings) {
      const encoded = this.encoder.encode(s + "\0");
      view.setUint32(ptrsPtr, bufPtr, true);
      this.bytes(bufPtr, encoded.length).set(encoded);
      ptrsPtr += 4;
      bufPtr += encoded.length;
    }
    return ERRNO.SUCCESS;
  }
  writeSizes(strings, countPtr, sizePtr) {
    const view = this.view();
    let size = 0;
    for (const s of strings) size += this.encoder.encode(s).length + 1;
    view.setUint32(countPtr, strings.length, true);
    view.setUint32(sizePtr, size, true);
    return ERRNO.SUCCESS;
  }
  // a filestat (64 bytes) for key at ptr
  writeFilestat(key, ptr) {
    const view = this.view();
    const isDir = this.dirs.has(key);
    this.bytes(ptr, 64).fill(0);
    view.setBigUint64(ptr + 8, BigInt(this.inode(key)), true);
    view.setUint8(ptr + 16, isDir ? FILETYPE.DIRECTORY : FILETYPE.REGULAR_FILE);
    view.setBigUint64(ptr + 24, 1n, true);
    view.setBigUint64(ptr + 32, BigInt(isDir ? 0 : this.files.get(key).length), true);
    return ERRNO.SUCCESS;
  }
  // a stable number per path, so that two names of one file compare equal
  inode(key) {
    let h = 1;
    for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) >>> 0;
    return h;
  }

  // ---- arguments, environment, clocks, exit
  call_args_sizes_get(countPtr, sizePtr) {
    return this.writeSizes(this.args, countPtr, sizePtr);
  }
  call_args_get(ptrsPtr, bufPtr) {
    return this.writeStrings(this.args, ptrsPtr, bufPtr);
  }
  call_environ_sizes_get(countPtr, sizePtr) {
    return this.writeSizes(this.env, countPtr, sizePtr);
  }
  call_environ_get(ptrsPtr, bufPtr) {
    return this.writeStrings(this.env, ptrsPtr, bufPtr);
  }
  call_clock_time_get(id, precision, timePtr) {
    const ms = id === CLOCK_REALTIME ? Date.now() : performance.now();
    this.view().setBigUint64(timePtr, BigInt(Math.round(ms * 1e6)), true);
    return ERRNO.SUCCESS;
  }
  call_proc_exit(status) {
    throw new Exit(status);
  }

  // ---- file descriptors
  call_fd_prestat_get(fd, ptr) {
    if (fd !== PREOPEN_FD) return ERRNO.BADF;
    const view = this.view();
    view.setUint8(ptr, 0); // a folder
    view.setUint32(ptr + 4, 1, true); // the length of "/"
    return ERRNO.SUCCESS;
  }
  call_fd_prestat_dir_name(fd, ptr, len) {
    if (fd !== PREOPEN_FD) return ERRNO.BADF;
    if (len >= 1) this.bytes(ptr, 1)[0] = 0x2f; // "/"
    return ERRNO.SUCCESS;
  }
  call_fd_fdstat_get(fd, ptr) {
    const view = this.view();
    let type;
    if (fd <= 2) type = FILETYPE.CHARACTER_DEVICE;
    else if (this.fds.has(fd)) type = this.fds.get(fd).dir ? FILETYPE.DIRECTORY : FILETYPE.REGULAR_FILE;
    else return ERRNO.BADF;
    this.bytes(ptr, 24).fill(0);
    view.setUint8(ptr, type);
    // every right: the shim checks what it must itself
    view.setBigUint64(ptr + 8, 0x1fffffffn, true);
    view.setBigUint64(ptr + 16, 0x1fffffffn, true);
    return ERRNO.SUCCESS;
  }
  call_fd_fdstat_set_flags() {
    return ERRNO.NOTSUP;
  }
  call_fd_filestat_get(fd, ptr) {
    if (fd <= 2) {
      this.bytes(ptr, 64).fill(0);
      this.view().setUint8(ptr + 16, FILETYPE.CHARACTER_DEVICE);
      return ERRNO.SUCCESS;
    }
    const open = this.fds.get(fd);
    return open === undefined ? ERRNO.BADF : this.writeFilestat(open.path, ptr);
  }
  call_fd_read(fd, iovs, count, nreadPtr) {
    let total = 0;
    if (fd !== 0) {
      // stdin is empty: it reads as end of file
      const open = this.fds.get(fd);
      if (open === undefined) return ERRNO.BADF;
      if (open.dir) return ERRNO.ISDIR;
      const data = this.files.get(open.path);
      for (const { buf, len } of this.iovecs(iovs, count)) {
        const chunk = data.subarray(open.pos, Math.min(open.pos + len, data.length));
        this.bytes(buf, chunk.length).set(chunk);
        open.pos += chunk.length;
        total += chunk.length;
        if (chunk.length < len) break;
      }
    }
    this.view().setUint32(nreadPtr, total, true);
    return ERRNO.SUCCESS;
  }
  call_fd_write(fd, iovs, count, nwrittenPtr) {
    const chunks = this.iovecs(iovs, count).map(({ buf, len }) => this.bytes(buf, len).slice());
    const total = chunks.reduce((n, c) => n + c.length, 0);
    if (fd === 1 || fd === 2) {
      for (const chunk of chunks) this.onOutput(fd, chunk);
    } else {
      const open = this.fds.get(fd);
      if (open === undefined) return ERRNO.BADF;
      if (open.dir) return ERRNO.ISDIR;
      const old = this.files.get(open.path);
      if (open.append) open.pos = old.length;
      const grown = new Uint8Array(Math.max(old.length, open.pos + total));
      grown.set(old);
      for (const chunk of chunks) {
        grown.set(chunk, open.pos);
        open.pos += chunk.length;
      }
      this.files.set(open.path, grown);
    }
    this.view().setUint32(nwrittenPtr, total, true);
    return ERRNO.SUCCESS;
  }
  call_fd_seek(fd, offset, whence, newOffsetPtr) {
    const open = this.fds.get(fd);
    if (open === undefined) return fd <= 2 ? ERRNO.SPIPE : ERRNO.BADF;
    if (open.dir) return ERRNO.ISDIR;
    const base = [0, open.pos, this.files.get(open.path).length][whence];
    if (base === undefined) return ERRNO.INVAL;
    const pos = base + Number(offset);
    if (pos < 0) return ERRNO.INVAL;
    open.pos = pos;
    this.view().setBigUint64(newOffsetPtr, BigInt(pos), true);
    return ERRNO.SUCCESS;
  }
  call_fd_close(fd) {
    if (fd === PREOPEN_FD || !this.fds.delete(fd)) return ERRNO.BADF;
    return ERRNO.SUCCESS;
  }

  // ---- paths
  call_path_open(dirFd, lookupFlags, ptr, len, oflags, rightsBase, rightsInheriting, fdflags, fdPtr) {
    const key = this.resolve(dirFd, ptr, len);
    if (typeof key === "number") return key;
    const isDir = this.dirs.has(key);
    const exists = isDir || this.files.has(key);
    if (exists && oflags & OFLAGS.CREAT && oflags & OFLAGS.EXCL) return ERRNO.EXIST;
    if (oflags & OFLAGS.DIRECTORY && !isDir) return exists ? ERRNO.NOTDIR : ERRNO.NOENT;
    if (!exists) {
      if (!(oflags & OFLAGS.CREAT)) return ERRNO.NOENT;
      if (!this.dirs.has(parentOf(key))) return ERRNO.NOENT;
      this.files.set(key, new Uint8Array(0));
    } else if (!isDir && oflags & OFLAGS.TRUNC) {
      this.files.set(key, new Uint8Array(0));
    }
    const fd = this.nextFd++;
    this.fds.set(fd, { path: key, dir: isDir, pos: 0, append: (fdflags & FDFLAGS_APPEND) !== 0 });
    this.view().setUint32(fdPtr, fd, true);
    return ERRNO.SUCCESS;
  }
  call_path_filestat_get(dirFd, lookupFlags, ptr, len, statPtr) {
    const key = this.resolve(dirFd, ptr, len);
    if (typeof key === "number") return key;
    if (!this.dirs.has(key) && !this.files.has(key)) return ERRNO.NOENT;
    return this.writeFilestat(key, statPtr);
  }
  call_path_create_directory(dirFd, ptr, len) {
    const key = this.resolve(dirFd, ptr, len);
    if (typeof key === "number") return key;
    if (this.dirs.has(key) || this.files.has(key)) return ERRNO.EXIST;
    if (!this.dirs.has(parentOf(key))) return ERRNO.NOENT;
    this.dirs.add(key);
    return ERRNO.SUCCESS;
  }
  call_path_readlink(dirFd, ptr, len) {
    const key = this.resolve(dirFd, ptr, len);
    if (typeof key === "number") return key;
    // there are no symbolic links
    return this.dirs.has(key) || this.files.has(key) ? ERRNO.INVAL : ERRNO.NOENT;
  }
  call_path_rename(oldFd, oldPtr, oldLen, newFd, newPtr, newLen) {
    const from = this.resolve(oldFd, oldPtr, oldLen);
    const to = this.resolve(newFd, newPtr, newLen);
    if (typeof from === "number") return from;
    if (typeof to === "number") return to;
    if (!this.files.has(from)) return this.dirs.has(from) ? ERRNO.NOTSUP : ERRNO.NOENT;
    if (this.dirs.has(to)) return ERRNO.ISDIR;
    if (!this.dirs.has(parentOf(to))) return ERRNO.NOENT;
    this.files.set(to, this.files.get(from));
    this.files.delete(from);
    return ERRNO.SUCCESS;
  }
  call_path_unlink_file(dirFd, ptr, len) {
    const key = this.resolve(dirFd, ptr, len);
    if (typeof key === "number") return key;
    if (this.dirs.has(key)) return ERRNO.ISDIR;
    return this.files.delete(key) ? ERRNO.SUCCESS : ERRNO.NOENT;
  }
}
