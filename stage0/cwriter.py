"""cwriter: the C backend's emitter, typed program -> C text.

The C backend is three files: cnames (names, C types, literals) ->
canalysis (the class ids, the may-panic and effect analyses) -> cwriter
(this one: it emits, asking the other two).

Phase: after redshift, before build. Input: a `TypedProgram` (typed,
blue-free functions and `var` globals, every expression's `w_T` set, every
callee resolved to an `FQNConst`, the struct, tuple and class types in
`types`). Output: C99 text for libspy (spy.h): one file `<stem>.c`, or,
split for a parallel C build, a header and several files (see
`CWriter.write_program`). Entry points:
`write_c(program, stem, debug, split) -> {filename: text}` and
`cwrite(program, outdir, stem, debug, split) -> [paths written]`.

Layout of the single file: header comment, `#include "spy.h"`, the C
structs of the program's types, the table of class names (when used), the
static string literals (in order of first use), the globals, the
prototypes of every emitted function, the helpers made on first use
(`<M>_new` per class, method dispatchers), the functions, then `spy_entry`
(registers the GC roots and calls main) and the C `main`. Split, the same
pieces are cut in three: the header has the types, the declarations of the
data, the prototypes, the helpers and the `static inline` functions; the
main file defines the data and the entry; the function files the rest.

Values: a struct or tuple is a C struct passed by value (fields `f_<id>`);
a class reference is a `void *` to `struct <M> { int32_t cls; fields }`,
NULL for None, `cls` its class id (see canalysis.ClassTree); `gc_ptr[T]` and
`raw_ptr[T]` are spy.h's `spy_ptr {p, length}`. The typed shapes beyond
plain calls: `Attribute` and `Subscript` on those values, `MethodCall`
(a virtual call), and calls of `<T>::__make__`, `<C>::__new__`,
`<C>::__isinstance__`, `<C>::__cast__`, `<C>::__classname__`,
`operator::ref_is`, `unsafe::<op>[T]`.

Rules (docs/architecture.md section 5): the output depends only on the
program (definition order, no sets or addresses); names come from
cnames; one C function per red function, with SPy locals as C locals
`l_<id>`, temporaries `t<N>` and a traceback frame `F`; evaluation order is
Python's (left to right), made explicit with temporaries where C leaves it
unspecified; integer arithmetic wraps through unsigned types, never through
signed overflow; every field of an object and every pointer item is checked
(None, bounds) before it is read or written, but the items of
`unsafe.unchecked(p)[i]`, whose index the program has proven.
"""

import os

from stage0 import ast
from stage0.canalysis import (
    EFFECT,
    ClassTree,
    call_fqn,
    field_key,
    field_owner,
    allocates,
    call_graph,
    find_may_panic,
    find_recursive,
    find_unset_fields,
    eval_order,
    has_effect,
    is_located_op,
    is_unchecked,
    needs_hoist,
    needs_line,
    nonzero_int,
    pending_refs,
    scan,
)
from stage0.cnames import (
    C_TYPES,
    CAST,
    CLASSNAME,
    INT_TYPES,
    ISINSTANCE,
    MAKE,
    NEW,
    UNSIGNED_TYPES,
    VALUE_KINDS,
    c_decl,
    c_float_literal,
    c_int_literal,
    c_pointer,
    c_sizeof,
    c_string,
    c_type,
    comment_text,
    field_cname,
    func_cname,
    global_cname,
    ident_cname,
    is_root_ctype,
    item_type,
    local_cname,
    mangle_fqn,
    may_hold_pointer,
    split_op,
    str_lit_init,
    type_kind,
    type_name,
    unsafe_op,
    zero_of,
)
from stage0.errors import SPyError
from stage0.fqn import (
    BUILTINS,
    OPERATOR,
    make_fqn,
    fqn_member,
    in_namespace,
    member_owner,
)
from stage0.vm.wtypes import W_Type, KIND_CLASS, KIND_PTR


# ---------------------------------------------------------------- operators

# the suffixes `<op>` of `operator::<T>_<op>` that map to one C operator
CMP_OPS = {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}
ARITH_OPS: dict[str, str] = {"add": "+", "sub": "-", "mul": "*"}
BIT_OPS: dict[str, str] = {"and": "&", "or": "|", "xor": "^"}

# integer ops done by a libspy helper `spy_<T>_<name>` (spy.h: add sub mul
# neg wrap through unsigned arithmetic, with no implementation-defined casts)
INT_HELPERS: dict[str, str] = {
    "add": "add", "sub": "sub", "mul": "mul", "neg": "neg",
    "floordiv": "floordiv", "mod": "mod", "pow": "pow", "truediv": "truediv",
    "lshift": "shl", "rshift": "shr", "hash": "hash", "wmul": "wmul",
    "wadd": "wadd", "wsub": "wsub", "wneg": "wneg", "wshl": "wshl", "wpow": "wpow"
}  # fmt: skip
F64_HELPERS = ["truediv", "floordiv", "mod", "pow"]

# an if/elif chain of at least this many `x == K` tests becomes a C switch
SWITCH_MIN = 4

# a function whose body is at most this many lines of C is `static inline`
SMALL_FUNC_LINES = 10


# ---------------------------------------------------------------- the writer


class CWriter:
    program: ast.TypedProgram
    debug: bool
    funcs: dict[str, ast.TypedFunc]
    globals: dict[str, ast.TypedGlobal]
    types: "dict[str, W_Type]"
    tree: ClassTree
    str_index: dict[str, int]
    str_inits: list[str]  # by number: the initializer of `spy_s<N>`
    # helpers written on first use: `<M>_new` per class, dispatchers
    helpers: list[str]
    helper_done: dict[str, bool]
    # the tables of class names by id, written when used
    uses_class_names: bool
    uses_class_displays: bool
    # the function being written
    func: ast.TypedFunc
    lines: list[str]
    level: int
    temp_decls: list[str]
    temp_roots: list[str]
    # the C types of the structs and tuples that hold no GC reference
    plain_values: dict[str, bool]
    reads: dict[str, bool]
    may_panic: dict[str, bool]
    recursive: dict[str, bool]  # on a cycle of calls (canalysis)
    unset: dict[str, bool]  # the fields with a "set" flag (field_key)
    framed: bool
    # the frame calls: spy_frame_push/pop, or spy_frame_rec_push/pop for a
    # recursive function, which also sets its lines with spy_frame_rec_line
    # (spy.h)
    frame_calls: str
    self_checked: bool
    # the line of the statement being written when its checks store it
    # themselves on failure (mark_line), else 0
    check_line: int
    # `break` of the innermost loop from inside a switch: a goto to the
    # label after the loop (see emit_loop_body)
    in_switch: bool
    break_label: str
    labels: int

    def __init__(self, program: ast.TypedProgram, debug: bool) -> None:
        self.program = program
        self.debug = debug
        self.funcs = {}
        for f in program.funcs:
            self.funcs[f.fqn] = f
        self.globals = {}
        for g in program.globals:
            self.globals[g.fqn] = g
        self.types = {}
        self.plain_values = {}
        for w_T in program.types:
            self.types[w_T.fqn] = w_T
            if type_kind(w_T) in VALUE_KINDS and not w_T.has_none_field():
                if not may_hold_pointer(w_T):
                    self.plain_values[c_type(w_T)] = True
        self.tree = ClassTree(program.types)
        self.str_index = {}
        self.str_inits = []
        self.helpers = []
        self.helper_done = {}
        self.uses_class_names = False
        self.uses_class_displays = False
        self.lines = []
        self.level = 0
        self.temp_decls = []
        self.temp_roots = []
        self.reads = {}
        self.framed = True
        self.frame_calls = "spy_frame_"
        self.self_checked = False
        self.check_line = 0
        self.in_switch = False
        self.break_label = ""
        self.labels = 0
        graph = call_graph(program, self.tree)
        self.recursive = find_recursive(graph)
        self.may_panic = find_may_panic(program, graph, self.recursive)
        self.unset = find_unset_fields(program)

    def error(self, node: ast.Node, what: str) -> SPyError:
        return SPyError("cwriter: cannot emit " + what, node.loc)

    # ------------------------------------------------------------ program

    def entry_point(self, roots: list[str]) -> list[str]:
        """`main`, which registers the roots and calls the program's main;
        for a library (no main: `--target pyext`), `spy_library_init`,
        which registers the roots and which its host calls first."""
        program = self.program
        if program.main_fqn == "":
            return ["static void spy_library_init(void)", "{"] + roots + ["}"]
        if program.main_fqn not in self.funcs:
            raise SPyError("cwriter: `" + program.main_fqn + "` is not emitted", None)
        main = self.funcs[program.main_fqn]
        main_args = ""
        if program.argv_fqn != "":
            if program.argv_fqn not in self.funcs or len(main.params) != 1:
                raise self.error(main, "`main(argv)` without its argv builder")
            main_args = func_cname(self.funcs[program.argv_fqn]) + "()"
        elif len(main.params) != 0:
            raise self.error(main, "a `main` with parameters")
        entry = ["static int32_t spy_entry(void)", "{"] + roots
        call = mangle_fqn(main.fqn) + "(" + main_args + ")"
        if program.main_returns_status:
            entry.append("    return " + call + ";")
        else:
            entry.append("    " + call + ";")
            entry.append("    return 0;")
        entry = entry + ["}", "", "int main(int argc, char **argv)", "{"]
        entry.append("    return spy_runtime_main(argc, argv, spy_entry);")
        entry.append("}")
        return entry

    def write_program(self, source_name: str, stem: str, split: int) -> dict[str, str]:
        """The C files of the program: `<stem>.c` alone when split is 1;
        else `<stem>.h` (the declarations and the `static inline`
        functions), `<stem>.c` (the data and the entry point) and the other
        functions cut into `<stem>-1.c`..`<stem>-<split>.c` of about equal
        size, so that a parallel build compiles them at once."""
        program = self.program
        globals_c: list[str] = []
        globals_h: list[str] = []
        roots: list[str] = []
        for g in program.globals:
            name = global_cname(g.fqn)
            init = strip_parens(self.emit_static_init(g.init, g.w_T))
            globals_c.append(c_decl(c_type(g.w_T), name) + " = " + init + ";")
            globals_h.append("extern " + c_decl(c_type(g.w_T), name) + ";")
            if may_hold_pointer(g.w_T):
                roots.append(
                    "    spy_gc_add_root(&" + name + ", sizeof(" + name + "));"
                )
        protos: list[str] = []
        bodies: list[str] = []
        inline_bodies: list[str] = []
        extern_funcs: list[list[str]] = []
        for f in program.funcs:
            if f.extern_name == "":
                func_lines = self.emit_func(f)
                protos.append(func_lines[0] + ";")
                func_lines.append("")
                bodies.extend(func_lines)
                if func_lines[0].startswith("static inline "):
                    inline_bodies.extend(func_lines)
                else:
                    extern_funcs.append(func_lines)
        entry = self.entry_point(roots)
        # the string literals and helpers are known only now that every
        # body is written
        head = "/* generated by stage0 from " + comment_text(basename(source_name))
        head = head + " -- do not edit */"
        out = [head, '#include "spy.h"', "#include <math.h>", ""] + self.emit_types()
        files: dict[str, str] = {}
        if split == 1:
            out = out + self.data_defs("static ", globals_c)
            out = out + protos + [""] + self.helpers + bodies + entry
            files[stem + ".c"] = "\n".join(out) + "\n"
            return files
        out = out + self.data_decls(globals_h)
        out = out + protos + [""] + self.helpers + inline_bodies
        files[stem + ".h"] = "\n".join(out) + "\n"
        include = [head, '#include "' + stem + '.h"', ""]
        out = include + self.data_defs("", globals_c) + entry
        files[stem + ".c"] = "\n".join(out) + "\n"
        parts = split_evenly(extern_funcs, split)
        for k in range(split):
            name = stem + "-" + str(k + 1) + ".c"
            files[name] = "\n".join(include + parts[k]) + "\n"
        return files

    def emit_static_init(self, e: ast.Expr, w_T: W_Type) -> str:
        """The constant initializer of a global: a literal, None, or a
        struct or tuple made of those."""
        if is_literal(e):
            return self.emit_expr(e)
        if isinstance(e, ast.NoneLit) and type_kind(w_T) == KIND_CLASS:
            return "NULL"
        if isinstance(e, ast.NoneLit) and type_kind(w_T) == KIND_PTR:
            return "{NULL, 0}"
        fqn = call_fqn(e)
        if isinstance(e, ast.Call) and member_owner(fqn, MAKE) in self.types:
            w_struct = self.types[member_owner(fqn, MAKE)]
            if len(e.args) == 0:
                return "{0}"
            inits: list[str] = []
            for i in range(len(e.args)):
                w_field = w_struct.field_types[i]
                inits.append(strip_parens(self.emit_static_init(e.args[i], w_field)))
            return "{" + ", ".join(inits) + "}"
        raise self.error(e, "this initial value of a global")

    # ------------------------------------------------------------ types

    def emit_types(self) -> list[str]:
        """The C struct of every struct, tuple and class, in program order,
        except that the types a type holds by value come before it.

        A struct or tuple is a typedef'd value struct; a class instance is
        `struct <M> { int32_t cls; <fields> }`, always used through a
        `void *`, its first field the class id (spy.h, spy_class_id).
        """
        out: list[str] = []
        done: dict[str, bool] = {}
        for w_T in self.program.types:
            if not w_T.has_none_field():  # only blue code made it
                self.emit_type(w_T, done, out)
        return out

    def emit_type(self, w_T: W_Type, done: dict[str, bool], out: list[str]) -> None:
        kind = w_T.kind
        if w_T.fqn in done or not (kind in VALUE_KINDS or kind == KIND_CLASS):
            return
        done[w_T.fqn] = True
        for w_field in w_T.field_types:
            if w_field.kind in VALUE_KINDS:
                self.emit_type(w_field, done, out)
        name = mangle_fqn(w_T.fqn)
        fields: list[str] = []
        if kind == KIND_CLASS:
            lo = self.tree.lo(w_T)
            hi = self.tree.hi(w_T)
            what = comment_text(w_T.display) + ": class id " + str(lo)
            if hi == lo + 1:
                what = what + ", subclass " + str(hi)
            elif hi > lo + 1:
                what = what + ", subclasses " + str(lo + 1) + ".." + str(hi)
            out.append("/* " + what + " */")
            fields.append("int32_t cls;")
        for i in range(len(w_T.field_names)):
            ctype = c_type(w_T.field_types[i])
            if ctype == "void":
                raise SPyError("cwriter: a field of type None in " + w_T.fqn, None)
            fname = w_T.field_names[i]
            fields.append(c_decl(ctype, field_cname(fname)) + ";")
            if kind == KIND_CLASS and self.has_flag(w_T, fname):
                # next to its field, at the same offset in every subclass
                fields.append("bool " + ident_cname("set", fname) + ";")
        if len(fields) == 0:
            fields.append("char empty; /* C has no empty structs */")
        if kind == KIND_CLASS:
            out.append("struct " + name + " {")
        else:
            out.append("typedef struct " + name + " {")
        for field in fields:
            out.append("    " + field)
        if kind == KIND_CLASS:
            out.append("};")
        else:
            out.append("} " + name + ";")
        out.append("")

    def class_tables(self, linkage: str) -> list[str]:
        """By class id: `spy_class_names`, the names for error messages
        (`cannot cast 'Cat' object`), and `spy_class_displays`, the str
        of `<prog.Cat object>`; each only when the program uses it."""
        out: list[str] = []
        if self.uses_class_names:
            out.append(linkage + "const char *const spy_class_names[] = {")
            for w_class in self.tree.classes:
                out.append("    " + c_string(w_class.name) + ",")
            out = out + ["};", ""]
        if self.uses_class_displays:
            out.append(linkage + "spy_Str spy_class_displays[] = {")
            for w_class in self.tree.classes:
                out.append("    " + str_lit_init(w_class.display) + ",")
            out = out + ["};", ""]
        return out

    def data_defs(self, linkage: str, globals_c: list[str]) -> list[str]:
        """The definitions of the program's data: the class tables and the
        string literals (with `linkage`), then the globals."""
        out = self.class_tables(linkage) + self.str_defs(linkage)
        if len(globals_c) > 0:
            out = out + globals_c + [""]
        return out

    def data_decls(self, globals_h: list[str]) -> list[str]:
        """The declarations of data_defs, for a header."""
        out: list[str] = []
        if self.uses_class_names:
            out.append("extern const char *const spy_class_names[];")
        if self.uses_class_displays:
            out.append("extern spy_Str spy_class_displays[];")
        for i in range(len(self.str_inits)):
            out.append("extern spy_Str spy_s" + str(i) + ";")
        out = out + globals_h
        if len(out) > 0:
            out.append("")
        return out

    def declaring_class(self, w_class: W_Type, attr: str) -> W_Type:
        """The class that declares the field `attr` (the highest ancestor
        that has it): every access to a field goes through one C struct
        type, so that the C compiler's aliasing rules see one object."""
        if attr not in w_class.field_names:
            msg = "the field `" + attr + "` of `" + w_class.fqn + "`"
            raise SPyError("cwriter: cannot find " + msg, None)
        return field_owner(w_class, attr)

    def has_flag(self, w_class: W_Type, attr: str) -> bool:
        """Does the field `attr` of `w_class` have a "set" flag?"""
        return field_key(field_owner(w_class, attr), attr) in self.unset

    def field_getter(self, w_decl: W_Type, attr: str) -> str:
        """`<M>_get_<id>(obj)`: the flagged field `attr` of a (non-None)
        instance of `w_decl`, or Python's AttributeError while it is unset."""
        name = mangle_fqn(w_decl.fqn) + "_" + ident_cname("get", attr)
        if name in self.helper_done:
            return name
        self.helper_done[name] = True
        self.uses_class_names = True
        struct = "struct " + mangle_fqn(w_decl.fqn)
        ctype = c_type(w_decl.field_types[w_decl.field_names.index(attr)])
        lines = ["static inline " + c_decl(ctype, name) + "(void *obj)", "{"]
        lines.append("    " + struct + " *o = obj;")
        lines.append("    if (SPY_UNLIKELY(!o->" + ident_cname("set", attr) + "))")
        msg = c_string("'%s' object has no attribute '" + attr + "'")
        lines.append('        spy_panicf("AttributeError", ' + msg + ",")
        lines.append("                   spy_class_names[o->cls]);")
        lines.append("    return o->" + field_cname(attr) + ";")
        lines = lines + ["}", ""]
        self.helpers = self.helpers + lines
        return name

    def field_setter(self, w_decl: W_Type, attr: str) -> str:
        """`<M>_set_<id>(obj, v)`: assign the flagged field `attr` of a
        (non-None) instance of `w_decl` and set its flag. The call evaluates
        v before the flag is set (`self.x = self.x + 1` checks first)."""
        name = mangle_fqn(w_decl.fqn) + "_" + ident_cname("set", attr)
        if name in self.helper_done:
            return name
        self.helper_done[name] = True
        struct = "struct " + mangle_fqn(w_decl.fqn)
        ctype = c_type(w_decl.field_types[w_decl.field_names.index(attr)])
        head = "static inline void " + name + "(void *obj, " + c_decl(ctype, "v") + ")"
        lines = [head, "{"]
        lines.append("    " + struct + " *o = obj;")
        lines.append("    o->" + field_cname(attr) + " = v;")
        lines.append("    o->" + ident_cname("set", attr) + " = true;")
        lines = lines + ["}", ""]
        self.helpers = self.helpers + lines
        return name

    def new_helper(self, w_class: W_Type) -> str:
        """`<M>_new()`: a zeroed instance of a class with its id set."""
        name = mangle_fqn(w_class.fqn) + "_new"
        if name in self.helper_done:
            return name
        self.helper_done[name] = True
        struct = "struct " + mangle_fqn(w_class.fqn)
        alloc = "spy_gc_alloc_zeroed_atomic"
        for w_field in w_class.field_types:
            if may_hold_pointer(w_field):
                alloc = "spy_gc_alloc"
        lines = ["static inline void *" + name + "(void)", "{"]
        lines.append("    void *obj = " + alloc + "(sizeof(" + struct + "));")
        lines.append("    *(int32_t *)obj = " + str(self.tree.lo(w_class)) + ";")
        lines = lines + ["    return obj;", "}", ""]
        self.helpers = self.helpers + lines
        return name

    def dispatcher(self, node: ast.Node, w_class: W_Type, name: str) -> str:
        """The C function that calls the method `name` of a `w_class`
        receiver: directly when one implementation serves the whole
        subtree, else `<M>_dispatch_<name>`, a switch on the class id.
        The caller has checked the receiver against None."""
        impls = self.tree.implementations(w_class, name)
        for fqn in impls:
            if fqn not in self.funcs:
                raise self.error(node, "a call of the method `" + fqn + "`")
        first = impls[0]
        same = True
        for fqn in impls:
            if fqn != first:
                same = False
        if same:
            return func_cname(self.funcs[first])
        cname = mangle_fqn(w_class.fqn) + "_" + ident_cname("dispatch", name)
        if cname in self.helper_done:
            return cname
        self.helper_done[cname] = True
        f = self.funcs[first]
        params = ["void *self"]
        args = ["self"]
        for i in range(1, len(f.param_types)):
            params.append(c_decl(c_type(f.param_types[i]), "a" + str(i)))
            args.append("a" + str(i))
        ret = c_type(f.w_restype)
        head = "static inline " + c_decl(ret, cname) + "(" + ", ".join(params) + ")"
        lines = [head, "{"]
        lines.append("    switch (spy_class_id(self)) {")
        lo = self.tree.lo(w_class)
        # one group of case labels per implementation, in id order; the
        # implementation of w_class itself is the default
        done: dict[str, bool] = {}
        for k in range(len(impls)):
            fqn = impls[k]
            if fqn in done:
                continue
            done[fqn] = True
            if fqn == first:
                continue
            for j in range(k, len(impls)):
                if impls[j] == fqn:
                    lines.append("    case " + str(lo + j) + ":")
            lines = lines + dispatch_call(self.funcs[fqn], args, ret)
        lines.append("    default:")
        lines = lines + dispatch_call(f, args, ret)
        lines = lines + ["    }", "}", ""]
        self.helpers = self.helpers + lines
        return cname

    def str_literal(self, value: str) -> str:
        """The static `spy_Str` of a literal, numbered by first use."""
        if value in self.str_index:
            return "spy_s" + str(self.str_index[value])
        n = len(self.str_inits)
        self.str_index[value] = n
        self.str_inits.append(str_lit_init(value))
        return "spy_s" + str(n)

    def str_defs(self, linkage: str) -> list[str]:
        """The definitions of the string literals."""
        out: list[str] = []
        for i in range(len(self.str_inits)):
            name = "spy_s" + str(i)
            out.append(linkage + "spy_Str " + name + " = " + self.str_inits[i] + ";")
        if len(out) > 0:
            out.append("")
        return out

    # ------------------------------------------------------------ functions

    def func_head(self, f: ast.TypedFunc) -> str:
        params: list[str] = []
        for i in range(len(f.params)):
            params.append(c_decl(c_type(f.param_types[i]), local_cname(f.params[i])))
        if len(params) == 0:
            params.append("void")
        ret = c_decl(c_type(f.w_restype), mangle_fqn(f.fqn))
        return ret + "(" + ", ".join(params) + ")"

    def emit_func(self, f: ast.TypedFunc) -> list[str]:
        self.func = f
        self.check_line = 0
        self.framed = self.may_panic[f.fqn] and f.in_traceback
        self.frame_calls = "spy_frame_"
        if self.recursive[f.fqn]:
            self.frame_calls = "spy_frame_rec_"
        self.self_checked = (
            len(f.params) > 0
            and f.params[0] == "self"
            and type_kind(f.param_types[0]) == KIND_CLASS
            and not ast.assigns_name(f.body, "self")
        )
        self.lines = []
        self.level = 1
        self.temp_decls = []
        self.temp_roots = []
        self.reads = {}
        self.in_switch = False
        self.break_label = ""
        self.labels = 0
        for stmt in f.body:
            self.emit_stmt(stmt)
        if not ast.always_returns(f.body):
            if type_name(f.w_restype) == "NoneType":
                self.pop_frame()
            else:
                msg = c_string("function `" + f.name + "` did not return")
                self.line('spy_panic("SystemError", ' + msg + ");")
        # gcc inlines small functions (list indexing) more readily when
        # they are `static inline`. The others stay extern: made static,
        # gcc inlines and specialises them across calls, and in the
        # interpreter a stale frame slot then kept the compiler's data
        # reachable to the conservative GC for the whole run of the program
        linkage = ""
        if len(self.lines) <= SMALL_FUNC_LINES and not self.recursive[f.fqn]:
            linkage = "static inline "
        out = [linkage + self.func_head(f), "{"]
        if self.framed:
            out.append("    spy_Frame F;")
        for i in range(len(f.locals)):
            decl = c_decl(c_type(f.local_types[i]), local_cname(f.locals[i]))
            out.append("    " + decl + " = " + zero_of(c_type(f.local_types[i])) + ";")
        for decl in self.temp_decls:
            out.append("    " + decl)
        for name in self.root_names(f):
            out.append("    SPY_ROOT(" + name + ");")
        # a parameter or local that is never read would warn in -Wextra
        for name in f.params + f.locals:
            if name not in self.reads:
                out.append("    (void)" + local_cname(name) + ";")
        where = c_string(f.name) + ", " + c_string(f.filename)
        if self.framed:
            out.append(
                "    "
                + self.frame_calls
                + "push(&F, "
                + where
                + ", "
                + str(f.loc.line)
                + ");"
            )
        out = out + self.lines
        out.append("}")
        return out

    def root_names(self, f: ast.TypedFunc) -> list[str]:
        """The parameters, locals and temporaries that may hold a GC
        reference: roots, which the GC must find wherever it runs."""
        names: list[str] = []
        for i in range(len(f.params)):
            if self.is_root(c_type(f.param_types[i])):
                names.append(local_cname(f.params[i]))
        for i in range(len(f.locals)):
            if self.is_root(c_type(f.local_types[i])):
                names.append(local_cname(f.locals[i]))
        return names + self.temp_roots

    def is_root(self, ctype: str) -> bool:
        """May a C variable of this type hold a GC reference: a pointer,
        or a struct other than the plain values?"""
        return is_root_ctype(ctype) and ctype not in self.plain_values

    def pop_frame(self) -> None:
        if self.framed:
            self.line(self.frame_calls + "pop(&F);")

    def set_line(self, line: int) -> None:
        """Record the traceback line (only functions with a frame have one)."""
        if self.framed:
            self.line(self.line_store(line) + ";")

    def line_store(self, line: int) -> str:
        """The C expression that sets the traceback line."""
        if self.frame_calls == "spy_frame_rec_":
            return "spy_frame_rec_line(&F, " + str(line) + ")"
        return "F.line = " + str(line)

    def new_temp(self, ctype: str) -> str:
        name = "t" + str(len(self.temp_decls) + 1)
        self.temp_decls.append(c_decl(ctype, name) + " = " + zero_of(ctype) + ";")
        if self.is_root(ctype):
            self.temp_roots.append(name)
        return name

    def line(self, text: str) -> None:
        self.lines.append("    " * self.level + text)

    def emit_block(self, body: list[ast.Stmt]) -> None:
        self.level += 1
        for stmt in body:
            self.emit_stmt(stmt)
        self.level -= 1

    def emit_loop_body(self, body: list[ast.Stmt]) -> None:
        """The body of a loop and its closing brace. A `break` of this loop
        from inside a switch cannot be C's `break` (it would leave the
        switch): it jumps to a label written after the loop."""
        outer_switch = self.in_switch
        outer_label = self.break_label
        self.in_switch = False
        self.break_label = ""
        self.emit_block(body)
        self.line("}")
        if self.break_label != "":
            self.line(self.break_label + ": ;")
        self.in_switch = outer_switch
        self.break_label = outer_label

    # ------------------------------------------------------------ evaluation order

    def hoist_operands(
        self,
        cs: list[str],
        bits: list[int],
        allocs: list[bool],
        ctypes: list[str],
        first: int,
        pre: list[str],
    ) -> list[str]:
        """Operands `cs` (C text, SPy order), with the scan bits, whether
        each allocates, and their C types: C evaluates them in any order,
        so when the order could show (see needs_hoist) the unstable ones go
        to temporaries, assigned in Python's order (see eval_order) by the
        expressions appended to `pre`; so do new references that must wait
        for the others in a root (see pending_refs)."""
        ordered = needs_hoist(bits)
        pending = pending_refs(allocs, ctypes, first)
        out: list[str] = []
        for c in cs:
            out.append(c)
        for i in eval_order(len(cs), first):
            if (ordered and bits[i] != 0) or pending[i]:
                t = self.new_temp(ctypes[i])
                pre.append(t + " = " + strip_parens(out[i]))
                out[i] = t
        return out

    def emit_operands(
        self, args: list[ast.Expr], first: int, pre: list[str]
    ) -> list[str]:
        """The C of each argument, safe to evaluate in any order after pre
        (`first`: see eval_order)."""
        cs: list[str] = []
        bits: list[int] = []
        allocs: list[bool] = []
        ctypes: list[str] = []
        for arg in args:
            cs.append(self.emit_expr(arg))
            bits.append(scan(arg, self.funcs))
            allocs.append(allocates(arg, self.funcs))
            ctypes.append(c_type(arg.w_T))
        return self.hoist_operands(cs, bits, allocs, ctypes, first, pre)

    def mark_line(self, stmt: ast.Stmt, exprs: list[ast.Expr]) -> None:
        """Before a statement that may call or panic: store its traceback
        line, or leave that to its checks (check_line) when they are its
        only panics."""
        self.check_line = 0
        if not has_effect(exprs, self.funcs):
            return
        if self.checks_locate(exprs):
            self.check_line = stmt.loc.line
        else:
            self.set_line(stmt.loc.line)

    def checks_locate(self, exprs: list[ast.Expr]) -> bool:
        """Are the panics of exprs all located checks, in a function with a
        frame whose line store they make unneeded? (A recursive function
        keeps its lines for RecursionError.)"""
        if not self.framed or self.recursive[self.func.fqn]:
            return False
        for e in exprs:
            if needs_line(e, self.may_panic, self.unset):
                return False
        return True

    def emit_cond(self, e: ast.Expr, line: int) -> str:
        """The C of a loop or `elif` test, setting the traceback line first
        if it needs it (see mark_line)."""
        store = False
        if has_effect([e], self.funcs):
            if self.checks_locate([e]):
                self.check_line = line
            else:
                store = self.framed
        cond = strip_parens(self.emit_expr(e))
        self.check_line = 0
        if store:
            return self.line_store(line) + ", " + cond
        return cond

    def located(self, helper: str, cargs: list[str]) -> str:
        """A call of a check helper of spy.h, as its `_at` form that stores
        check_line when it fails, if the statement stored none."""
        if self.check_line == 0:
            return c_call(helper, cargs)
        return c_call(helper + "_at", cargs + [str(self.check_line)])

    # ------------------------------------------------------------ statements

    def emit_stmt(self, s: ast.Stmt) -> None:
        self.check_line = 0
        if self.debug:
            self.lines.append(
                "#line " + str(s.loc.line) + " " + c_string(self.func.filename)
            )
        if isinstance(s, ast.Assign):
            self.emit_stmt_Assign(s)
        elif isinstance(s, ast.ExprStmt):
            self.emit_stmt_ExprStmt(s)
        elif isinstance(s, ast.Return):
            self.emit_stmt_Return(s)
        elif isinstance(s, ast.If):
            self.emit_stmt_If(s)
        elif isinstance(s, ast.While):
            self.emit_stmt_While(s)
        elif isinstance(s, ast.For):
            self.emit_stmt_For(s)
        elif isinstance(s, ast.Break):
            self.emit_stmt_Break(s)
        elif isinstance(s, ast.Continue):
            self.line("continue;")
        elif isinstance(s, ast.Pass):
            pass
        elif isinstance(s, ast.Assert):
            self.emit_stmt_Assert(s)
        elif isinstance(s, ast.Raise):
            self.emit_stmt_Raise(s)
        else:
            raise self.error(s, "a `" + s.node_kind() + "` statement")

    def emit_stmt_Assign(self, s: ast.Assign) -> None:
        target = s.target
        self.mark_line(s, [s.value, target])
        value = strip_parens(self.emit_expr(s.value))
        if isinstance(target, ast.Name):
            self.line(local_cname(target.id) + " = " + value + ";")
            return
        if isinstance(target, ast.FQNConst) and target.fqn in self.globals:
            self.line(global_cname(target.fqn) + " = " + value + ";")
            return
        if not (isinstance(target, ast.Attribute) or isinstance(target, ast.Subscript)):
            raise self.error(target, "this assignment target")
        # a field or a pointer item (`obj.x = v`, `p[i] = v`, `p[i].x = v`):
        # Python evaluates the value first, then the operands of the target
        vbits = scan(s.value, self.funcs)
        tbits = scan(target, self.funcs)
        pending = pending_refs(
            [allocates(s.value, self.funcs), allocates(target, self.funcs)],
            [c_type(s.value.w_T), c_type(s.value.w_T)],
            -1,
        )
        ordered = (vbits & EFFECT and tbits != 0) or (vbits != 0 and tbits & EFFECT)
        if ordered or pending[0]:
            t = self.new_temp(c_type(s.value.w_T))
            self.line(t + " = " + value + ";")
            value = t
        if self.emit_flagged_store(target, value):
            return
        pre: list[str] = []
        place = self.emit_place(target, pre)
        for p in pre:
            self.line(p + ";")
        self.line(place + " = " + value + ";")

    def emit_flagged_store(self, target: ast.Expr, value: str) -> bool:
        """`obj.f = value` for a field with a "set" flag: a call of its
        setter. False (nothing written) for any other target."""
        if isinstance(target, ast.Attribute):
            w_T = target.value.w_T
            if type_kind(w_T) == KIND_CLASS:
                assert w_T is not None
                if self.has_flag(w_T, target.attr):
                    w_decl = self.declaring_class(w_T, target.attr)
                    obj = strip_parens(self.checked_ref(target.value, target.attr))
                    setter = self.field_setter(w_decl, target.attr)
                    self.line(setter + "(" + obj + ", " + value + ");")
                    return True
        return False

    def emit_stmt_ExprStmt(self, s: ast.ExprStmt) -> None:
        value = s.value
        if isinstance(value, ast.NoneLit):
            return
        print_fqn = make_fqn(BUILTINS, "print")
        if isinstance(value, ast.Call) and call_fqn(value) == print_fqn:
            self.emit_print(s, value)
            return
        self.mark_line(s, [value])
        self.emit_effect(value)

    def emit_effect(self, value: ast.Expr) -> None:
        """Evaluate an expression for its effect only."""
        c = self.emit_expr(value)
        calls = call_fqn(value) in self.funcs or isinstance(value, ast.MethodCall)
        if calls or type_name(value.w_T) == "NoneType":
            self.line(strip_parens(c) + ";")
        else:
            # `(void)` keeps -Wunused-value quiet about pure expressions
            self.line("(void)" + c + ";")

    def emit_print(self, s: ast.Stmt, call: ast.Call) -> None:
        """print(a, b): write each `str` argument, a space between, then \\n.

        Python evaluates every argument before writing anything: when an
        argument after the first has an effect, unstable ones go to temps.
        """
        self.mark_line(s, call.args)
        hoist = has_effect(call.args[1:], self.funcs)
        cargs: list[str] = []
        for arg in call.args:
            if type_name(arg.w_T) != "str":
                raise self.error(arg, "print() of a non-str argument")
            c = strip_parens(self.emit_expr(arg))
            if hoist and scan(arg, self.funcs) != 0:
                t = self.new_temp("spy_Str *")
                self.line(t + " = " + c + ";")
                c = t
            cargs.append(c)
        for i in range(len(cargs)):
            if i > 0:
                self.line('spy_stdout_write_cstr(" ");')
            self.line("spy_stdout_write(" + cargs[i] + ");")
        self.line('spy_stdout_write_cstr("\\n");')

    def emit_stmt_Return(self, s: ast.Return) -> None:
        value = s.value
        returns_none = type_name(self.func.w_restype) == "NoneType"
        if isinstance(value, ast.NoneLit) and returns_none:
            value = None
        if value is None:
            self.pop_frame()
            self.line("return;")
            return
        self.mark_line(s, [value])
        if returns_none:
            self.emit_effect(value)
            self.pop_frame()
            self.line("return;")
            return
        c = strip_parens(self.emit_expr(value))
        if scan(value, self.funcs) & EFFECT:
            # compute first: a panic must still see this frame
            t = self.new_temp(c_type(self.func.w_restype))
            self.line(t + " = " + c + ";")
            self.pop_frame()
            self.line("return " + t + ";")
        else:
            self.pop_frame()
            self.line("return " + c + ";")

    def emit_stmt_If(self, s: ast.If) -> None:
        chain = switch_chain(s)
        if len(chain) > 0:
            self.emit_switch(chain)
            return
        self.mark_line(s, [s.test])
        self.line("if (" + strip_parens(self.emit_expr(s.test)) + ") {")
        self.emit_block(s.body)
        orelse = s.orelse
        # `elif` chains stay flat: `} else if (...) {`
        while len(orelse) == 1 and isinstance(orelse[0], ast.If):
            elif_ = orelse[0]
            cond = self.emit_cond(elif_.test, elif_.loc.line)
            self.line("} else if (" + cond + ") {")
            self.emit_block(elif_.body)
            orelse = elif_.orelse
        if len(orelse) > 0:
            self.line("} else {")
            self.emit_block(orelse)
        self.line("}")

    def emit_switch(self, chain: list[ast.If]) -> None:
        """`if x == 1: A elif x == 2: B ... else: C` (see switch_chain) ->
        `switch (x) { case 1: { A break; } ... default: { C break; } }`.

        The tests cannot panic, so they need no traceback line, and testing
        x once is testing it in each. A later test of a value already seen
        can never be true: its body is dropped, so no case label repeats.
        """
        x = switch_operands(chain[0].test)[0]
        tname = type_name(x.w_T)
        self.line("switch (" + self.emit_expr(x) + ") {")
        outer_switch = self.in_switch
        self.in_switch = True
        seen: dict[str, bool] = {}
        for link in chain:
            k = switch_operands(link.test)[1]
            assert isinstance(k, ast.Int)
            label = strip_parens(c_int_literal(k.value, tname))
            if label in seen:
                continue
            seen[label] = True
            self.line("case " + label + ": {")
            self.emit_case_body(link.body)
        default = chain[len(chain) - 1].orelse
        if len(default) > 0:
            self.line("default: {")
            self.emit_case_body(default)
        self.in_switch = outer_switch
        self.line("}")

    def emit_case_body(self, body: list[ast.Stmt]) -> None:
        self.emit_block(body)
        self.line("    break;")
        self.line("}")

    def emit_stmt_Break(self, s: ast.Break) -> None:
        if not self.in_switch:
            self.line("break;")
            return
        if self.break_label == "":
            self.labels += 1
            self.break_label = "after_loop" + str(self.labels)
        self.line("goto " + self.break_label + ";")

    def emit_stmt_While(self, s: ast.While) -> None:
        cond = self.emit_cond(s.test, s.loc.line)
        self.line("while (" + cond + ") {")
        self.emit_loop_body(s.body)

    def emit_stmt_For(self, s: ast.For) -> None:
        target = s.target
        if not isinstance(target, ast.Name):
            raise self.error(s, "a `for` loop with this target")
        it = s.iter
        if isinstance(it, ast.Call) and call_fqn(it) == make_fqn(BUILTINS, "range"):
            if len(it.args) != 3:
                raise self.error(it, "range() without its three arguments")
            self.emit_for_range(s, target, it.args)
        elif type_name(it.w_T) == "str":
            self.emit_for_str(s, target, it)
        else:
            raise self.error(s, "a `for` loop over this iterable")

    def loop_bound(self, e: ast.Expr, ctype: str, keep_names: bool) -> str:
        """A loop bound: a literal (or local) as is, else a temporary."""
        c = self.emit_expr(e)
        if is_literal(e) or (keep_names and isinstance(e, ast.Name)):
            return c
        t = self.new_temp(ctype)
        self.line(t + " = " + strip_parens(c) + ";")
        return t

    def emit_for_range(
        self, s: ast.For, target: ast.Name, args: list[ast.Expr]
    ) -> None:
        """for i in range(start, stop, step): count the iterations first.

        The count and the current value live in uint64_t, so neither can
        overflow near the type's limits; the loop variable is assigned from
        the current value each iteration.
        """
        tname = type_name(target.w_T)
        ctype = c_type(target.w_T)
        step_arg = args[2]
        safe_step = nonzero_int(step_arg)
        if not safe_step or has_effect(args, self.funcs):
            self.set_line(s.loc.line)
        start = self.loop_bound(args[0], ctype, True)
        stop = self.loop_bound(args[1], ctype, True)
        step = self.loop_bound(step_arg, ctype, False)
        zero_msg = c_string("range() arg 3 must not be zero")
        up = "(uint64_t)" + stop + " - (uint64_t)" + start
        down = "(uint64_t)" + start + " - (uint64_t)" + stop
        up_n = "(" + up + " - 1) / (uint64_t)" + step + " + 1"
        down_n = "(" + down + " - 1) / (0 - (uint64_t)" + step + ") + 1"
        count = self.new_temp("uint64_t")
        asc = count + " = " + start + " < " + stop + " ? "
        desc = count + " = " + start + " > " + stop + " ? "
        if isinstance(step_arg, ast.Int):
            value = step_arg.value
            if value == 0:
                self.line('spy_panic("ValueError", ' + zero_msg + ");")
            elif value == 1:
                self.line(asc + up + " : 0;")
            elif value == -1:
                self.line(desc + down + " : 0;")
            elif value > 0:
                self.line(asc + up_n + " : 0;")
            else:
                self.line(desc + down_n + " : 0;")
        else:
            self.line("if (" + step + " == 0) {")
            self.line('    spy_panic("ValueError", ' + zero_msg + ");")
            self.line("}")
            if tname in UNSIGNED_TYPES:
                self.line(asc + up_n + " : 0;")
            else:
                self.line("if (" + step + " > 0) {")
                self.line("    " + asc + up_n + " : 0;")
                self.line("} else {")
                self.line("    " + desc + down_n + " : 0;")
                self.line("}")
        cur = self.new_temp("uint64_t")
        loop = cur + " = (uint64_t)" + start + "; " + count + " != 0; "
        loop = loop + count + "--, " + cur + " += (uint64_t)" + step
        self.line("for (" + loop + ") {")
        self.level += 1
        value_c = strip_parens(int_cast("u64", tname, cur))
        self.line(local_cname(target.id) + " = " + value_c + ";")
        self.level -= 1
        self.emit_loop_body(s.body)

    def emit_for_str(self, s: ast.For, target: ast.Name, it: ast.Expr) -> None:
        """for ch in s: iterate the code points of a str evaluated once."""
        self.mark_line(s, [it])
        text = self.loop_bound(it, "spy_Str *", False)
        n = self.new_temp("int64_t")
        i = self.new_temp("int64_t")
        self.line(n + " = spy_str_len(" + strip_parens(text) + ");")
        self.line("for (" + i + " = 0; " + i + " < " + n + "; " + i + "++) {")
        self.level += 1
        item = c_call("spy_str_getitem", [text, i])
        self.line(local_cname(target.id) + " = " + item + ";")
        self.level -= 1
        self.emit_loop_body(s.body)

    def emit_stmt_Assert(self, s: ast.Assert) -> None:
        self.set_line(s.loc.line)
        self.line("if (!" + self.emit_expr(s.test) + ") {")
        if s.msg is None:
            self.line('    spy_panic("AssertionError", "");')
        else:
            msg = strip_parens(self.emit_expr(s.msg))
            self.line('    spy_panic_str("AssertionError", ' + msg + ");")
        self.line("}")

    def emit_stmt_Raise(self, s: ast.Raise) -> None:
        exc = s.exc
        fqn = call_fqn(exc)
        if not (isinstance(exc, ast.Call) and in_namespace(fqn, BUILTINS)):
            raise self.error(s, "this `raise` (only `raise E(msg)` for now)")
        if len(exc.args) != 1:
            raise self.error(s, "this `raise` (only `raise E(msg)` for now)")
        etype = c_string(fqn_member(fqn))
        self.set_line(s.loc.line)
        msg = strip_parens(self.emit_expr(exc.args[0]))
        self.line("spy_panic_str(" + etype + ", " + msg + ");")

    # ------------------------------------------------------------ expressions

    def emit_expr(self, e: ast.Expr) -> str:
        """The C of an expression, always a primary expression (a name, a
        literal, a call or something in parentheses), so that callers can
        put it next to any operator without thinking about precedence."""
        if isinstance(e, ast.Int):
            return c_int_literal(e.value, type_name(e.w_T))
        if isinstance(e, ast.Float):
            return c_float_literal(e.value)
        if isinstance(e, ast.Bool):
            return "true" if e.value else "false"
        if isinstance(e, ast.Str):
            return "(&" + self.str_literal(e.value) + ")"
        if isinstance(e, ast.NoneLit):
            if e.w_T is not None and e.w_T.kind == KIND_CLASS:
                return "NULL"
            if e.w_T is not None and e.w_T.kind == KIND_PTR:
                return "((spy_ptr){NULL, 0})"
            return "((void)0)"
        if isinstance(e, ast.Name):
            self.reads[e.id] = True
            return local_cname(e.id)
        if isinstance(e, ast.FQNConst):
            if e.fqn in self.globals:
                return global_cname(e.fqn)
            raise self.error(e, "`" + e.fqn + "` as a value")
        if isinstance(e, ast.Call):
            return self.emit_expr_Call(e)
        if isinstance(e, ast.MethodCall):
            return self.emit_expr_MethodCall(e)
        if isinstance(e, ast.Attribute) or isinstance(e, ast.Subscript):
            pre: list[str] = []
            place = self.emit_place(e, pre)
            return with_pre(pre, place)
        if isinstance(e, ast.UnaryOp) and e.op == "not":
            return "(!" + self.emit_expr(e.operand) + ")"
        if isinstance(e, ast.BoolOp):
            op = " && " if e.op == "and" else " || "
            left = self.emit_expr(e.left)
            return "(" + left + op + self.emit_expr(e.right) + ")"
        if isinstance(e, ast.IfExp):
            test = self.emit_expr(e.test)
            body = self.emit_expr(e.body)
            return "(" + test + " ? " + body + " : " + self.emit_expr(e.orelse) + ")"
        if isinstance(e, ast.Compare):
            return self.emit_expr_Compare(e)
        raise self.error(e, "a `" + e.node_kind() + "` expression")

    def emit_expr_Call(self, e: ast.Call) -> str:
        if not isinstance(e.func, ast.FQNConst):
            raise self.error(e, "a call of an unresolved callee")
        return self.emit_operation(e, e.func.fqn, e.args)

    def emit_operation(self, e: ast.Call, fqn: str, args: list[ast.Expr]) -> str:
        """A call or operator, its operands hoisted to temps when needed."""
        pre: list[str] = []
        cargs = self.emit_operands(args, e.first, pre)
        return with_pre(pre, self.emit_call_c(e, fqn, cargs))

    def emit_expr_MethodCall(self, e: ast.MethodCall) -> str:
        """`recv.name(args)`, dispatched on the class of the receiver.

        Python finds the method (and fails on None) before it evaluates the
        other arguments: the receiver is checked where it is evaluated."""
        if len(e.args) == 0:
            raise self.error(e, "a method call without a receiver")
        cs = [self.checked_ref(e.args[0], e.name)]
        bits = [scan(e.args[0], self.funcs) | EFFECT]
        allocs = [allocates(e.args[0], self.funcs)]
        ctypes = ["void *"]
        for arg in e.args[1:]:
            cs.append(self.emit_expr(arg))
            bits.append(scan(arg, self.funcs))
            allocs.append(allocates(arg, self.funcs))
            ctypes.append(c_type(arg.w_T))
        pre: list[str] = []
        cargs = self.hoist_operands(cs, bits, allocs, ctypes, e.first, pre)
        name = self.dispatcher(e, e.w_class, e.name)
        return with_pre(pre, c_call(name, cargs))

    def checked_ref(self, e: ast.Expr, attr: str) -> str:
        """A class reference that must not be None. A method's `self` was
        checked by its caller, so it is not checked again."""
        c = self.emit_expr(e)
        if self.self_checked and isinstance(e, ast.Name) and e.id == "self":
            return c
        return self.located("spy_nonnull", [c, c_string(attr)])

    def emit_place(self, e: ast.Expr, pre: list[str]) -> str:
        """The C lvalue of a field or pointer item: `obj.x`, `s.x` (s a
        struct or tuple), `p.x` (= `p[0].x`), `p[i]`, `p[i].x`.

        Operands that must be evaluated first (in order) go to `pre`.
        """
        if isinstance(e, ast.Attribute):
            w_T = e.value.w_T
            kind = type_kind(w_T)
            field = field_cname(e.attr)
            if kind in VALUE_KINDS:
                base = e.value
                if isinstance(base, ast.Attribute) or isinstance(base, ast.Subscript):
                    return self.emit_place(base, pre) + "." + field
                return self.emit_expr(base) + "." + field
            if kind == KIND_CLASS:
                assert w_T is not None
                w_decl = self.declaring_class(w_T, e.attr)
                cast = "(struct " + mangle_fqn(w_decl.fqn) + " *)"
                obj = self.checked_ref(e.value, e.attr)
                if self.has_flag(w_decl, e.attr):
                    getter = self.field_getter(w_decl, e.attr)
                    return getter + "(" + strip_parens(obj) + ")"
                return "(" + cast + obj + ")->" + field
            if kind == KIND_PTR:
                ptr = self.emit_expr(e.value)
                item = self.ptr_item(item_type(w_T), ptr, "0", pre, True)
                return item + "." + field
            raise self.error(e, "an attribute of a `" + type_name(w_T) + "`")
        if isinstance(e, ast.Subscript):
            w_T = e.value.w_T
            if type_kind(w_T) != KIND_PTR:
                raise self.error(e, "indexing a `" + type_name(w_T) + "`")
            pointer = e.value
            checked = True
            if isinstance(pointer, ast.Call) and is_unchecked(pointer):
                pointer = pointer.args[0]
                checked = False
            cargs = self.emit_operands([pointer, e.index], -1, pre)
            return self.ptr_item(item_type(w_T), cargs[0], cargs[1], pre, checked)
        raise self.error(e, "this place")

    def ptr_item(
        self, w_item: W_Type, ptr: str, index: str, pre: list[str], checked: bool
    ) -> str:
        """`((T *)p.p)[spy_ptr_check(i, p.length)]`, p evaluated once;
        spy_ptr_unchecked (spy.h) for an item of `unsafe.unchecked`."""
        p = self.reuse(ptr, "spy_ptr", pre)
        items = "((" + c_pointer(c_type(w_item)) + ")" + p + ".p)"
        bounds = [index, p + ".length"]
        if checked:
            return items + "[" + self.located("spy_ptr_check", bounds) + "]"
        return items + "[" + c_call("spy_ptr_unchecked", bounds) + "]"

    def emit_call_c(self, e: ast.Expr, fqn: str, cargs: list[str]) -> str:
        """The C for calling `fqn` on operands that are already C text."""
        if fqn in self.funcs:
            return c_call(func_cname(self.funcs[fqn]), cargs)
        typed = self.emit_type_op(e, fqn, cargs)
        if typed != "":
            return typed
        if unsafe_op(fqn) != "":
            return self.emit_unsafe(e, fqn, cargs)
        ref_is = make_fqn(OPERATOR, "ref_is")
        if fqn == ref_is or fqn == make_fqn(OPERATOR, "ref_isnot"):
            if len(cargs) != 2:
                raise self.error(e, "`" + fqn + "` here")
            op = " == " if fqn == ref_is else " != "
            a = self.ref_operands(e, cargs)
            right = a[1]
            if right == a[0]:
                # `x is x`: the cast keeps -Wtautological-compare quiet
                right = "(void *)" + right
            return "(" + a[0] + op + right + ")"
        if not in_namespace(fqn, OPERATOR):
            raise self.error(e, "a call of `" + fqn + "` here")
        parts = split_op(fqn)
        tname = parts[0]
        op = parts[1]
        a = cargs
        if op in CMP_OPS and tname != "str" and len(a) == 2:
            right = a[1]
            if right == a[0]:
                # `x <= x` is valid SPy; the unary plus keeps gcc's
                # -Wtautological-compare quiet without changing the value
                right = "+" + right
            return "(" + a[0] + " " + CMP_OPS[op] + " " + right + ")"
        if op.startswith("to_") and len(a) == 1:
            return self.emit_conversion(e, tname, op[3:], a[0])
        numeric = tname in INT_TYPES or tname == "f64"
        if (op == "min" or op == "max") and numeric and len(a) == 2:
            pre: list[str] = []
            x = self.reuse(a[0], C_TYPES[tname], pre)
            y = self.reuse(a[1], C_TYPES[tname], pre)
            cmp = "<" if op == "min" else ">"
            pick = y + " " + cmp + " " + x + " ? " + y + " : " + x
            return with_pre(pre, "(" + pick + ")")
        if op == "pos" and len(a) == 1:
            return a[0]
        if tname in INT_TYPES:
            return self.emit_int_op(e, fqn, tname, op, a)
        if tname == "f64":
            if op in ARITH_OPS and len(a) == 2:
                return "(" + a[0] + " " + ARITH_OPS[op] + " " + a[1] + ")"
            if op in F64_HELPERS and len(a) == 2:
                return c_call("spy_f64_" + op, a)
            if op == "neg" and len(a) == 1:
                return "(-" + a[0] + ")"
            if op == "abs" and len(a) == 1:
                return c_call("fabs", a)
        if tname == "bool":
            if op in BIT_OPS and len(a) == 2:
                return "(" + a[0] + " " + BIT_OPS[op] + " " + a[1] + ")"
            if op == "not" and len(a) == 1:
                return "(!" + a[0] + ")"
        if tname == "str":
            if op == "eq" and len(a) == 2:
                return c_call("spy_str_eq", a)
            if op == "ne" and len(a) == 2:
                return "(!" + c_call("spy_str_eq", a) + ")"
            if op in CMP_OPS and len(a) == 2:
                return "(" + c_call("spy_str_cmp", a) + " " + CMP_OPS[op] + " 0)"
            # add mul len getitem slice contains repr ord byte nbytes...
            return c_call("spy_str_" + op, a)
        raise self.error(e, "the builtin `" + fqn + "`")

    def emit_type_op(self, e: ast.Expr, fqn: str, cargs: list[str]) -> str:
        """`<T>::__make__` and the class operations; "" for other fqns."""
        t = member_owner(fqn, MAKE)
        if t != "":
            w_T = self.lookup_type(e, t)
            name = mangle_fqn(w_T.fqn)
            if w_T.kind not in VALUE_KINDS or len(cargs) != len(w_T.field_names):
                raise self.error(e, "`" + fqn + "` with these arguments")
            if len(cargs) == 0:
                return "((" + name + "){0})"
            inits: list[str] = []
            for c in cargs:
                inits.append(strip_parens(c))
            return "((" + name + "){" + ", ".join(inits) + "})"
        for member in [NEW, ISINSTANCE, CAST, CLASSNAME]:
            t = member_owner(fqn, member)
            if t == "":
                continue
            w_class = self.lookup_type(e, t)
            if w_class.kind != KIND_CLASS or len(cargs) != (0 if member == NEW else 1):
                raise self.error(e, "`" + fqn + "` here")
            lo = str(self.tree.lo(w_class))
            hi = str(self.tree.hi(w_class))
            if member == NEW:
                return self.new_helper(w_class) + "()"
            if member == ISINSTANCE:
                return c_call("spy_isinstance", [cargs[0], lo, hi])
            if member == CAST:
                self.uses_class_names = True
                target = c_string(w_class.name)
                return c_call("spy_cast", [cargs[0], lo, hi, "spy_class_names", target])
            self.uses_class_displays = True
            obj = c_call("spy_nonnull", [cargs[0], c_string("__class__")])
            return "(&spy_class_displays[spy_class_id(" + obj + ")])"
        return ""

    def ref_operands(self, e: ast.Expr, cargs: list[str]) -> list[str]:
        """The operands of `is`: class references as they are; for pointers
        the addresses (`p.p`, None as NULL)."""
        args: list[ast.Expr] = []
        if isinstance(e, ast.Call):
            args = e.args
        elif isinstance(e, ast.Compare):
            args = [e.left] + e.comparators
        if len(args) == 0 or type_kind(args[0].w_T) != KIND_PTR:
            return cargs
        out: list[str] = []
        for i in range(len(cargs)):
            if i < len(args) and isinstance(args[i], ast.NoneLit):
                out.append("NULL")
            else:
                out.append(cargs[i] + ".p")
        return out

    def lookup_type(self, e: ast.Expr, fqn: str) -> W_Type:
        if fqn not in self.types:
            raise self.error(e, "`" + fqn + "`, a type that is not in the program")
        return self.types[fqn]

    def emit_unsafe(self, e: ast.Expr, fqn: str, cargs: list[str]) -> str:
        """`unsafe::<op>[T](args)`: pointers, by the helpers of spy.h.

        Sizes and counts are in items; every access is bounds-checked.
        """
        op = unsafe_op(fqn)
        args: list[ast.Expr] = []
        if isinstance(e, ast.Call):
            args = e.args
        a = cargs
        n = len(a)
        if op == "ptr_null" and n == 0:
            return "((spy_ptr){NULL, 0})"
        if op == "gc_alloc" and n == 1:
            w_item = item_type(e.w_T)
            scanned = "true" if may_hold_pointer(w_item) else "false"
            return c_call("spy_ptr_gc_alloc", [a[0], c_sizeof(w_item), scanned])
        if op == "raw_alloc" and n == 1:
            return c_call("spy_ptr_raw_alloc", [a[0], c_sizeof(item_type(e.w_T))])
        if n == 0:
            raise self.error(e, "`" + fqn + "` without arguments")
        size = c_sizeof(item_type(args[0].w_T))
        if op == "raw_free" and n == 1:
            return "spy_raw_free(" + a[0] + ".p)"
        if op == "ptr_is_null" and n == 1:
            return "(" + a[0] + ".p == NULL)"
        if op == "ptr_offset" and n == 2:
            return c_call("spy_ptr_offset", [a[0], a[1], size])
        if op == "unchecked" and n == 1:
            return a[0]
        if (op == "ptr_copy" or op == "ptr_move") and n == 3:
            move = "true" if op == "ptr_move" else "false"
            return c_call("spy_ptr_copy", [a[0], "0", a[1], "0", a[2], size, move])
        if (op == "ptr_copy_slice" or op == "ptr_move_slice") and n == 5:
            move = "true" if op == "ptr_move_slice" else "false"
            return c_call("spy_ptr_copy", a + [size, move])
        if op == "ptr_setbytes" and n == 3:
            return c_call("spy_ptr_setbytes", [a[0], "0", a[1], a[2], size])
        if op == "ptr_setbytes_slice" and n == 4:
            return c_call("spy_ptr_setbytes", a + [size])
        if op == "ptr_cmp" and n == 3:
            return c_call("spy_ptr_cmp", [a[0], "0", a[1], "0", a[2], size])
        if op == "ptr_cmp_slice" and n == 5:
            return c_call("spy_ptr_cmp", a + [size])
        raise self.error(e, "`" + fqn + "` with " + str(n) + " arguments")

    def emit_int_op(
        self, e: ast.Expr, fqn: str, tname: str, op: str, a: list[str]
    ) -> str:
        ct = C_TYPES[tname]
        if is_located_op(op):
            return self.located("spy_" + tname + "_" + op, a)
        if op in INT_HELPERS:
            return c_call("spy_" + tname + "_" + INT_HELPERS[op], a)
        # & | ^ ~ of in-range values give in-range values: the casts are exact
        if op in BIT_OPS and len(a) == 2:
            return "((" + ct + ")(" + a[0] + " " + BIT_OPS[op] + " " + a[1] + "))"
        if op == "invert" and len(a) == 1:
            return "((" + ct + ")~" + a[0] + ")"
        if op == "abs" and len(a) == 1:
            if tname in UNSIGNED_TYPES:
                return a[0]
            pre: list[str] = []
            x = self.reuse(a[0], ct, pre)
            neg = "spy_" + tname + "_neg(" + x + ")"
            return with_pre(pre, "(" + x + " < 0 ? " + neg + " : " + x + ")")
        if op == "chr" and len(a) == 1:
            return "spy_str_chr((int32_t)" + a[0] + ")"
        raise self.error(e, "the builtin `" + fqn + "`")

    def emit_conversion(self, e: ast.Expr, src: str, dst: str, a: str) -> str:
        """`operator::<src>_to_<dst>`."""
        if src == dst:
            return a
        if dst == "str":
            if src in UNSIGNED_TYPES:
                return "spy_str_from_u64((uint64_t)" + a + ")"
            if src in INT_TYPES:
                return "spy_str_from_i64((int64_t)" + a + ")"
            if src == "f64" or src == "bool":
                return "spy_str_from_" + src + "(" + strip_parens(a) + ")"
        elif src == "str":
            if dst == "i64" or dst == "f64":
                return "spy_str_to_" + dst + "(" + strip_parens(a) + ")"
        elif src == "f64" and dst in INT_TYPES:
            return "spy_f64_to_" + dst + "(" + strip_parens(a) + ")"
        elif dst == "bool":
            return "(" + a + " != 0)"
        elif dst in INT_TYPES and (src in INT_TYPES or src == "bool"):
            return int_cast(src, dst, a)
        elif dst == "f64":
            return "((double)" + a + ")"
        raise self.error(e, "the conversion `" + src + "_to_" + dst + "`")

    def reuse(self, c: str, ctype: str, pre: list[str]) -> str:
        """An operand used twice: a name as is, else through a temp."""
        if c.isidentifier():
            return c
        t = self.new_temp(ctype)
        pre.append(t + " = " + strip_parens(c))
        return t

    def emit_expr_Compare(self, e: ast.Compare) -> str:
        """`a < b < c` -> `(t1 = b, a < t1 && t1 < c)`, short-circuiting.

        Each operand is evaluated once, in order, just before the first
        comparison that uses it; middle operands go to temporaries.
        """
        operands = [e.left] + e.comparators
        allocs: list[bool] = []
        ctypes: list[str] = []
        for x in operands:
            allocs.append(allocates(x, self.funcs))
            ctypes.append(c_type(x.w_T))
        pending = pending_refs(allocs, ctypes, -1)
        cs: list[str] = []
        pres: list[str] = []
        last = len(operands) - 1
        for k in range(len(operands)):
            x = operands[k]
            c = self.emit_expr(x)
            pre = ""
            middle = 0 < k < last
            simple = is_literal(x) or isinstance(x, ast.Name)
            if not simple and (middle or scan(x, self.funcs) != 0 or pending[k]):
                t = self.new_temp(c_type(x.w_T))
                pre = t + " = " + strip_parens(c)
                c = t
            cs.append(c)
            pres.append(pre)
        result = ""
        k = len(e.ops) - 1
        while k >= 0:
            part = self.emit_call_c(e, e.ops[k], [cs[k], cs[k + 1]])
            if result != "":
                part = part + " && " + result
            before: list[str] = []
            if k == 0 and pres[0] != "":
                before.append(pres[0])
            if pres[k + 1] != "":
                before.append(pres[k + 1])
            if len(before) > 0:
                part = "(" + ", ".join(before) + ", " + part + ")"
            result = part
            k -= 1
        return "(" + strip_parens(result) + ")"


# ---------------------------------------------------------------- helpers


def strip_parens(c: str) -> str:
    """`(a + b)` -> `a + b`, for statement and argument positions.

    Keeps the parentheses of a comma expression (`(t1 = f(), g(t1))`) and
    of anything that is not wrapped as a whole (`(int8_t)x`).
    """
    if not (c.startswith("(") and c.endswith(")")):
        return c
    depth = 0
    i = 0
    n = len(c)
    while i < n:
        ch = c[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0 and i != n - 1:
                return c
        elif ch == "," and depth == 1:
            return c
        i += 1
    return c[1 : n - 1]


def basename(path: str) -> str:
    i = max(path.rfind("/"), path.rfind("\\"))
    return path[i + 1 :]


def int_width(tname: str) -> int:
    return int(tname[1:])


def int_cast(src: str, dst: str, a: str) -> str:
    """Integer conversion keeping the low bits, as SPy's `i8(x)` does.

    A plain C cast when every `src` value fits `dst` or `dst` is unsigned;
    else spy.h's `spy_<dst>_wrap`, since C leaves that cast to the compiler.
    """
    ct = C_TYPES[dst]
    if src == "bool" or dst in UNSIGNED_TYPES:
        return "((" + ct + ")" + a + ")"
    if src in UNSIGNED_TYPES and int_width(src) < int_width(dst):
        return "((" + ct + ")" + a + ")"
    if src not in UNSIGNED_TYPES and int_width(src) <= int_width(dst):
        return "((" + ct + ")" + a + ")"
    wide = "uint64_t" if dst == "i64" else "uint32_t"
    return "spy_" + dst + "_wrap((" + wide + ")" + a + ")"


def dispatch_call(f: ast.TypedFunc, args: list[str], ret: str) -> list[str]:
    """The lines of a dispatcher's `case` that calls `f`."""
    call = func_cname(f) + "(" + ", ".join(args) + ")"
    if ret == "void":
        return ["        " + call + ";", "        return;"]
    return ["        return " + call + ";"]


def c_call(name: str, cargs: list[str]) -> str:
    args: list[str] = []
    for c in cargs:
        args.append(strip_parens(c))
    return name + "(" + ", ".join(args) + ")"


def with_pre(pre: list[str], expr: str) -> str:
    if len(pre) == 0:
        return expr
    return "(" + ", ".join(pre) + ", " + strip_parens(expr) + ")"


def is_literal(e: ast.Expr) -> bool:
    return (
        isinstance(e, ast.Int)
        or isinstance(e, ast.Float)
        or isinstance(e, ast.Bool)
        or isinstance(e, ast.Str)
    )


def switch_operands(test: ast.Expr) -> list[ast.Expr]:
    """[x, k] when `test` is `operator::<T>_eq(x, k)` (or `(k, x)`) of a
    local x of the integer type T and an integer literal k; else []."""
    if not isinstance(test, ast.Call) or len(test.args) != 2:
        return []
    fqn = call_fqn(test)
    if not in_namespace(fqn, OPERATOR):
        return []
    parts = split_op(fqn)
    if parts[0] not in INT_TYPES or parts[1] != "eq":
        return []
    x = test.args[0]
    k = test.args[1]
    if isinstance(x, ast.Int):
        x = test.args[1]
        k = test.args[0]
    if isinstance(x, ast.Name) and isinstance(k, ast.Int):
        if type_name(x.w_T) == parts[0]:
            return [x, k]
    return []


def switch_chain(s: ast.If) -> list[ast.If]:
    """The links of an if/elif chain that a C switch can dispatch: each
    tests one and the same local against an integer literal
    (switch_operands); the chain stops at the first link that does not,
    which with all that follows is the `else`. [] when fewer than
    SWITCH_MIN links (an if/else-if is as good there)."""
    chain: list[ast.If] = []
    name = ""
    link = s
    while True:
        ops = switch_operands(link.test)
        if len(ops) == 0:
            break
        x = ops[0]
        assert isinstance(x, ast.Name)
        if name != "" and x.id != name:
            break
        name = x.id
        chain.append(link)
        orelse = link.orelse
        if len(orelse) != 1 or not isinstance(orelse[0], ast.If):
            break
        link = orelse[0]
    if len(chain) < SWITCH_MIN:
        return []
    return chain


def split_evenly(funcs: list[list[str]], n: int) -> list[list[str]]:
    """The lines of funcs, in order, cut into n parts of about equal size
    (a function is never cut)."""
    total = 0
    for lines in funcs:
        total = total + len(lines)
    parts: list[list[str]] = []
    for k in range(n):
        parts.append([])
    done = 0
    k = 0
    for lines in funcs:
        while k < n - 1 and done * n >= (k + 1) * total:
            k = k + 1
        parts[k].extend(lines)
        done = done + len(lines)
    return parts


def write_c(
    program: ast.TypedProgram, stem: str, debug: bool, split: int
) -> dict[str, str]:
    """The C files of a program: {filename: text} (CWriter.write_program)."""
    source_name = stem + ".spy"
    for f in program.funcs:
        if f.fqn == program.main_fqn:
            source_name = f.filename
    writer = CWriter(program, debug)
    return writer.write_program(source_name, stem, split)


def cwrite(
    program: ast.TypedProgram, outdir: str, stem: str, debug: bool, split: int
) -> list[str]:
    """Write the C files of a program into outdir; return their paths."""
    files = write_c(program, stem, debug, split)
    os.makedirs(outdir, exist_ok=True)
    paths: list[str] = []
    for name in files:
        path = os.path.join(outdir, name)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(files[name])
        paths.append(path)
    return paths
