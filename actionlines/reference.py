"""Reference vocabularies the importers share: organisations and GDC objectives.

The seed texts name organisations mostly by acronym; this directory gives each its full name
and kind, as the texts spell them (SOURCES.md §5.1). Importers call
``services.ensure_organization(acronym)`` so that every organisation is created once.
"""

from .models import Organization

K = Organization.Kind

#: acronym -> (full name, kind). Keys are the spellings used in the texts.
ORGANIZATIONS: dict[str, tuple[str, str]] = {
    "ITU": ("International Telecommunication Union", K.UN_AGENCY),
    "UNESCO": ("United Nations Educational, Scientific and Cultural Organization", K.UN_AGENCY),
    "UNDP": ("United Nations Development Programme", K.UN_AGENCY),
    "UNCTAD": ("United Nations Conference on Trade and Development", K.UN_AGENCY),
    "ECOSOC": ("Economic and Social Council", K.UN_BODY),
    "UN Regional Commissions": ("United Nations Regional Commissions", K.REGIONAL),
    "WTO": ("World Trade Organization", K.UN_AGENCY),
    "UPU": ("Universal Postal Union", K.UN_AGENCY),
    "UNIDO": ("United Nations Industrial Development Organization", K.UN_AGENCY),
    "WHO": ("World Health Organization", K.UN_AGENCY),
    "ILO": ("International Labour Organization", K.UN_AGENCY),
    "WMO": ("World Meteorological Organization", K.UN_AGENCY),
    "UNEP": ("United Nations Environment Programme", K.UN_AGENCY),
    "UN-Habitat": ("United Nations Human Settlements Programme", K.UN_AGENCY),
    "ICAO": ("International Civil Aviation Organization", K.UN_AGENCY),
    "FAO": ("Food and Agriculture Organization of the United Nations", K.UN_AGENCY),
    "OHCHR": ("Office of the United Nations High Commissioner for Human Rights", K.UN_SECRETARIAT),
    "UN-Women": (
        "United Nations Entity for Gender Equality and the Empowerment of Women",
        K.UN_AGENCY,
    ),
    "UNDESA": ("United Nations Department of Economic and Social Affairs", K.UN_SECRETARIAT),
    "CSTD": ("Commission on Science and Technology for Development", K.UN_BODY),
    "UNGIS": ("United Nations Group on the Information Society", K.UN_SECRETARIAT),
    "IGF": ("Internet Governance Forum", K.FORUM),
    "WSIS Forum": ("World Summit on the Information Society Forum", K.FORUM),
    "ODET": ("Office for Digital and Emerging Technologies", K.UN_SECRETARIAT),
    "PMICT": ("Partnership on Measuring ICT for Development", K.PARTNERSHIP),
    "Statistical Commission": ("United Nations Statistical Commission", K.UN_BODY),
    "IAWG-AI": ("Inter-Agency Working Group on Artificial Intelligence", K.UN_SECRETARIAT),
    "UNGA": ("United Nations General Assembly", K.UN_BODY),
    "UN Secretary-General": ("Secretary-General of the United Nations", K.UN_SECRETARIAT),
}

#: The five objectives of the Global Digital Compact (A/RES/79/1, annex I, paragraph 7).
#: The seed texts cite the Compact but do not list its objectives, so they are kept here.
GDC_OBJECTIVES: list[tuple[int, str]] = [
    (
        1,
        "Close all digital divides and accelerate progress across the Sustainable "
        "Development Goals",
    ),
    (2, "Expand inclusion in and benefits from the digital economy for all"),
    (
        3,
        "Foster an inclusive, open, safe and secure digital space that respects, protects and "
        "promotes human rights",
    ),
    (4, "Advance responsible, equitable and interoperable data governance approaches"),
    (5, "Enhance international governance of artificial intelligence for the benefit of humanity"),
]
