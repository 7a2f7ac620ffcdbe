"""SPARQL over the built graph: run queries locally or on an endpoint (:mod:`kg.sparql.run`), named
queries (:mod:`kg.sparql.queries`), values for parameters, serving the store (:mod:`kg.sparql.serve`,
:mod:`kg.sparql.endpoint`) and pushing it to another store (:mod:`kg.sparql.push`)."""
from kg.sparql.run import Result, format_result, open_source, run_query

__all__ = ["Result", "run_query", "open_source", "format_result"]
