# ---------------------------------------------------------------------------------------------
# Typed values and the operators of the language, exact and checked as in the engine. A value
# is a tuple: ("money", d), ("count", d), ("rate", d), ("decimal", d), ("duration", d, unit),
# ("date", date), ("bool", b), ("text", s), ("variant", enum, index), ("set", enum, frozenset).
# ---------------------------------------------------------------------------------------------

_NUMERIC = ("money", "count", "rate", "decimal")
_MAX_AMOUNT = (10 ** 21, 0)
HOLE = ("hole",)
MISSING = ("missing",)


class Env:
    """What an evaluation knows: the inputs, the band of each band set, the values computed."""

    def __init__(self, inputs, bands, values):
        self.inputs = inputs
        self.bands = bands
        self.values = values

    def input(self, index):
        value = self.inputs[index]
        if value is None:
            raise EvalError("missing_input")
        return value

    def value(self, index):
        result = self.values[index]
        if result is None:
            raise EvalError("cycle")
        if result[0] == "err":
            raise EvalError(result[1])
        return result[1]

    def table(self, band_set, entries):
        band = self.bands[band_set]
        if band is None:
            raise EvalError("no_band")
        entry = entries[band] if band < len(entries) else MISSING
        if entry is HOLE:
            raise EvalError("hole")
        if entry is MISSING:
            raise EvalError("invalid")
        return entry()

    def key(self, axis):
        """The key a criterion of a table by two criteria takes: its band, or its input's
        variant (`("band", set, dimension)`, `("variant", input)`)."""
        if axis[0] == "band":
            band = self.bands[axis[1]]
            if band is None:
                if axis[2] is not None and self.inputs[axis[2]] is None:
                    raise EvalError("missing_input")
                raise EvalError("no_band")
            return band
        value = self.inputs[axis[1]]
        if value is None:
            raise EvalError("missing_input")
        if value[0] != "variant":
            raise EvalError("invalid")
        return value[2]

    def grid(self, rows, columns, width, cells):
        """The cell of a table by two criteria (`cells` row by row)."""
        index = self.key(rows) * width + self.key(columns)
        return _table_entry(cells[index] if index < len(cells) else MISSING)

    def rules(self, inputs, rules):
        """The value of the rule that holds both inputs (each rule: two intervals, an entry)."""
        x = _number(self.input(inputs[0]))
        y = _number(self.input(inputs[1]))
        for first, second, entry in rules:
            if _in_interval(x, first) and _in_interval(y, second):
                return _table_entry(entry)
        raise EvalError("no_rule")


def _table_entry(entry):
    if entry is HOLE:
        raise EvalError("hole")
    if entry is MISSING:
        raise EvalError("invalid")
    return entry()


def _in_interval(value, interval):
    """Whether `value` is in `(low, low_closed, high, high_closed)` (`high` None: no end)."""
    low, low_closed, high, high_closed = interval
    c = dcmp(value, low)
    if c < 0 or (c == 0 and not low_closed):
        return False
    if high is None:
        return True
    c = dcmp(value, high)
    return c < 0 or (c == 0 and high_closed)


def compute_values(inputs, bands, stage=None):
    """Every value of the version (or of `stage`, a base of the amendment) for these inputs,
    in dependency order."""
    definitions = VALUES if stage is None else stage["values"]
    order = EVALUATION_ORDER if stage is None else stage["evaluation_order"]
    values = [None] * len(definitions)
    env = Env(inputs, bands, values)
    for index in order:
        try:
            result = definitions[index]["compute"](env)
            if result[0] == "money" and dcmp((abs(result[1][0]), result[1][1]), _MAX_AMOUNT) > 0:
                raise EvalError("overflow")
            values[index] = ("ok", result)
        except EvalError as error:
            values[index] = ("err", error.kind)
    return values


def invalid():
    raise EvalError("invalid")


def _number(value):
    if value[0] in _NUMERIC:
        return value[1]
    raise EvalError("invalid")


def _bool(value):
    if value[0] == "bool":
        return value[1]
    raise EvalError("invalid")


def op_not(value):
    return ("bool", not _bool(value))


def op_neg(value):
    if value[0] in _NUMERIC:
        return (value[0], dneg(value[1]))
    if value[0] == "duration":
        return ("duration", dneg(value[1]), value[2])
    raise EvalError("invalid")


def op_and(left, right):
    if not _bool(left):
        return ("bool", False)
    return ("bool", _bool(right()))


def op_or(left, right):
    if _bool(left):
        return ("bool", True)
    return ("bool", _bool(right()))


def op_if(condition, then, otherwise):
    return then() if _bool(condition) else otherwise()


def _months(duration):
    if duration[2] == "years":
        return dmul(duration[1], (12, 0))
    if duration[2] == "months":
        return duration[1]
    return None


def _same_unit(a, b):
    if a[2] == b[2]:
        return a[1], b[1], a[2]
    x, y = _months(a), _months(b)
    if x is None or y is None:
        raise EvalError("mixed_durations")
    return x, y, "months"


def compare(left, right):
    if left[0] == "date" and right[0] == "date":
        return (left[1] > right[1]) - (left[1] < right[1])
    if left[0] == "duration" and right[0] == "duration":
        a, b, _ = _same_unit(left, right)
        return dcmp(a, b)
    return dcmp(_number(left), _number(right))


def _equal(left, right):
    if left[0] in ("bool", "text", "variant", "set") and left[0] == right[0]:
        return left == right
    return compare(left, right) == 0


_ARITHMETIC = {
    "add": {("money", "money"): "money", ("count", "count"): "count", ("rate", "rate"): "rate",
            ("decimal", "decimal"): "decimal", ("count", "decimal"): "decimal", ("decimal", "count"): "decimal"},
    "mul": {("money", "rate"): "money", ("money", "count"): "money", ("money", "decimal"): "money",
            ("rate", "money"): "money", ("count", "money"): "money", ("decimal", "money"): "money",
            ("count", "count"): "count", ("rate", "rate"): "rate", ("rate", "decimal"): "rate",
            ("decimal", "rate"): "rate", ("rate", "count"): "decimal", ("count", "rate"): "decimal",
            ("count", "decimal"): "decimal", ("decimal", "count"): "decimal", ("decimal", "decimal"): "decimal"},
    "div": {("money", "money"): "decimal", ("money", "count"): "money", ("money", "decimal"): "money",
            ("count", "count"): "decimal", ("count", "decimal"): "decimal", ("decimal", "count"): "decimal",
            ("decimal", "decimal"): "decimal", ("rate", "count"): "rate", ("rate", "decimal"): "rate",
            ("rate", "rate"): "decimal"},
}
_ARITHMETIC["sub"] = _ARITHMETIC["add"]


def binary(op, left, right):
    if op == "eq":
        return ("bool", _equal(left, right))
    if op == "ne":
        return ("bool", not _equal(left, right))
    if op in ("lt", "le", "gt", "ge"):
        order = compare(left, right)
        return ("bool", {"lt": order < 0, "le": order <= 0, "gt": order > 0, "ge": order >= 0}[op])
    if op == "contains":
        if left[0] == "set" and right[0] == "set":
            return ("bool", right[2] <= left[2])
        if left[0] == "set" and right[0] == "variant":
            return ("bool", right[2] in left[2])
        raise EvalError("invalid")
    if left[0] == "date" and right[0] == "duration":
        if op not in ("add", "sub"):
            raise EvalError("invalid")
        amount = right[1] if op == "add" else dneg(right[1])
        shifted = add_duration(left[1], amount, right[2])
        if shifted is None:
            raise EvalError("ambiguous_date" if date_refusal(left[1], amount, right[2]) else "overflow")
        return ("date", shifted)
    if left[0] == "duration" and right[0] == "duration":
        a, b, unit = _same_unit(left, right)
        if op not in ("add", "sub"):
            raise EvalError("invalid")
        return ("duration", dadd(a, b) if op == "add" else dsub(a, b), unit)
    if op == "mul" and (left[0] == "duration" or right[0] == "duration"):
        duration, factor = (left, right) if left[0] == "duration" else (right, left)
        return ("duration", dmul(duration[1], _number(factor)), duration[2])
    result = _ARITHMETIC[op].get((left[0], right[0]))
    if result is None:
        raise EvalError("invalid")
    a, b = _number(left), _number(right)
    if op == "add":
        number = dadd(a, b)
    elif op == "sub":
        number = dsub(a, b)
    elif op == "mul":
        number = dmul(a, b)
    else:
        number = ddiv(a, b)
    return (result, number)


def between(value, low, high):
    return ("bool", compare(value, low) >= 0 and compare(value, high) <= 0)


def call(function, args):
    if function in ("min", "max"):
        if not args:
            raise EvalError("invalid")
        best = args[0]
        for candidate in args[1:]:
            order = compare(candidate, best)
            if (function == "min" and order < 0) or (function == "max" and order > 0):
                best = candidate
        return best
    if function in ("floor", "ceil", "round"):
        mode = {"floor": "floor", "ceil": "ceil", "round": "half"}[function]
        if not args:
            raise EvalError("invalid")
        if args[0][0] == "money":
            return ("money", dround(args[0][1], 0, mode))
        return ("count", dround(_number(args[0]), 0, mode))
    if function == "round_cent":
        if args and args[0][0] == "money":
            return ("money", dround(args[0][1], 2, "half"))
    raise EvalError("invalid")
