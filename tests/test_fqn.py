"""Unit tests of stage0/fqn.py: building and taking apart fully qualified
names."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from stage0.fqn import (  # noqa: E402
    BUILTINS,
    DICT_FQN,
    LIST_FQN,
    OPERATOR,
    SPY,
    UNSAFE,
    fqn_member,
    fqn_module,
    fqn_parts,
    generic_fqn,
    in_namespace,
    is_generic_of,
    make_fqn,
    member_owner,
    numbered_fqn,
    split_fqn,
    without_args,
)


def test_make() -> None:
    assert make_fqn("prog", "main") == "prog::main"
    assert make_fqn("prog::Point", "__make__") == "prog::Point::__make__"
    assert make_fqn(BUILTINS, "print") == "builtins::print"
    assert make_fqn(OPERATOR, "i32_add") == "operator::i32_add"
    assert make_fqn(UNSAFE, "gc_alloc") == "unsafe::gc_alloc"
    assert make_fqn(SPY, "COLOR") == "__spy__::COLOR"
    assert make_fqn("vm.ops", "apply") == "vm.ops::apply"


def test_generic_and_numbered() -> None:
    assert generic_fqn("prog::Box", "i32") == "prog::Box[i32]"
    assert generic_fqn(LIST_FQN, "str") == "_list::list[str]"
    assert generic_fqn(DICT_FQN, "str, i32") == "_dict::dict[str, i32]"
    assert generic_fqn(make_fqn(UNSAFE, "gc_alloc"), "i32") == "unsafe::gc_alloc[i32]"
    assert numbered_fqn("prog::f", 2) == "prog::f#2"
    assert make_fqn(numbered_fqn("prog::C", 3), "__new__") == "prog::C#3::__new__"


def test_split() -> None:
    assert split_fqn("prog::main") == ("prog", "main")
    assert split_fqn("prog::Point::__make__") == ("prog", "Point::__make__")
    assert split_fqn("prog::first[m::f]") == ("prog", "first[m::f]")
    assert split_fqn("vm.ops::apply") == ("vm.ops", "apply")
    assert split_fqn("nosep") == ("nosep", "")
    assert fqn_module("_list::list[str]") == "_list"
    assert fqn_member("_list::list[str]") == "list[str]"
    assert fqn_member("operator::f64_to_i32") == "f64_to_i32"
    assert fqn_module(make_fqn("a", "b")) == "a"
    assert fqn_member(make_fqn("a", "b")) == "b"


def test_in_namespace() -> None:
    assert in_namespace("operator::i32_add", OPERATOR)
    assert in_namespace("unsafe::gc_alloc[i32]", UNSAFE)
    assert not in_namespace("operatorx::f", OPERATOR)
    assert not in_namespace("prog::operator", OPERATOR)
    assert not in_namespace("builtins", BUILTINS)


def test_member_owner() -> None:
    assert member_owner("prog::Point::__make__", "__make__") == "prog::Point"
    assert member_owner("builtins::tuple[i32, str]::__make__", "__make__") == (
        "builtins::tuple[i32, str]"
    )
    assert member_owner("prog::Point::__new__", "__make__") == ""
    assert member_owner("prog::x__make__", "__make__") == ""


def test_generic_of() -> None:
    assert is_generic_of("_list::list[str]", LIST_FQN)
    assert is_generic_of("_list::list[_list::list[i32]]", LIST_FQN)
    assert not is_generic_of("_list::list", LIST_FQN)
    assert not is_generic_of("_dict::dict[str, i32]", LIST_FQN)
    assert not is_generic_of("_list::listx[str]", LIST_FQN)


def test_without_args() -> None:
    assert without_args("gc_alloc[i32]") == "gc_alloc"
    assert without_args("ptr_is_null") == "ptr_is_null"
    assert without_args(fqn_member("unsafe::gc_alloc[prog::P]")) == "gc_alloc"


def test_parts() -> None:
    assert fqn_parts("prog::Point::__make__") == ["prog", "Point", "__make__"]
    assert fqn_parts("m::f[a::b]") == ["m", "f[a", "b]"]
    assert fqn_parts("x") == ["x"]
