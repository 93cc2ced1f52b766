"""Stages that misbehave on a marker, for the bounded-work tests (module level, so
worker processes can import them)."""

from __future__ import annotations

import dataclasses
import signal
import time

from manifesto.extractors import REGISTRY
from manifesto.pipeline.registry import Registry


def hang_on_marker(doc, ctx):
    """Loops forever in Python on a document holding HANG-ME."""
    while "HANG-ME" in ctx.document.text:
        time.sleep(0.05)
    yield from REGISTRY["sentences"].extract(doc, ctx)


def eat_memory_on_marker(doc, ctx):
    """Allocates without bound on a document holding EAT-ME."""
    if "EAT-ME" in ctx.document.text:
        hoard = []
        while True:
            hoard.append(bytearray(256 * 1024 * 1024))
    yield from REGISTRY["sentences"].extract(doc, ctx)


def stuck_on_marker(doc, ctx):
    """On a document holding STUCK-ME, blocks as native code would: the worker's alarm
    (SIGALRM) is blocked, so only the main process's deadline can end it."""
    if "STUCK-ME" in ctx.document.text:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        while True:
            time.sleep(1)
    yield from ()


def registry_without_parse(stage_fn) -> Registry:
    """documents, and `stage_fn` as a sentences stage that needs no parse (workers start
    in seconds: no model to load)."""
    registry = Registry()
    registry.register(REGISTRY["documents"].spec)(REGISTRY["documents"].extract)
    spec = dataclasses.replace(REGISTRY["sentences"].spec, version="test", requires=("documents",), components=(),
                               needs_parse=False, setup=None)
    registry.register(spec)(stage_fn)
    return registry


def registry_with(stage_fn) -> Registry:
    """documents, sections, and `stage_fn` as the sentences stage."""
    registry = Registry()
    for stage in ("documents", "sections"):
        registry.register(REGISTRY[stage].spec)(REGISTRY[stage].extract)
    registry.register(dataclasses.replace(REGISTRY["sentences"].spec, version="test"))(stage_fn)
    return registry
