"""Which text encoding a file is in, told without guessing: a wrong guess turns every
Russian name into mojibake that then imports as valid text, so a file whose encoding cannot
be told for sure is refused, naming what was tried.

The order: an encoding the user states (used strictly, whatever it is); a byte-order mark
(UTF-32, UTF-16, UTF-8); NUL bytes left mean a binary file; strict UTF-8; then the code
pages Russian files come in, ranked by charset-normalizer and kept only when the text they
give reads as Russian (:func:`plausible`). This module knows nothing of imports: it raises
:class:`UndecodableError` and :mod:`.reading` words it as the file's refusal."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

# The code pages of Russian files (Windows, Unix, DOS, old Macs, ISO), by the names users know.
CYRILLIC = {"cp1251": "Windows-1251", "koi8_r": "KOI8-R", "koi8_u": "KOI8-U", "cp866": "CP866",
            "mac_cyrillic": "Mac Cyrillic", "iso8859_5": "ISO-8859-5"}

# UTF-32 LE before UTF-16 LE: its mark starts with UTF-16 LE's. The codecs read the mark.
_BOMS = ((b"\x00\x00\xfe\xff", "utf-32", "UTF-32"), (b"\xff\xfe\x00\x00", "utf-32", "UTF-32"),
         (b"\xfe\xff", "utf-16", "UTF-16"), (b"\xff\xfe", "utf-16", "UTF-16"),
         (b"\xef\xbb\xbf", "utf-8-sig", "UTF-8"))

# Codecs Python counts as text encodings that no file is saved in: they fail on every byte
# (undefined), or are for domain names or Python string literals and would rewrite the data.
_NOT_FOR_FILES = frozenset({"undefined", "punycode", "idna", "unicode-escape", "raw-unicode-escape"})

SAMPLE_BYTES = 128 * 1024  # the head of the file the code pages are told apart on …
_PROBES, _PROBE_BYTES = 16, 8 * 1024  # … and slices from all through it: Russian may start late

_UTF8_SEQUENCE = re.compile(  # one well-formed multi-byte UTF-8 character
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}")
_HIGH_BYTES = bytes(range(0x80, 0x100))

_RUSSIAN = frozenset("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў")  # Ukrainian and Belarusian too
_FREQUENT = frozenset("оеаинтсрвл")  # two letters in three of Russian text; a misread scrambles them
# What may touch a Russian word: a space, a digit, ASCII punctuation, quotes, №, an ellipsis and
# the dashes (see _glued).
_NEIGHBOURS = frozenset(" \t\r\n!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~«»„“”‘’№…–—0123456789")
MIN_LETTERS = 20  # fewer letters of Russian words are too few to tell a code page by
_WORD = re.compile(r"[^\W\d_]+")


class UndecodableError(ValueError):
    """The bytes cannot be read as text; the message says why and what to try."""


def decode(data: bytes, encoding: str | None = None) -> str:
    """The text of *data*: in *encoding* when given (strictly), else in the encoding told
    from the bytes. Raises :class:`UndecodableError` rather than return text that may be
    mojibake; a text holding NUL is a binary file, whichever encoding read it."""
    text = _stated(data, encoding) if encoding else _detected(data)
    if "\x00" in text:
        raise _binary()
    return text


def _binary() -> UndecodableError:
    return UndecodableError("this is a binary file, not text (it holds NUL bytes); export it as "
                            "CSV, XLSX, ODS or JSON first")


def _stated(data: bytes, encoding: str) -> str:
    """*data* in the encoding the user named; a byte-order mark the codec leaves is dropped."""
    try:
        info = codecs.lookup(encoding)
    except (LookupError, ValueError):
        raise UndecodableError(f"unknown text encoding {encoding!r}; name one such as utf-8, "
                               "cp1251, koi8-r, cp866 or utf-16") from None
    # _is_text_encoding is how codecs itself tells rot13, base64 or zlib from text encodings.
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_FOR_FILES:
        raise UndecodableError(f"{encoding!r} is not an encoding text files are saved in; name one "
                               "such as utf-8, cp1251, koi8-r, cp866 or utf-16")
    return _strict(data, info.name, encoding, "choose another encoding").removeprefix("\ufeff")


def _detected(data: bytes) -> str:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return _strict(data, codec, name, "choose the file's encoding")
    if b"\x00" in data:  # anywhere: a NUL after the first screenful is binary data too
        raise _binary()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _mostly_utf8(data, exc.start):
            raise UndecodableError(f"the file is UTF-8 text except at {_where(data, exc.start, 'utf-8')}; "
                                   "correct that byte, or choose the file's encoding") from None
    return _cyrillic(data)


def _strict(data: bytes, codec: str, name: str, advice: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise UndecodableError(f"the file is not valid {name} text: see {_where(data, exc.start, codec)}; "
                               f"{advice}") from None
    except UnicodeError as exc:  # UTF-16/32 without a byte-order mark: no position to name
        raise UndecodableError(f"the file is not valid {name} text ({exc}); {advice}") from None


def _where(data: bytes, offset: int, codec: str) -> str:
    """Where a bad byte is, as a user finds it (its line) and a program does (its offset).
    Lines are counted by decoding the bytes before it a megabyte at a time: the newline of
    UTF-16 is not the byte 0x0A, and the whole file at once would double its memory."""
    byte = f"byte {offset:,} (0x{data[offset:offset + 1].hex().upper()})"
    decoder = codecs.getincrementaldecoder(codec)(errors="replace")
    try:
        line = 1 + sum(decoder.decode(data[start:min(start + 2**20, offset)]).count("\n")
                       for start in range(0, offset, 2**20))
    except UnicodeError:  # UTF-16 without a byte-order mark cannot even count lines
        return byte
    return f"line {line:,}, {byte}"


def _mostly_utf8(data: bytes, bad: int) -> bool:
    """Whether the bytes around the first invalid one are UTF-8 with a stray byte or two
    (a character pasted from another encoding, a truncated copy) rather than a code page:
    Russian in a code page makes a well-formed UTF-8 character only now and then, far fewer
    than the bytes that make none."""
    window = data[max(0, bad - SAMPLE_BYTES // 2): bad + SAMPLE_BYTES // 2]
    rest, characters = _UTF8_SEQUENCE.subn(b"", window)
    stray = len(rest) - len(rest.translate(None, _HIGH_BYTES))
    return characters >= 2 * stray


def _sample(data: bytes) -> bytes:
    """The head of the file and slices from all through it: enough to tell the code pages
    apart, little enough that a 200 MB file is told as fast as a small one."""
    if len(data) <= SAMPLE_BYTES + _PROBES * _PROBE_BYTES:
        return data
    span = len(data) - SAMPLE_BYTES - _PROBE_BYTES  # the last probe ends where the file does
    starts = (SAMPLE_BYTES + span * i // (_PROBES - 1) for i in range(_PROBES))
    return b"\n".join([data[:SAMPLE_BYTES], *(data[at:at + _PROBE_BYTES] for at in starts)])


def _cyrillic(data: bytes) -> str:
    """The text in the one Russian code page that reads as Russian; refused when none or
    more than one does. charset-normalizer drops the code pages the bytes cannot be (or that
    give noise) and merges those giving the same text; on a few words it cannot rank the rest
    (cp1251 and Mac Cyrillic differ only in capitals), so :func:`plausible` decides."""
    candidates = from_bytes(_sample(data), cp_isolation=list(CYRILLIC))
    readable = {str(match): match.encoding for match in candidates
                if match.encoding in CYRILLIC and plausible(str(match))}
    if len(readable) != 1:
        tried = ", ".join(["UTF-8", *CYRILLIC.values()])
        raise UndecodableError(f"could not tell this file's text encoding (tried {tried}); choose "
                               "the encoding, or save the file as UTF-8")
    (codec,) = readable.values()
    return _strict(data, codec, CYRILLIC[codec], "choose the file's encoding")


def plausible(text: str) -> bool:
    """Whether *text* reads as Russian rather than a code page misread as another.

    Russian makes whole words of Russian letters in lower, Title or UPPER case, most of
    them the frequent letters. A misread gives words in mixed case ("нПОЗПМЙС", KOI8-R read
    as cp1251), foreign letters ("ѕроект") or symbols glued on ("—овет", "Росси€"), and
    scrambles the letters, so its frequent ones become rare; Latin text misread ("Sociйtй",
    Latin-1 read as cp1251) mixes scripts in a word. Words without Cyrillic (English
    columns) say nothing either way. One odd word in twenty is allowed, for the "МинФин" of
    real data; a few words are too little to tell by ("Юг" in cp1251 reads as "оу" in
    ISO-8859-5), so a text needs MIN_LETTERS letters of Russian words."""
    words = odd = letters = frequent = 0
    for match in _WORD.finditer(text):
        word = match[0]
        lower = word.lower()
        if lower.isascii():
            continue
        words += 1
        if (not _RUSSIAN.issuperset(lower) or word not in (lower, word.upper(), word.capitalize())
                or _glued(text, match.start(), match.end())):
            odd += 1
            continue
        letters += len(word)
        frequent += sum(1 for ch in lower if ch in _FREQUENT)
    return letters >= MIN_LETTERS and odd * 20 <= words and frequent * 2 >= letters


def _glued(text: str, start: int, end: int) -> bool:
    """Whether the word at text[start:end] touches a character no Russian word touches. A
    dash before it counts only as a compound's ("Москва—Пекин"): a code page misread turns
    a capital into a dash glued to the word (cp1251 "Совет" read as Mac Cyrillic: "—овет")."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if before in "–—":
        return start < 2 or not text[start - 2].isalpha()
    return before not in _NEIGHBOURS or after not in _NEIGHBOURS
