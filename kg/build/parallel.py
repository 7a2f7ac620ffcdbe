"""Run the per-article extraction on many cores, or on a Dask cluster.

:func:`extract_stream` turns a stream of articles (and unreadable-article
errors) into a stream of extractions **in the same order**, whatever the
engine, so a build with 8 workers writes exactly the triples of a build with
one.  Work goes out in small chunks and at most a few chunks per worker are
in flight, so memory stays bounded however long the corpus is.  Articles
found in an :class:`~kg.build.cache.ExtractionCache` are not sent at all.

Engines (:func:`make_runner`):

* ``local`` with ``workers=1``: in this process;
* ``local`` with ``workers=N``: a :class:`concurrent.futures.ProcessPoolExecutor`;
* ``dask``: ``Client(scheduler).submit`` on a running Dask cluster (workers
  need only the ``kg`` package installed; articles travel with the tasks).

>>> from kg.model import Article
>>> arts = [Article.from_text(f"a{i}", "常州高新区青枫智谷园区位于常州高新区。") for i in range(3)]
>>> with make_runner() as runner:
...     [ex.article.id for ex in extract_stream(arts, runner)]
['a0', 'a1', 'a2']
"""
from __future__ import annotations

from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterable, Iterator

from kg.build.cache import ExtractionCache
from kg.errors import ArticleError, InputError, KgError
from kg.extract.article import extract_article, extract_articles
from kg.model import Article, ArticleExtraction

ENGINES = ("local", "dask")
CHUNK = 8            # articles per task
IN_FLIGHT = 3        # tasks in flight per worker


class ClusterError(KgError):
    """The Dask engine is unavailable, or its scheduler cannot be reached."""


def extract_chunk(articles: list[Article]) -> list[ArticleExtraction | tuple[str, str]]:
    """Extract a list of articles (the task a worker runs).

    A failure is returned as ``(path, reason)`` rather than an ArticleError,
    which does not survive pickling.
    """
    try:
        return list(extract_articles(articles))
    except Exception:  # noqa: BLE001 — find the article at fault; the others go on
        pass
    results: list[ArticleExtraction | tuple[str, str]] = []
    for article in articles:
        try:
            results.append(extract_article(article))
        except RecursionError:
            results.append((article.path or article.id, "too deeply nested to extract"))
        except Exception as err:  # noqa: BLE001 — a bad article is reported and skipped, never the build
            results.append((article.path or article.id, f"extraction failed ({type(err).__name__}: {err})"))
    return results


class _Done:
    """A finished result with the interface of a future."""

    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


class Runner:
    """Runs :func:`extract_chunk` tasks; a context manager that frees its workers on exit."""

    workers = 1

    def submit(self, chunk: list[Article]):
        return _Done(extract_chunk(chunk))

    def close(self) -> None:
        pass

    def __enter__(self) -> "Runner":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class PoolRunner(Runner):
    """A process pool of ``workers`` processes on this machine."""

    def __init__(self, workers: int):
        self.workers = workers
        self.pool = ProcessPoolExecutor(max_workers=workers)

    def submit(self, chunk):
        return self.pool.submit(extract_chunk, chunk)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskRunner(Runner):
    """Tasks on a Dask cluster reached at ``scheduler`` (``tcp://host:8786``)."""

    def __init__(self, scheduler: str, timeout: float = 10.0):
        try:
            from distributed import Client
        except ImportError:
            raise ClusterError("the dask engine needs dask.distributed: pip install 'kg[cluster]'") from None
        try:
            self.client = Client(scheduler, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        self.workers = max(1, sum(self.client.nthreads().values()))

    def submit(self, chunk):
        return self.client.submit(extract_chunk, chunk, pure=False)

    def close(self) -> None:
        self.client.close()


def make_runner(workers: int = 1, engine: str = "local", scheduler: str | None = None) -> Runner:
    """The runner for a build's settings; raise InputError for impossible ones.

    >>> make_runner(0)
    Traceback (most recent call last):
    ...
    kg.errors.InputError: --workers must be at least 1 (got 0)
    """
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if engine == "dask":
        if not scheduler:
            raise InputError("the dask engine needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
        return DaskRunner(scheduler)
    if scheduler:
        raise InputError("--scheduler is only used with --engine dask")
    if workers < 1:
        raise InputError(f"--workers must be at least 1 (got {workers})")
    return Runner() if workers == 1 else PoolRunner(workers)


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _resolve(slots: list, todo: list[int], future, cache: ExtractionCache | None) -> list:
    try:
        results = future.result()
    except BrokenProcessPool:
        raise KgError("an extraction worker process died (out of memory?); rerun with fewer --workers") from None
    for i, result in zip(todo, results):
        if isinstance(result, tuple):
            result = ArticleError(*result)
        elif cache is not None:
            cache.put(result)
        slots[i] = result
    return slots


def extract_stream(items: Iterable[Article | ArticleError], runner: Runner,
                   cache: ExtractionCache | None = None, chunk: int = CHUNK,
                   on_result: Callable[[ArticleExtraction | ArticleError], None] | None = None,
                   ) -> Iterator[ArticleExtraction | ArticleError]:
    """Extractions (or ArticleErrors) of ``items``, in order; cached ones are not recomputed."""
    pending: deque = deque()
    limit = max(1, runner.workers * IN_FLIGHT)

    def drain(keep: int) -> Iterator:
        while len(pending) > keep:
            slots, todo, future = pending.popleft()
            for result in (_resolve(slots, todo, future, cache) if future else slots):
                if on_result:
                    on_result(result)
                yield result

    for group in _chunks(items, chunk):
        slots, todo = [], []
        for item in group:
            cached = cache.get(item) if cache is not None and isinstance(item, Article) else None
            if isinstance(item, Article) and cached is None:
                todo.append(len(slots))
            slots.append(cached or item)
        future = runner.submit([group[i] for i in todo]) if todo else None
        pending.append((slots, todo, future))
        yield from drain(limit)
    yield from drain(0)
