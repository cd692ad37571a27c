# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Which UF a CEP belongs to: the Correios give each UF one or two ranges of CEPs.

The first digit already tells the region (0-1 São Paulo, 2 Rio and Espírito Santo, 3
Minas Gerais, ... 9 Rio Grande do Sul); the table below is the full split by UF.
"""

# (first CEP, last CEP, UF), 8 digits each, in CEP order.
CEP_RANGES = (
    ("01000000", "19999999", "SP"),
    ("20000000", "28999999", "RJ"),
    ("29000000", "29999999", "ES"),
    ("30000000", "39999999", "MG"),
    ("40000000", "48999999", "BA"),
    ("49000000", "49999999", "SE"),
    ("50000000", "56999999", "PE"),
    ("57000000", "57999999", "AL"),
    ("58000000", "58999999", "PB"),
    ("59000000", "59999999", "RN"),
    ("60000000", "63999999", "CE"),
    ("64000000", "64999999", "PI"),
    ("65000000", "65999999", "MA"),
    ("66000000", "68899999", "PA"),
    ("68900000", "68999999", "AP"),
    ("69000000", "69299999", "AM"),
    ("69300000", "69399999", "RR"),
    ("69400000", "69899999", "AM"),
    ("69900000", "69999999", "AC"),
    ("70000000", "72799999", "DF"),
    ("72800000", "72999999", "GO"),
    ("73000000", "73699999", "DF"),
    ("73700000", "76799999", "GO"),
    ("76800000", "76999999", "RO"),
    ("77000000", "77999999", "TO"),
    ("78000000", "78899999", "MT"),
    ("79000000", "79999999", "MS"),
    ("80000000", "87999999", "PR"),
    ("88000000", "89999999", "SC"),
    ("90000000", "99999999", "RS"),
)


def uf_of_cep(cep):
    """The UF of an 8-digit CEP, or None when no UF has it (e.g. ``00000000``)."""
    if not (cep and len(cep) == 8 and cep.isdigit()):
        return None
    for first, last, uf in CEP_RANGES:
        if first <= cep <= last:
            return uf
    return None


def ranges_of_uf(uf):
    """The (first, last) CEP ranges of a UF."""
    return [(first, last) for first, last, range_uf in CEP_RANGES if range_uf == uf]
