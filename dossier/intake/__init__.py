"""Article intake: from a pasted text, a saved web page or an address to a
draft source the editor checks before it is stored.

`read_text`, `read_page` and `fetch_page` give an `Article` (body, title,
byline, date, site name, address, language) or raise `IntakeError` naming
what is wrong; `match_outlet` finds the dossier's outlet for it.  Nothing
here writes to the database: the admin's intake form does, after the
editor has confirmed what was read.
"""

from .outlets import match_outlet
from .pages import Article, IntakeError, fetch_page, read_page, read_text

__all__ = ["Article", "IntakeError", "fetch_page", "match_outlet", "read_page", "read_text"]
