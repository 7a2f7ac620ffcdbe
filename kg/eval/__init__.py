"""Measuring extraction against gold annotations: read gold folders (:mod:`kg.eval.gold`) and score a
graph against them (:mod:`kg.eval.score`)."""
from kg.eval.score import evaluate, summary_lines

__all__ = ["evaluate", "summary_lines"]
