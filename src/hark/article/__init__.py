"""Page → Article: what of a page is narrated."""

from hark.article.extract import extract_article

__all__ = ["extract_article"]
