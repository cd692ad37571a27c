# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The contract's limits, read from ``mega.xsd`` at import: its one source of truth.

The schema declares what a request may carry (required elements, lengths, digits-only
patterns, enumerations, page bounds); the simulator validates requests against the
schema itself, and everything else that needs a limit (``models.AGENT_MAX_LENGTHS``,
the client's checks before it sends, the portal's field rules) reads it here, so no
limit is written twice.

A check is plain Python (a length, a compiled pattern, a set): cheap enough to run on
every value a client sends. The schema's patterns stay within what XSD and Python
regular expressions read alike (classes, counts, alternation); ``fullmatch`` gives
them XSD's implicit anchors.
"""

import re
from dataclasses import dataclass
from importlib import resources
from typing import NamedTuple

from lxml import etree

XSD_PATH = resources.files("mega_erp") / "wsdl" / "mega.xsd"
_XS = "http://www.w3.org/2001/XMLSchema"
_NS = {"xs": _XS}
_LENGTH_FACETS = ("length", "minLength", "maxLength")
_BOUND_FACETS = ("minInclusive", "maxInclusive")


class Violation(NamedTuple):
    """A value refused by the schema: the element (XML name), the rule it breaks
    (``required``, ``length``, ``minLength``, ``maxLength``, ``pattern``,
    ``enumeration``, ``minInclusive``, ``maxInclusive``) and the rule's limit."""

    field: str
    rule: str
    limit: object = None


@dataclass(frozen=True, slots=True)
class SimpleRule:
    """The facets of one simple type (``members``: the alternatives of a union)."""

    base: str = "string"  # the XSD built-in type it restricts, e.g. "string", "integer"
    length: int | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: re.Pattern | None = None
    pattern_text: str | None = None  # as the schema writes it
    values: frozenset | None = None
    ordered_values: tuple = ()
    min_inclusive: int | None = None
    max_inclusive: int | None = None
    members: tuple = ()

    def violation(self, value):
        """(rule, limit) that ``value`` breaks, or None."""
        if self.members:
            broken = [member.violation(value) for member in self.members]
            return None if None in broken else broken[0]
        if self.base == "integer":
            if self.min_inclusive is not None and value < self.min_inclusive:
                return "minInclusive", self.min_inclusive
            if self.max_inclusive is not None and value > self.max_inclusive:
                return "maxInclusive", self.max_inclusive
            return None
        if self.base != "string":
            return None  # dates and numbers: their Python type already says it
        text = value if isinstance(value, str) else str(value)
        if self.values is not None and text not in self.values:
            return "enumeration", self.ordered_values
        if self.length is not None and len(text) != self.length:
            return "length", self.length
        if self.min_length is not None and len(text) < self.min_length:
            return "minLength", self.min_length
        if self.max_length is not None and len(text) > self.max_length:
            return "maxLength", self.max_length
        if self.pattern is not None and not self.pattern.fullmatch(text):
            return "pattern", self.pattern_text
        return None


@dataclass(frozen=True, slots=True)
class ElementRule:
    """One child element of a complex type: whether it must be there, and its rule
    (None for a complex type or an unrestricted built-in)."""

    name: str
    required: bool
    rule: SimpleRule | None
    type_name: str | None  # the named type it refers to, if any
    clearable: bool = True  # whether an empty string is accepted (clears the value)


def _local(qname):
    return qname.rpartition(":")[2] if qname else None


class _Reader:
    def __init__(self, root):
        self.named = {node.get("name"): node for node in root.iterfind("xs:simpleType", _NS)}
        self.rules = {}

    def named_rule(self, name):
        if name not in self.rules:
            node = self.named.get(name)
            self.rules[name] = self.simple_rule(node) if node is not None else SimpleRule(base=name)
        return self.rules[name]

    def type_rule(self, qname):
        """The rule of ``type="..."``: a named simple type of the schema, a built-in, or
        None (a complex type, or a built-in without facets)."""
        name = _local(qname)
        if qname and qname.startswith("xs:"):
            return None
        return self.named_rule(name) if name in self.named else None

    def simple_rule(self, node):
        union = node.find("xs:union", _NS)
        if union is not None:
            return SimpleRule(members=tuple(self.named_rule(_local(m)) for m in union.get("memberTypes").split()))
        restriction = node.find("xs:restriction", _NS)
        base = _local(restriction.get("base"))
        facets = {}
        for facet in restriction:
            if not isinstance(facet.tag, str):
                continue
            name, value = etree.QName(facet).localname, facet.get("value")
            if name in _LENGTH_FACETS or name in _BOUND_FACETS:
                facets[name] = int(value)
            elif name == "pattern":
                facets.setdefault("pattern", []).append(value)
            elif name == "enumeration":
                facets.setdefault("enumeration", []).append(value)
        values = tuple(facets.get("enumeration", ()))
        patterns = facets.get("pattern")
        return SimpleRule(
            base=base,
            length=facets.get("length"),
            min_length=facets.get("minLength"),
            max_length=facets.get("maxLength"),
            # several patterns in one restriction: any of them (XSD's rule)
            pattern=re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None,
            pattern_text="|".join(patterns) if patterns else None,
            values=frozenset(values) if values else None,
            ordered_values=values,
            min_inclusive=facets.get("minInclusive"),
            max_inclusive=facets.get("maxInclusive"),
        )

    def element_rule(self, node):
        inline = node.find("xs:simpleType", _NS)
        rule = self.simple_rule(inline) if inline is not None else self.type_rule(node.get("type"))
        return ElementRule(
            name=node.get("name"),
            required=int(node.get("minOccurs", "1")) > 0,
            rule=rule,
            type_name=_local(node.get("type")),
            clearable=rule is None or not rule.members and rule.base != "string" or rule.violation("") is None,
        )


def _read(path):
    root = etree.parse(str(path)).getroot()
    reader = _Reader(root)
    types = {
        node.get("name"): {
            element.name: element
            for element in map(reader.element_rule, node.iterfind(".//xs:element", _NS))
        }
        for node in root.iterfind("xs:complexType", _NS)
    }
    enumerations = {name: reader.named_rule(name).ordered_values for name in reader.named}
    return types, {name: values for name, values in enumerations.items() if values}


# {complex type: {element: ElementRule}} in the schema's order, and
# {simple type: its enumerated values} for the enumerations.
TYPES, ENUMERATIONS = _read(XSD_PATH)


def enumeration(type_name):
    """The values of a named enumeration of the schema, in its order."""
    return ENUMERATIONS[type_name]


def element_rule(type_name, element):
    return TYPES[type_name][element]


def violations(type_name, values):
    """What the schema refuses in ``values`` ({element: Python value}, None for an
    absent element) for a ``type_name`` element: a list of ``Violation``."""
    found = []
    for name, element in TYPES[type_name].items():
        value = values.get(name)
        if value is None or (value == "" and not element.clearable):
            if element.required or value == "":
                found.append(Violation(name, "required"))
        elif element.rule is not None:
            broken = element.rule.violation(value)
            if broken:
                found.append(Violation(name, *broken))
    return found


_DESCRIPTIONS = {
    "required": "required",
    "length": "must have {limit} characters",
    "minLength": "at least {limit} characters",
    "maxLength": "at most {limit} characters",
    "pattern": "does not match the pattern {limit}",
    "enumeration": "one of: {values}",
    "minInclusive": "at least {limit}",
    "maxInclusive": "at most {limit}",
}


def describe(violation):
    """``zip: does not match the pattern [0-9]{8}``: a violation in English (callers
    with readers of other languages word ``rule`` and ``limit`` themselves)."""
    values = ", ".join(violation.limit) if violation.rule == "enumeration" else ""
    return f"{violation.field}: " + _DESCRIPTIONS[violation.rule].format(limit=violation.limit, values=values)
