"""Every stage's extractor, registered in one place (dependency order)."""

from manifesto.pipeline.registry import Registry

REGISTRY = Registry()
register = REGISTRY.register

# Importing a module registers its extractor(s); the order is the dependency order.
from . import documents, pages, sections, sentences, pledges, claims, entities  # noqa: E402,F401

__all__ = ["REGISTRY", "register"]
