"""stage0 and selfhost are twins: every stage0 module has its selfhost file,
and every top-level function, class and method of one exists in the other,
except the intended differences listed below, each with its reason. The test
fails when one side gains or loses a name, and when a listed difference no
longer matches anything (so the list cannot rot). Names are read with
Python's `ast` for stage0 and with stage0's own parser for selfhost."""

import ast as pyast
import fnmatch
from pathlib import Path

import harness
from stage0 import ast
from stage0.parser import parse_module

STAGE0 = harness.ROOT / "stage0"
SELFHOST = harness.ROOT / "selfhost"

# stage0 files whose twin is not the file of the same name
TWIN_FILES = {
    "cli.py": "main.spy",
    "__main__.py": "main.spy",
}
# stage0 files with no twin: the Python package plumbing
NO_TWIN = ["__init__.py", "vm/__init__.py"]
# selfhost folders with no twin: the interpreter, a phase of selfhost alone
SELFHOST_ONLY = ["interp/"]
# selfhost files of L2 (docs/language.md section 14), which stage0 does not
# compile: keyword arguments, formatting, the builtins of L2, exceptions
SELFHOST_ONLY += ["fields.spy", "vm/keywords.spy", "vm/formatting.spy"]
SELFHOST_ONLY += ["vm/l2builtins.spy", "vm/lambdas.spy", "vm/exceptions.spy"]
# the Python extension target (`--target pyext`), selfhost's alone
SELFHOST_ONLY += ["pyext.spy"]

# (selfhost file, side holding the names, name patterns, reason)
INTENDED: list[tuple[str, str, str, str]] = [
    # the lexer and the parser are written differently on purpose
    ("lexer.spy", "stage0", "*", "rply's lexer generator; selfhost scans by hand"),
    ("lexer.spy", "selfhost", "*", "the hand-written scanner that replaces rply"),
    ("parser.spy", "stage0", "*", "rply productions (p_*) and their helpers"),
    ("parser.spy", "selfhost", "*", "recursive descent that replaces rply"),
    # Python's exceptions: selfhost exits with the error's text instead
    ("errors.spy", "stage0", "SPyError* format_error", "an exception, then its text"),
    ("errors.spy", "selfhost", "error_text", "SPyError's text, for SystemExit"),
    ("main.spy", "stage0", "UsageError", "an exception; selfhost returns None"),
    ("main.spy", "selfhost", "usage_error", "UsageError without exceptions"),
    # Python builtins and library functions that L1 does not have
    ("errors.spy", "stage0", "Loc.__repr__", "only Python's debugging needs it"),
    ("errors.spy", "selfhost", "source_lines", "str.splitlines(keepends=True)"),
    ("cnames.spy", "selfhost", "is_identifier utf8_bytes", "str methods"),
    ("main.spy", "selfhost", "make_build_dir remove_build_dir", "tempfile"),
    ("main.spy", "selfhost", "color_before", "sorted(key=...)"),
    # targets beyond native are selfhost's: stage0 builds only native code
    ("build.spy", "selfhost", "wasi_home", "the WASI runtime of `make wasi`"),
    ("build.spy", "selfhost", "build_extension", "`--target pyext` (pyext.spy)"),
    ("main.spy", "selfhost", "build_pyext", "`--target pyext` (pyext.spy)"),
    ("vm/model.spy", "selfhost", "BigInt* mag_* big_* negate_limbs trim", "int"),
    ("vm/model.spy", "selfhost", "W_Literal* exact_literal_val", "exact int"),
    ("vm/ops.spy", "selfhost", "isnan isinf isfinite", "the math module"),
    ("vm/ops.spy", "selfhost", "c_pow pow_low64 int_truediv in_range", "int ops"),
    ("vm/ops.spy", "selfhost", "int_value literal_*", "W_Int or exact literal"),
    # checked integers and the wrapping_* builtins are L2: stage0 folds
    # L1's arithmetic by wrapping it
    ("vm/ops.spy", "selfhost", "checked_int wrapping_base", "L2"),
    ("vm/builtins.spy", "selfhost", "float_text_ok parse_int_text", "float(), int()"),
    ("vm/builtins.spy", "selfhost", "scan_digits is_digit is_py_space", "int()"),
    ("vm/builtins.spy", "selfhost", "py_strip slice_* range_len", "str, range"),
    ("vm/builtins.spy", "selfhost", "c_exp math_error", "the math module"),
    ("vm/builtins.spy", "stage0", "c_floor_ceil", "selfhost calls libm directly"),
    ("vm/objects.spy", "selfhost", "field_type", "dict.get with a default"),
    ("scope.spy", "selfhost", "def_key", "AST nodes as dict keys"),
    # module-level objects of stage0 are built by a function at startup
    ("vm/wtypes.spy", "selfhost", "init_types", "stage0 builds them at import"),
    ("vm/model.spy", "selfhost", "init_model", "stage0 builds them at import"),
    ("vm/ops.spy", "selfhost", "init_ops", "stage0 builds them at import"),
    # module-level sets and dicts of stage0 are tuples read by a function
    ("cnames.spy", "selfhost", "c_types_get mangle_escape is_int_type", "lookups"),
    ("cnames.spy", "selfhost", "is_unsigned is_value_kind", "lookups"),
    (
        "canalysis.spy",
        "selfhost",
        "is_panic_op is_str_safe is_unsafe_pure is_overflow_op",
        "lookups",
    ),
    ("cwriter.spy", "selfhost", "arith_op bit_op cmp_op int_helper", "lookups"),
    ("cwriter.spy", "selfhost", "is_f64_helper", "lookups"),
    ("vm/objects.spy", "selfhost", "*_method_name reflected_op", "lookups"),
    ("vm/typedefs.spy", "selfhost", "special_name", "lookups"),
    ("vm/builtins.spy", "selfhost", "is_unsafe_func", "lookups"),
    ("importer.spy", "selfhost", "is_vm_module", "lookups"),
    ("vm/vm.spy", "selfhost", "is_implicit_module", "lookups"),
    ("unparse.spy", "selfhost", "binop_prec int_is_unsigned", "lookups"),
    ("build.spy", "selfhost", "is_opt_level", "lookups"),
    ("main.spy", "selfhost", "is_command", "lookups"),
    # L2 (docs/language.md section 14) is selfhost's alone: stage0 compiles L1
    (
        "ast.spy",
        "selfhost",
        "FString* FormattedValue* has_call Comp Comp.* Comprehension* "
        "Delete Delete.* Lambda Lambda.* Set Set.* ExceptHandler* Try Try.* "
        "Bytes Bytes.* "
        "With With.* WithItem* contains_try",
        "L2",
    ),
    ("errors.spy", "selfhost", "ErrorContext* set_error_context loc_text report", "L2"),
    # L2 diagnostics: scope and flow report every error, not just the first
    ("errors.spy", "selfhost", "ErrorLog ErrorLog.*", "L2"),
    # the key of the build cache: FNV-1a by hand in selfhost, hashlib in stage0
    ("build.spy", "selfhost", "mix mix_text", "FNV-1a over the command's text"),
    ("build.spy", "stage0", "file_digest", "hashlib; selfhost has os.file_hash"),
    (
        "scope.spy",
        "selfhost",
        "ScopeAnalyzer.declare_import",
        "L2: also after an error",
    ),
    (
        "cwriter.spy",
        "selfhost",
        "TryExit* CWriter.*_tries CWriter.*_Try CWriter.local_decl",
        "L2",
    ),
    ("flow.spy", "selfhost", "FlowChecker.read_comp FlowChecker.flow_stmt_Try", "L2"),
    (
        "redshift.spy",
        "selfhost",
        "breaks_loop holds_runtime_values CompSink* RedFrame.comp_* "
        "RedFrame.eval_expr_Comp RedFrame.shift_loop "
        "RedFrame.shift_stmt_any error_context_of "
        "RedFrame.shift_stmt_Delete RedFrame.shift_stmt_Try RedFrame.shift_stmt_With RedFrame.exit_call "
        "RedFrame.shift_try_except RedFrame.shift_handler RedFrame.handler_test "
        "RedFrame.caught_local RedFrame.fetch_caught RedFrame.reraise_call "
        "RedFrame.raises_builtin RedFrame.panic_stmt class_name",
        "L2",
    ),
    ("scope.spy", "selfhost", "*.visit_comp *.declare_comp_target", "L2"),
    (
        "unparse.spy",
        "selfhost",
        "fstring_* comp_text loop_else_lines lambda_text stmt_lines_Try",
        "L2",
    ),
    (
        "vm/frame.spy",
        "selfhost",
        "Frame.eval_keywords Frame.eval_expr_FString Frame.eval_expr_Bytes "
        "Frame.eval_expr_Comp Frame.eval_expr_Set "
        "Frame.eval_expr_Lambda Frame.exec_stmt_Delete Frame.eval_type_arg "
        "Frame.exec_unpack",
        "L2",
    ),
    (
        "vm/objects.spy",
        "selfhost",
        "tuple_order tuple_items_order tuple_contains check_read_twice",
        "L2",
    ),
    ("vm/typedefs.spy", "selfhost", "infer_type_args unify", "L2"),
    (
        "vm/vm.spy",
        "selfhost",
        "SpyVM.stdlib_module SpyVM.load_module SpyVM.make_collection "
        "SpyVM.container_type",
        "L2",
    ),
    (
        "vm/vmbase.spy",
        "selfhost",
        "CallSite* VM.note_call VM.stdlib_module VM.make_collection VM.container_type",
        "L2",
    ),
    # what only one side needs
    ("vm/wtypes.spy", "stage0", "cast", "SPy's builtin cast, written for mypy"),
    ("vm/model.spy", "stage0", "Val.blue_value", "w_value narrowed for mypy"),
    ("cnames.spy", "stage0", "unmangle_fqn", "tests check the scheme reverses"),
    ("main.spy", "stage0", "repo_root", "stage0 reads stdlib/ from its checkout"),
    ("main.spy", "selfhost", "interpret passes_args", "the interpreter's commands"),
]


def stage0_names(path: Path) -> set[str]:
    names: set[str] = set()
    for node in pyast.parse(path.read_text()).body:
        if isinstance(node, (pyast.FunctionDef, pyast.ClassDef)):
            names.add(node.name)
        if isinstance(node, pyast.ClassDef):
            for item in node.body:
                if isinstance(item, pyast.FunctionDef):
                    names.add(node.name + "." + item.name)
    return names


def selfhost_names(path: Path) -> set[str]:
    names: set[str] = set()
    for node in parse_module(path.read_text(), str(path)).body:
        if isinstance(node, (ast.FuncDef, ast.ClassDef)):
            names.add(node.name)
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FuncDef):
                    names.add(node.name + "." + item.name)
    return names


def twin_pairs() -> dict[str, list[Path]]:
    """selfhost file (relative) -> the stage0 files it mirrors."""
    pairs: dict[str, list[Path]] = {}
    for path in sorted(STAGE0.rglob("*.py")):
        rel = path.relative_to(STAGE0).as_posix()
        if rel in NO_TWIN:
            continue
        twin = TWIN_FILES.get(rel, rel[: -len(".py")] + ".spy")
        pairs.setdefault(twin, []).append(path)
    return pairs


def is_intended(twin: str, side: str, name: str, used: set[str]) -> bool:
    for file, s, patterns, _ in INTENDED:
        if file != twin or s != side:
            continue
        for pattern in patterns.split():
            if fnmatch.fnmatchcase(name, pattern):
                used.add("%s %s %s" % (file, side, pattern))
                return True
    return False


def test_every_file_has_its_twin() -> None:
    pairs = twin_pairs()
    selfhost = {
        rel
        for rel in (p.relative_to(SELFHOST).as_posix() for p in SELFHOST.rglob("*.spy"))
        if not any(rel.startswith(folder) for folder in SELFHOST_ONLY)
    }
    assert sorted(set(pairs) - selfhost) == [], "stage0 files with no selfhost twin"
    assert sorted(selfhost - set(pairs)) == [], "selfhost files with no stage0 twin"


def test_every_name_has_its_twin() -> None:
    problems: list[str] = []
    used: set[str] = set()
    for twin, stage0_files in sorted(twin_pairs().items()):
        path = SELFHOST / twin
        if not path.exists():
            continue
        mine: set[str] = set()
        for f in stage0_files:
            mine |= stage0_names(f)
        theirs = selfhost_names(path)
        for side, names in (("stage0", mine - theirs), ("selfhost", theirs - mine)):
            for name in sorted(names):
                if not is_intended(twin, side, name, used):
                    problems.append("%s: %s only in %s" % (twin, name, side))
    listed = [
        "%s %s %s" % (file, side, pattern)
        for file, side, patterns, _ in INTENDED
        for pattern in patterns.split()
    ]
    unused = [entry for entry in listed if entry not in used]
    assert problems == [], "\n".join(problems)
    assert unused == [], "intended differences that match nothing"
