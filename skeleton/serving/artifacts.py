"""Finds the model to serve (MODEL_DIR or the registry's champion) and reloads it when the
champion changes, swapping it in atomically so requests in flight finish on the old one.

A champion stored in object storage (an s3:// artifact URI) is downloaded once per version into
MODEL_CACHE_DIR (common/storage.py) and loaded from there."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from common import settings, storage
from common.drift import load_reference
from common.registry import Registry, open_registry

log = logging.getLogger("serving.artifacts")

T = TypeVar("T")


@dataclass(frozen=True)
class Loaded(Generic[T]):
    value: T
    version: str
    reference: dict[str, Any] | None


class ModelSourceError(RuntimeError):
    pass


def locate(model_dir: Path | None, registry: Registry | None) -> tuple[Path, str] | None:
    """(directory, version) of the model to serve, or None while there is no champion yet."""
    if model_dir is not None:
        meta = model_dir / "model.json"
        if not meta.exists():
            raise ModelSourceError(f"MODEL_DIR {model_dir} holds no model.json")
        return model_dir, f"dir:{model_dir.name}"
    registry = registry or open_registry()
    champion = registry.get_champion()
    if champion is None:
        return None
    try:
        path = storage.local_dir(champion.artifact_uri, settings.MODEL_CACHE_DIR)
    except storage.UnsupportedArtifactURI as error:
        raise ModelSourceError(
            f"champion {champion.version} is stored at {champion.artifact_uri}, which this service cannot read; mount it "
            "(e.g. a KServe storage initializer or an init container) and set MODEL_DIR"
        ) from error
    return path, champion.version


class ArtifactHolder(Generic[T]):
    """Holds what `loader` made of the current model directory, and keeps it current."""

    def __init__(
        self,
        loader: Callable[[Path], T],
        model_dir: Path | None,
        registry: Registry | None = None,
        on_change: Callable[[Loaded[T]], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        self.loader = loader
        self.model_dir = model_dir
        self.registry = registry
        self.current: Loaded[T] | None = None
        self.on_change = on_change
        self.on_error = on_error
        self._lock = asyncio.Lock()

    def load_now(self) -> bool:
        """Loads (synchronously) if the model changed; True when a new model was swapped in."""
        found = locate(self.model_dir, self.registry)
        if found is None or (self.current is not None and self.current.version == found[1]):
            return False
        path, version = found
        reference_file = path / "reference.json"
        loaded = Loaded(self.loader(path), version, load_reference(reference_file) if reference_file.exists() else None)
        self.current = loaded  # one reference assignment: atomic for readers
        log.info("serving model version %s from %s", version, path)
        if self.on_change:
            self.on_change(loaded)
        return True

    async def refresh(self) -> bool:
        async with self._lock:
            try:
                return await asyncio.to_thread(self.load_now)
            except Exception as error:  # keep serving the model we have
                log.exception("could not load the model: %s", error)
                if self.on_error:
                    self.on_error(error)
                return False

    async def watch(self, interval: float) -> None:
        while True:
            await asyncio.sleep(interval)
            await self.refresh()
