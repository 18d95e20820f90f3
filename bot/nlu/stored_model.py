"""A Rasa graph component that holds one fitted scikit-learn model, stored with skops in its model storage.

Shared by the sub-question classifier and the escalation scorer: the same config, storage and loading steps.
"""
from __future__ import annotations

import logging
from typing import Any, ClassVar

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.training_data import TrainingData
from typing_extensions import Self

logger = logging.getLogger(__name__)


class StoredModelComponent(GraphComponent):
    """Keeps `self.model` (None until trained) in `MODEL_FILE` of its resource."""

    MODEL_FILE: ClassVar[str] = "model.skops"

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource) -> None:
        self.config = {**self.get_default_config(), **config}
        self.model: Any = None
        self._model_storage = model_storage
        self._resource = resource

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> Self:
        return cls(config, model_storage, resource)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def persist(self) -> None:
        import skops.io as sio

        with self._model_storage.write_to(self._resource) as model_dir:
            sio.dump(self.model, model_dir / self.MODEL_FILE)

    def loaded(self) -> None:
        """Called once a stored model is loaded (a subclass lays out its weights)."""

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> Self:
        import skops.io as sio

        component = cls(config, model_storage, resource)
        try:
            with model_storage.read_from(resource) as model_dir:
                path = model_dir / cls.MODEL_FILE
                # Written by the component at training: the types are scikit-learn's and numpy's own.
                component.model = sio.load(path, trusted=sio.get_untrusted_types(file=path))
                component.loaded()
        except (ValueError, FileNotFoundError):
            logger.debug("no trained %s in this model", cls.__name__)
        return component
