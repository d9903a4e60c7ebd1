"""Which script a text is in: what the web view and the SVG drawings mark ``lang="ar"`` (WCAG 3.1.2)."""

from __future__ import annotations

import re

#: Arabic, Arabic Supplement, Arabic Extended-A, and the Arabic presentation forms A and B
ARABIC_LETTERS = "\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF"
ARABIC = re.compile(f"[{ARABIC_LETTERS}]")
#: a run of Arabic, with the spaces, digits and punctuation between its words
ARABIC_RUN = re.compile(f"[{ARABIC_LETTERS}]+(?:[\\s\\d.,:;!?()«»\\-–]+[{ARABIC_LETTERS}]+)*")
