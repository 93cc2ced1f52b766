"""Every stage's extractor, registered in one place (dependency order)."""

import importlib
import importlib.util

from pipeline.registry import Registry

REGISTRY = Registry()
register = REGISTRY.register

# Importing a module registers its extractor; the order is the dependency order.
STAGE_MODULES = ("documents", "pages", "sections", "sentences", "pledges", "claims", "entities")

for _module in STAGE_MODULES:
    if importlib.util.find_spec(f"{__name__}.{_module}") is not None:  # TODO(integration): plain imports
        importlib.import_module(f"{__name__}.{_module}")

__all__ = ["REGISTRY", "register"]
