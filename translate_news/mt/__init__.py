"""Machine translation: Argos packages (install, find, read), the CTranslate2 engine, splitting of
over-long sentences, and glossary enforcement over the n-best list.
"""

from translate_news.mt.enforce import Translation, describe_translation, translate_enforced
from translate_news.mt.engine import Engine, EngineOptions, Hypothesis, SourceBudget
from translate_news.mt.packages import (
    install_archive,
    install_from_index,
    installed_models,
    read_package,
    resolve_model,
)

__all__ = [
    "Engine",
    "EngineOptions",
    "Hypothesis",
    "SourceBudget",
    "Translation",
    "describe_translation",
    "install_archive",
    "install_from_index",
    "installed_models",
    "read_package",
    "resolve_model",
    "translate_enforced",
]
