# ---------------------------------------------------------------------------------------------
# Exact decimals. A decimal is a pair (mantissa, scale): 12.50 is (1250, 2). Every operation
# computes the exact result, then rounds it as the reference engine (rust_decimal) does: at
# most 28 decimals and a mantissa below 2**96, half to even. Never a binary float.
# ---------------------------------------------------------------------------------------------
import datetime as _dt
import os as _os

_MAX96 = 1 << 96
ZERO = (0, 0)
ONE = (1, 0)
HUNDRED = (100, 0)


class EvalError(Exception):
    """A value that cannot be computed: `kind` is hole, missing_input, no_band, overflow..."""

    def __init__(self, kind):
        Exception.__init__(self, kind)
        self.kind = kind


def _fit(m, s):
    """Rounds an exact (mantissa, scale) into the engine's range (28 decimals, 96 bits)."""
    a = -m if m < 0 else m
    if s <= 28 and a < _MAX96:
        return (m, s)
    r = s - 28 if s > 28 else 0
    while True:
        q, rem = divmod(a, 10 ** r)
        if q < _MAX96:
            break
        r += 1
    half = 10 ** r
    if 2 * rem > half or (2 * rem == half and q & 1):
        q += 1
    if q >= _MAX96:
        q, rem = divmod(q, 10)
        if rem > 5 or (rem == 5 and q & 1):
            q += 1
        r += 1
    if s - r < 0:
        raise EvalError("overflow")
    return (-q if m < 0 else q, s - r)


def dadd(a, b):
    if a[0] == 0:
        return b
    if b[0] == 0:
        return a
    s = a[1] if a[1] > b[1] else b[1]
    return _fit(a[0] * 10 ** (s - a[1]) + b[0] * 10 ** (s - b[1]), s)


def dneg(a):
    return (-a[0], a[1])


def dsub(a, b):
    return dadd(a, dneg(b))


def dmul(a, b):
    if a[0] == 0 or b[0] == 0:
        return ZERO
    return _fit(a[0] * b[0], a[1] + b[1])


def ddiv(a, b):
    if b[0] == 0:
        raise EvalError("division_by_zero")
    if a[0] == 0:
        return ZERO
    negative = (a[0] < 0) != (b[0] < 0)
    num = abs(a[0]) * 10 ** b[1]
    den = abs(b[0]) * 10 ** a[1]
    t = 28
    q, rem = divmod(num * 10 ** t, den)
    while q >= _MAX96:
        t -= 1
        if t < 0:
            raise EvalError("overflow")
        q, rem = divmod(num * 10 ** t, den)
    if 2 * rem > den or (2 * rem == den and q & 1):
        q += 1
        if q >= _MAX96:
            q, rem = divmod(q, 10)
            if rem > 5 or (rem == 5 and q & 1):
                q += 1
            t -= 1
    while t > 0 and q % 10 == 0:
        q //= 10
        t -= 1
    return (-q if negative else q, t)


def dcmp(a, b):
    s = a[1] if a[1] > b[1] else b[1]
    x = a[0] * 10 ** (s - a[1])
    y = b[0] * 10 ** (s - b[1])
    return (x > y) - (x < y)


def dround(a, dp, mode):
    """Rounds to `dp` decimals: mode 'half' (half away from zero), 'floor' or 'ceil'."""
    m, s = a
    if s <= dp:
        return a
    q, rem = divmod(abs(m), 10 ** (s - dp))
    if mode == "half":
        if 2 * rem >= 10 ** (s - dp):
            q += 1
    elif mode == "floor":
        if m < 0 and rem:
            q += 1
    elif m > 0 and rem:
        q += 1
    return (-q if m < 0 else q, dp)


def to_cent(a):
    """A payment: rounded to the cent, half away from zero."""
    return dround(a, 2, "half")


def dnormalize(a):
    m, s = a
    while s > 0 and m % 10 == 0:
        m //= 10
        s -= 1
    return (m, s)


def dstr(a):
    """The decimal as the engine prints it: its own scale, a dot."""
    m, s = a
    digits = str(abs(m)).rjust(s + 1, "0")
    text = digits if s == 0 else digits[:-s] + "." + digits[-s:]
    return "-" + text if m < 0 else text


def dec(text):
    """A decimal literal of the generated code (`"50000"`, `"0.75"`)."""
    return parse_plain_decimal(text)


def parse_plain_decimal(text):
    """`12`, `-0.5`, `+3.`, `.25`, `1_000`: the engine's decimal syntax, rounded as rust_decimal
    reads it (a literal of the generated code); None otherwise."""
    exact = _written_decimal(text)
    if exact is None:
        return None
    m, s = exact
    if s > 28 or abs(m) >= _MAX96:
        return _fit(m, s) if s <= 60 else None
    return exact


def _held_exactly(exact):
    """Whether rust_decimal holds the written (mantissa, scale) without rounding it: once the
    zeros that only pad are dropped, at most 28 decimals and a mantissa below 2**96."""
    m, s = dnormalize(exact)
    return s <= 28 and abs(m) < _MAX96


def _written_decimal(text):
    """The exact (mantissa, scale) written in the engine's decimal syntax; None otherwise."""
    body = text
    negative = False
    if body[:1] in ("+", "-"):
        negative = body[0] == "-"
        body = body[1:]
    if not body or body[0] == "_":
        return None
    whole, dot, fraction = body.partition(".")
    if "." in fraction:
        return None
    digits = (whole + fraction).replace("_", "")
    if not digits or not all("0" <= c <= "9" for c in digits):
        return None
    if not all("0" <= c <= "9" or c == "_" for c in whole + fraction):
        return None
    m = int(digits)
    s = len(fraction.replace("_", ""))
    return (-m if negative else m, s)


def parse_decimal(text):
    """A decimal written with a dot or a French comma, spaces as thousands separators. None for
    one rust_decimal would round (more digits than it keeps, or past 28 decimals): an input is
    exact or refused, as in `clause eval`. Zeros that only pad are accepted, at its scale."""
    cleaned = "".join(c for c in text.strip() if c not in " \u00a0\u202f")
    exact = _written_decimal(cleaned.replace(",", "."))
    if exact is None or not _held_exactly(exact):
        return None
    return _fit(*exact)


# The refusal of a number written exactly but that rust_decimal would round or cannot hold: the
# same words as `clause eval` (compiler/src/evaluate/cells.rs, `inexact_number`).
INEXACT = ("un nombre tenu exactement est attendu, pas %s : au plus 28 décimales hors zéros de fin,"
           " et moins de 2^96 ≈ 7,9 × 10^28 sans la virgule")


def unheld(text):
    """Whether a text is written as a decimal that parse_decimal refuses: one rust_decimal
    cannot hold exactly, refused with INEXACT rather than the words for a text."""
    cleaned = "".join(c for c in text.strip() if c not in " \u00a0\u202f")
    return _written_decimal(cleaned.replace(",", ".")) is not None and parse_decimal(text) is None


def number_refused(text, what):
    """The words for a CSV cell not read as a number: `what` is expected, unless it is unheld."""
    if unheld(text):
        return INEXACT % ("`%s`" % text)
    return "%s est attendu, pas `%s`" % (what, text)


def number_from_json(value):
    """A JSON number read by its shortest decimal spelling: 0.8 is 8/10 in every engine."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        # As a JSON reader does: a 64-bit integer is exact, a larger one is a double.
        if -(1 << 63) <= value < (1 << 64):
            return (value, 0)
        try:
            return parse_scientific(repr(float(value)))
        except OverflowError:
            return None
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return None
        return parse_scientific(repr(value))
    return None


def parse_scientific(text):
    mantissa, _, exponent = text.lower().partition("e")
    base = _written_decimal(mantissa)
    if base is None:
        return None
    shift = int(exponent) if exponent else 0
    m, s = base
    s -= shift
    if s < 0:
        m, s = m * 10 ** (-s), 0
    # rust_decimal refuses an exponent that would take it past 28 decimals: never rounded.
    if not _held_exactly((m, s)):
        return None
    return _fit(m, s)


def is_zero(a):
    return a[0] == 0


def is_negative(a):
    return a[0] < 0


def fract_is_zero(a):
    return a[0] % (10 ** a[1]) == 0 if a[0] >= 0 else (-a[0]) % (10 ** a[1]) == 0


# ---------------------------------------------------------------------------------------------
# Formatting, exactly as the engine writes amounts, numbers and dates.
# ---------------------------------------------------------------------------------------------


def euros(a):
    """Euros as the JSON and CSV outputs write them: a dot, at least two decimals."""
    m, s = a
    while s > 2 and m % 10 == 0:
        m //= 10
        s -= 1
    while s < 2:
        m *= 10
        s += 1
    return dstr((m, s))


def french_number(a, grouping=" "):
    m, s = dnormalize(a)
    text = dstr((abs(m), s))
    integer, _, fraction = text.partition(".")
    groups = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    grouped = grouping.join(groups)
    sign = "-" if m < 0 else ""
    return sign + grouped + ("," + fraction if fraction else "")


def french_money(a, grouping=" "):
    n = dnormalize(a)
    if n[1] == 0:
        return french_number(n, grouping) + " €"
    cents = n if n[1] >= 2 else (n[0] * 10 ** (2 - n[1]), 2)
    text = french_number(cents, grouping)
    integer, _, fraction = text.partition(",")
    if len(fraction) < 2:
        text = integer + "," + fraction.ljust(2, "0")
    return text + " €"


_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"]


def french_date(d):
    day = "1er" if d.day == 1 else str(d.day)
    return "%s %s %d" % (day, _MONTHS[d.month - 1], d.year)


def iso(d):
    return "%04d-%02d-%02d" % (d.year, d.month, d.day)


def french_duration(amount, unit):
    n = french_number(amount)
    plural = dcmp(amount, ONE) > 0
    word = {"days": "jours" if plural else "jour", "months": "mois",
            "years": "ans" if plural else "an"}[unit]
    return n + " " + word


def display(value):
    """A value as a legal team reads it (`50 000 €`, `75 %`, `2019-06-20`)."""
    kind = value[0]
    if kind == "money":
        return french_money(value[1])
    if kind in ("count", "decimal"):
        return french_number(value[1])
    if kind == "rate":
        return french_number(dmul(value[1], HUNDRED)) + " %"
    if kind == "duration":
        return french_duration(value[1], value[2])
    if kind == "date":
        return iso(value[1])
    if kind == "bool":
        return "vrai" if value[1] else "faux"
    if kind == "text":
        return "« " + value[1] + " »"
    if kind == "variant":
        return ENUMS[value[1]]["variants"][value[2]]
    return "{" + ", ".join(ENUMS[value[1]]["variants"][v] for v in sorted(value[2])) + "}"


# ---------------------------------------------------------------------------------------------
# Dates: the contract's calendar. Month arithmetic follows the version's `dates ambiguës`
# policy (DATE_POLICY): "end" clamps to the month's end (2019-08-31 + 6 mois = 2020-02-29),
# "next" moves to the 1st of the next month (2012-01-31 + 1 mois = 2012-03-01), "refuse" gives
# no date (`date_refusal` names it); years 1 to 9999.
# ---------------------------------------------------------------------------------------------


def _days_in_month(year, month):
    if month == 2:
        return 29 if (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _whole(amount):
    return amount[0] // 10 ** amount[1] if amount[0] >= 0 else -((-amount[0]) // 10 ** amount[1])


def _month_reached(date, amount, unit):
    """(year, month) date + amount months or years reaches; None outside 1..9999."""
    n = _whole(amount)
    months = n * 12 if unit == "years" else n
    year, month = divmod(date.year * 12 + (date.month - 1) + months, 12)
    if year < 1 or year > 9999:
        return None
    return year, month + 1


def _shift(date, amount, unit, policy):
    if not fract_is_zero(amount):
        return None
    if unit == "days":
        ordinal = date.toordinal() + _whole(amount)
        if ordinal < 1 or ordinal > _dt.date.max.toordinal():
            return None
        return _dt.date.fromordinal(ordinal)
    reached = _month_reached(date, amount, unit)
    if reached is None:
        return None
    year, month = reached
    last = _days_in_month(year, month)
    if date.day <= last:
        return _dt.date(year, month, date.day)
    if policy == "next":
        return _dt.date(year, month, last) + _dt.timedelta(days=1)
    if policy == "refuse":
        return None
    return _dt.date(year, month, last)


def add_duration(date, amount, unit):
    """The date shifted by a whole number of days, months or years under the version's policy;
    None outside 1..9999 or, under `erreur`, on a day that does not exist."""
    return _shift(date, amount, unit, DATE_POLICY)


def date_refusal(date, amount, unit):
    """Under `dates ambiguës : erreur`, the sentence naming `date + amount unit` when that day
    does not exist, worded as the engine words it; None otherwise."""
    if DATE_POLICY != "refuse" or unit == "days" or not fract_is_zero(amount):
        return None
    reached = _month_reached(date, amount, unit)
    if reached is None or date.day <= _days_in_month(*reached):
        return None
    n = _whole(amount)
    period = "%d mois" % n if unit == "months" else "%d %s" % (n, "an" if abs(n) == 1 else "ans")
    return ("date ambiguë : %s + %s tombe le %d %s %d, qui n'existe pas "
            "(la version déclare « dates ambiguës : erreur »)"
            % (iso(date), period, date.day, _MONTHS[reached[1] - 1], reached[0]))


def contract_end(signature):
    """(end, refusal): the signature plus the contract's duration (end None without one or
    outside the calendar); refusal names an end that does not exist under `erreur`."""
    if CONTRACT_DURATION is None:
        return None, None
    refusal = date_refusal(signature, CONTRACT_DURATION[0], CONTRACT_DURATION[1])
    if refusal is not None:
        return None, "fin du contrat : " + refusal
    return add_duration(signature, CONTRACT_DURATION[0], CONTRACT_DURATION[1]), None


def dates_refused(signature, until, missions):
    """Under `erreur`, each date the evaluation of this contract needs that does not exist, as
    (field, message), in the engine's order: the anniversaries up to the contract's end, then
    each engaged mission's deadlines (evaluate/dates.rs)."""
    out = []
    if DATE_POLICY != "refuse":
        return out
    year = 1
    while year <= 200:
        refusal = date_refusal(signature, (year, 0), "years")
        if refusal is not None:
            out.append(("contrat.signature", "anniversaire %d du contrat : %s" % (year, refusal)))
        reached = _shift(signature, (year, 0), "years", "end")
        if reached is None or reached >= until:
            break
        year += 1
    for index, spec in enumerate(MISSIONS):
        case = missions[index]
        if not case["engaged"]:
            continue
        counted_from = signature
        if spec["added"] is not None:
            _, effect, before = spec["added"]
            if before is not None and not signature < before:
                continue
            if effect is not None and effect > counted_from:
                counted_from = effect
        for nature, rule in (("démarrage", spec["start"]), ("déploiement", spec["effective"])):
            if rule is None or rule[0] != "after":
                continue
            _, amount, unit, event = rule
            if event == "signature":
                origin, field = counted_from, "contrat.signature"
            else:
                origin, field = case["start"], "contrat.missions.%s.debut" % spec["name"]
            refusal = date_refusal(origin, amount, unit) if origin is not None else None
            if refusal is not None:
                out.append((field, "échéance de %s de la mission `%s` : %s" % (nature, spec["name"], refusal)))
    return out


def anniversary(signature, n):
    """The n-th anniversary of the signature (0: the signature itself)."""
    return add_duration(signature, (n, 0), "years")


def parse_date(text):
    """`AAAA-MM-JJ`; None when it is no date of the calendar."""
    parts = text.strip().split("-")
    if len(parts) != 3 or not all(p.isdigit() and p.isascii() for p in parts):
        return None
    if len(parts[0]) != 4 or not (1 <= len(parts[1]) <= 2) or not (1 <= len(parts[2]) <= 2):
        return None
    try:
        return _dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None
