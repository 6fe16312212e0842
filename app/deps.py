"""FastAPI dependencies: settings and a lazily created, self-healing Neo4j driver.

Handlers declare ``driver: DriverDep`` / ``settings: SettingsDep`` and read like signatures.
The driver is created on first use, not at import or start-up, so the API starts even while
Neo4j is down; after a connection failure it is dropped and rebuilt on the next request, so
the API recovers when Neo4j comes back without a restart.
"""

from __future__ import annotations

import contextlib
import threading
from typing import Annotated

import neo4j
from fastapi import Depends, Request

from graph.db import create_driver
from graph.settings import Settings

__all__ = ["DriverDep", "DriverProvider", "SettingsDep", "get_driver", "get_provider", "get_settings_dep"]


class DriverProvider:
    """Owns the app's one driver; thread-safe lazy creation and reset."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._driver: neo4j.Driver | None = None
        self._lock = threading.Lock()

    def get(self) -> neo4j.Driver:
        with self._lock:
            if self._driver is None:
                self._driver = create_driver(self.settings)
            return self._driver

    def reset(self) -> None:
        """Forget the driver after a connection failure; the next get() builds a fresh one."""
        with self._lock:
            driver, self._driver = self._driver, None
        if driver is not None:
            # Closing a driver whose server vanished may fail; it is dropped either way.
            with contextlib.suppress(Exception):
                driver.close()

    close = reset


def get_provider(request: Request) -> DriverProvider:
    return request.app.state.driver_provider


def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


def get_driver(provider: Annotated[DriverProvider, Depends(get_provider)]) -> neo4j.Driver:
    return provider.get()


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
ProviderDep = Annotated[DriverProvider, Depends(get_provider)]
DriverDep = Annotated[neo4j.Driver, Depends(get_driver)]
