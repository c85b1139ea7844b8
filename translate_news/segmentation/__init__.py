"""Sentence segmentation for Italian news copy: rules in data files, segments with offsets and ids."""

from translate_news.segmentation.segment import Segment, segment_article, segment_id
from translate_news.segmentation.sentences import split_sentences

__all__ = [
    "Segment",
    "segment_article",
    "segment_id",
    "split_sentences",
]
