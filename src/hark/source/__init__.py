"""Reading a source (URL, file, stdin) into a Page: fetching, decoding, the SSRF guard."""

from hark.source.load import load_page

__all__ = ["load_page"]
