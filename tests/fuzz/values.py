"""What an attacker types: hostile values, drawn from a seeded random generator.

Every draw goes through the ``random.Random`` passed in, so a seed replays a run.
"""

from __future__ import annotations

import random

from django.core.files.uploadedfile import SimpleUploadedFile

SCRIPT = "<script>alert(1)</script>"
NUL = "\x00"
LONG = 100_000

HOSTILE = [
    # Empty and blank
    "",
    " ",
    "\t\r\n",
    # Control characters; NUL is refused by a middleware of its own
    NUL,
    f"a{NUL}b",
    "\x01\x02\x07\x08\x0b\x0c\x1b[31m\x7f",
    "\u0085\u2028\u2029",
    # Unicode: emoji with modifiers, right-to-left, combining marks, other scripts
    "👍🏽👩‍👩‍👧‍👦🏳️‍🌈",
    "\u202eevil\u202c",
    "مرحبا بالعالم",
    "e\u0301\u0302\u0303\u0304" * 20,
    "漢字かなカナ",
    "\ufeff\u200b\u200d",
    "\U0010ffff",
    # Numbers at and past every edge
    "-1",
    "0",
    "1",
    str(2**31),
    str(2**63),
    str(-(2**63) - 1),
    str(10**40),
    "1e309",
    "-1e309",
    "NaN",
    "inf",
    "1.5",
    "0x10",
    "١٢٣",
    # Dates that do not exist or cannot be computed with
    "0001-01-01",
    "9999-12-31",
    "2025-02-30",
    "99999-01-01",
    "2025-13-01",
    "0000-00-00",
    "-2025-01-01",
    "1000-01-01",
    "9998-12-31",
    "31/12/2025",
    # Markup, template and query syntax
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "{{ 7|add:7 }}{% debug %}",
    "' OR 1=1 --",
    "1; DROP TABLE claims_claim; --",
    "%",
    "_",
    "\\",
    "' \"",
    "-id",
    "__",
    "pk__in",
    # Addresses and paths
    "../../../../etc/passwd",
    "javascript:alert(1)",
    "http://127.0.0.1:5432/",
    "http://[::1]/",
    "https://" + "a" * 300 + ".example",
    "file:///etc/passwd",
    # Other types where a string goes
    "true",
    "null",
    "[]",
    "{}",
]

BIG = ["x" * LONG, "é" * (LONG // 2), "👍" * (LONG // 4), ("a" * 99 + " ") * (LONG // 100)]


def hostile(rng: random.Random) -> str:
    """One hostile value; long ones about one draw in twelve, to keep the run quick."""
    return rng.choice(BIG) if rng.random() < 1 / 12 else rng.choice(HOSTILE)


def upload(rng: random.Random) -> SimpleUploadedFile:
    """A file as a browser would send it, with hostile content, name or type."""
    content = rng.choice(
        [
            b"",
            rng.randbytes(rng.randint(1, 2048)),
            b"date 2025-05-24\nAn article \xff\xfe that is not UTF-8.\n",
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + rng.randbytes(64),
            b"\x89PNG\r\n\x1a\n" + rng.randbytes(64),
            ("A plain text article. " * 40).encode(),
            f"date 2025-02-30\n{SCRIPT}\n".encode(),
        ]
    )
    name = rng.choice(
        [
            "article.txt",
            "evidence.pdf",
            "",
            "x" * 300 + ".txt",
            "../../escape.txt",
            f"{SCRIPT}.txt",
            "émoji👍.png",
            "noextension",
        ]
    )
    content_type = rng.choice(["text/plain", "application/pdf", "image/png", "", "text/html"])
    return SimpleUploadedFile(name or "upload", content, content_type=content_type)


def contains_nul(value: object) -> bool:
    if isinstance(value, SimpleUploadedFile):
        return NUL in value.name
    if isinstance(value, list):
        return any(contains_nul(item) for item in value)
    return NUL in str(value)
