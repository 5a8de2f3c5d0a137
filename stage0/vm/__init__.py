"""The vm: boxed objects, types, and the evaluator of blue code."""
