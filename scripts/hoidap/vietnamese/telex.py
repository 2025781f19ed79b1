"""Telex and VNI keystrokes left in words typed while the Vietnamese input method was off.

``quyeets`` is ``quyết`` typed in Telex (``ee`` → ê, ``s`` → sắc), ``d9inh5`` is ``định`` typed in VNI (``9`` → đ,
``5`` → nặng). :func:`find_telex` flags a word only when it is neither a Vietnamese syllable nor a common English
word, and its keystrokes decode to a Vietnamese syllable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from hoidap.vietnamese.syllable import MODIFIED, SYLLABLES, VOWELS, add_tone, is_syllable

_TONE_KEYS = {"s": 1, "f": 2, "r": 3, "x": 4, "j": 5}
_CIRCUMFLEX = {"a": "â", "e": "ê", "o": "ô"}
_BREVE_OR_HORN = (("uo", "ươ"), ("ưo", "ươ"), ("uơ", "ươ"), ("a", "ă"), ("o", "ơ"), ("u", "ư"))
_FORGOTTEN = (("uo", "ươ"), ("a", "â"), ("a", "ă"), ("e", "ê"), ("o", "ô"), ("o", "ơ"), ("u", "ư"))  # one mark left out

# Common English words whose letters decode as Telex (as → á, hits → hít, term → tẻm, door → dổ, now → nơ): those
# of the 100,000 most frequent English words (wordfreq, Zipf >= 3) that the decoder turns into a syllable, less
# noise (tw, raj) and words far more frequent as Vietnamese (cos → có, nos → nó, mays → máy); then the words of a US
# English dictionary (wamerican) that decode only once a forgotten mark is restored (diets → diết, dues → duế), and
# two plurals of names (Nguyens, Viets).
_ENGLISH = frozenset("""
air ar arm as ast ats auf aus aux ax bangs bar bats bays bee beef been beer bees beets bern best bets bias bins bits
boar boast boats boer bois boo boom booms boon boost boots born bos bots bow bows box bums buns burn bus bust buys
cams cans caps car cast cats chair chaos chaps char charm chas chats cheer chef cher chest chips choir choo chops
chow churn cons cops corn cost cows cox cups cusp cuts dams dans dar darn das dawn days dee deem deems deer def dems
der des dex dips dir dis docs does doesn dons doo doom door dorm dos dots dow down downs dust ems eos eps er erm es
esp est ex gangs gaps gas gasp gays gis gist goats goes goo goon goons gown gowns gums guns gus gust guts guys hair
hangs hans har harm has hats hays hee hens her hes hex hips his hits hoax hof hoops hops horn host how if imf inf
ins ips is ism isn isp its keen keeps kern kits lair laos laps las last lawn lawns lax lays lee lees lens les lest
lets liar lips lisp list loaf loans lois longs loom looms loops los lost lots low lows luis lungs lust lux macs mans
maps mar mas mast mats max meets mens meps mer mes mets mins mir mis mist mix moans moms moon moons moor mor morn
mos most muir mums mus must naps nas nee nes nest nets ngos nix noir noon nor norm now nuns nuts oats of ons oof
oops ops or os ost ow own owns ox queen queens queer quest quits raf rams raps ras rats rays reef rees ref reps res
rest rex rims rips roar roast roo roof room rooms roots ros row rows runs rus rust sans sar sas sax says secs see
seem seems seen seer sees sens ser ses sets sex sims sins sir sis sits six soaps soar songs sons soo soon sos sox
sums suns sur sus taps tax tee teen teens tens ter term test tex thats thee this thor thorn thus tips tis tits toast
toes tons too tops torn tos tots tow town towns trams trans traps trays tree trees tres trips troops trust turn twas
ups urn us usc ust vans var vas vast vee veer vest vets vow vows war was wax wis wow
diets dues duos hues liens miens nguyens rues sues techs truer trues tues viets yens
""".split())

# A run of ASCII letters (with VNI digits) standing alone, not part of a longer word, a path, an address or code,
# capitalised at most, with a Telex or VNI trace: dd, a doubled vowel, w, a tone key after a vowel, a digit.
_CANDIDATE = re.compile(
    r"(?<![\w\u0300-\u036f\-/\\@.'’#&=+%$~`])"
    r"(?=[Dd]d|[A-Za-z]?[a-z1-9]*?(?:aa|ee|oo|w|[1-9]|[aeiouyAEIOUY][a-z]*[sfrxj]))"
    r"[A-Za-z][a-z]*(?:[1-9][a-z]*)*"
    r"(?![\w\u0300-\u036f\-/\\@'’=+%$~`]|[.:][\w/])"
)


@dataclass(frozen=True)
class TelexSpan:
    """``text[start:end] == word``, keystrokes that read as ``suggestion``."""

    start: int
    end: int
    word: str
    suggestion: str


def _vowel_group(letters: list[str]) -> tuple[int, int]:
    """(start, end) of the last run of vowels in ``letters``; (len, len) if there is none."""
    end = len(letters)
    while end and letters[end - 1] not in VOWELS:
        end -= 1
    start = end
    while start and letters[start - 1] in VOWELS:
        start -= 1
    if start == end:
        return len(letters), len(letters)
    return start, end


def _modify(letters: list[str], key: str) -> bool:
    """Apply a circumflex (``a``/``e``/``o`` or 6), breve/horn (``w`` or 7/8) to the vowel group in place."""
    start, end = _vowel_group(letters)
    group = "".join(letters[start:end])
    if start > 0 and letters[start - 1] == "q" and group.startswith("u"):
        start, group = start + 1, group[1:]  # the u of qu takes no mark
    if key in _CIRCUMFLEX:
        index = group.rfind(key)
        if index < 0:
            return False
        letters[start + index] = _CIRCUMFLEX[key]
        return True
    if key not in ("w", "breve", "horn"):
        return False
    for plain, marked in _BREVE_OR_HORN:
        if key != "w" and (plain == "a") != (key == "breve"):
            continue  # VNI 8 is the breve of a, 7 the horn of o and u; Telex w is both
        index = group.find(plain)
        if index >= 0:
            letters[start + index:start + index + len(plain)] = list(marked)
            return True
    return False


@lru_cache(maxsize=8192)
def decode(keys: str) -> str | None:
    """The Vietnamese syllable typed as Telex or VNI ``keys`` (lower-case NFC), or None when the keys transform
    nothing or do not give a syllable.

    >>> decode("quyeets"), decode("ddinhj"), decode("nguwowif"), decode("quye61t"), decode("d9inh5"), decode("class")
    ('quyết', 'định', 'người', 'quyết', 'định', None)
    """
    keys = keys.lower()
    letters: list[str] = []
    tone = 0
    changed = False
    vni = any(char.isdigit() for char in keys)
    for char in keys:
        has_vowel = any(letter in VOWELS for letter in letters)
        if vni:
            if not char.isdigit():
                letters.append(char)
                continue
            changed = True
            if char in "12345":
                if not has_vowel or tone:
                    return None
                tone = int(char)
            elif char == "9":
                if letters != ["d"]:
                    return None
                letters = ["đ"]
            elif char == "6":
                target = _circumflex_target(letters)
                if not target or not _modify(letters, target):
                    return None
            elif not _modify(letters, {"7": "horn", "8": "breve"}.get(char, "none")):
                return None
            continue
        if tone and char in VOWELS:
            return None  # vowels and doubled vowels come before the tone key (more, there, virus, oro)
        if char == "d" and letters == ["d"]:
            letters, changed = ["đ"], True
        elif char in _CIRCUMFLEX and letters and letters[-1] == char:
            letters[-1], changed = _CIRCUMFLEX[char], True
        elif char == "w":
            if not _modify(letters, "w"):
                if has_vowel:
                    return None
                letters.append("ư")  # w on its own types ư: nhw → như
            changed = True
        elif char in _TONE_KEYS and has_vowel:
            if tone:
                return None  # one tone key per word; a doubled one types the letter itself (offers, boss, turns)
            tone, changed = _TONE_KEYS[char], True
        else:
            letters.append(char)
    if not changed:
        return None
    toneless = "".join(letters)
    if toneless.endswith("ươ"):
        toneless = toneless[:-2] + "uơ"  # an open ươ is written uơ: thuở, huơ
    words = {word for word in (_toned(spelling, tone) for spelling in _spellings(toneless)) if word}
    return words.pop() if len(words) == 1 else None


def _spellings(toneless: str) -> list[str]:
    """``toneless`` when it is a syllable; otherwise the syllables it becomes with the one circumflex, breve or horn
    its author forgot to type (``nhiem`` → ``nhiêm``), several when that is ambiguous (``luong``: lương, luông)."""
    if toneless in SYLLABLES:
        return [toneless]
    if any(letter in MODIFIED for letter in toneless):
        return []  # marks typed but not the one wanted, or w alone for ư: English won, worn, sworn
    spellings = set()
    for plain, marked in _FORGOTTEN:
        start = toneless.find(plain)
        while start >= 0:
            spellings.add(toneless[:start] + marked + toneless[start + len(plain):])
            start = toneless.find(plain, start + 1)
    return sorted(spellings & SYLLABLES.keys())


def _toned(toneless: str, tone: int) -> str | None:
    """The syllable ``toneless`` with ``tone``, or None when that is no syllable."""
    if SYLLABLES[toneless][0] == "p":
        return None  # a bare p onset: loanwords only (pin), but English per, post, pair
    word = add_tone(toneless, tone, "old")
    return word if word and is_syllable(word) else None


def _circumflex_target(letters: list[str]) -> str:
    """The vowel that VNI key 6 puts a circumflex on: the last a, e or o of the vowel group."""
    start, end = _vowel_group(letters)
    for letter in reversed(letters[start:end]):
        if letter in _CIRCUMFLEX:
            return letter
    return ""


def find_telex(text: str) -> list[TelexSpan]:
    """Words of ``text`` that are Telex/VNI keystrokes for a Vietnamese syllable, in order.

    ``text`` is prose: code is left out before (the checks read :attr:`hoidap.model.blocks.Blocks.prose`).
    """
    found: list[TelexSpan] = []
    for match in _CANDIDATE.finditer(text):
        word = match.group()
        if len(word) < 2 or not word[1:].islower():
            continue  # one letter, or a capital with digits (A4, U23)
        lower = word.lower()
        if lower in _ENGLISH or is_syllable(word):
            continue
        suggestion = decode(lower)
        if suggestion is None:
            continue
        if word[0].isupper():
            suggestion = suggestion[0].upper() + suggestion[1:]
        found.append(TelexSpan(match.start(), match.end(), word, suggestion))
    return found
