"""Reference vocabularies: ISO 3166 countries, ISO 639-1 languages, CEFR levels, ISCED-F fields.

Kept as data rather than tables: they change with standards, not with users.
"""

from __future__ import annotations

COUNTRIES: dict[str, str] = {
    "AE": "United Arab Emirates", "AR": "Argentina", "AT": "Austria", "AU": "Australia",
    "BE": "Belgium", "BG": "Bulgaria", "BH": "Bahrain", "BR": "Brazil", "CA": "Canada",
    "CH": "Switzerland", "CL": "Chile", "CN": "China", "CO": "Colombia", "CY": "Cyprus",
    "CZ": "Czechia", "DE": "Germany", "DK": "Denmark", "DZ": "Algeria", "EE": "Estonia",
    "EG": "Egypt", "ES": "Spain", "FI": "Finland", "FR": "France", "GB": "United Kingdom",
    "GR": "Greece", "HR": "Croatia", "HU": "Hungary", "ID": "Indonesia", "IE": "Ireland",
    "IN": "India", "IQ": "Iraq", "IR": "Iran", "IS": "Iceland", "IT": "Italy", "JO": "Jordan",
    "JP": "Japan", "KE": "Kenya", "KR": "South Korea", "KW": "Kuwait", "KZ": "Kazakhstan",
    "LB": "Lebanon", "LT": "Lithuania", "LU": "Luxembourg", "LV": "Latvia", "MA": "Morocco",
    "MT": "Malta", "MX": "Mexico", "MY": "Malaysia", "NG": "Nigeria", "NL": "Netherlands",
    "NO": "Norway", "NZ": "New Zealand", "OM": "Oman", "PK": "Pakistan", "PL": "Poland",
    "PT": "Portugal", "QA": "Qatar", "RO": "Romania", "RS": "Serbia", "SA": "Saudi Arabia",
    "SE": "Sweden", "SG": "Singapore", "SI": "Slovenia", "SK": "Slovakia", "TH": "Thailand",
    "TN": "Tunisia", "TR": "Turkey", "UA": "Ukraine", "US": "United States", "VN": "Viet Nam",
    "ZA": "South Africa",
}  # fmt: skip

LANGUAGES: dict[str, str] = {
    "ar": "Arabic", "de": "German", "en": "English", "es": "Spanish", "fa": "Persian",
    "fr": "French", "it": "Italian", "ja": "Japanese", "ko": "Korean", "nl": "Dutch",
    "pl": "Polish", "pt": "Portuguese", "ru": "Russian", "sv": "Swedish", "tr": "Turkish",
    "zh": "Chinese",
}  # fmt: skip

CEFR_LEVELS: tuple[str, ...] = ("A1", "A2", "B1", "B2", "C1", "C2")

# ISCED-F 2013: broad (2 digits), narrow (3) and detailed (4) fields used in agreements.
ISCED_FIELDS: dict[str, str] = {
    "00": "Generic programmes and qualifications",
    "01": "Education",
    "011": "Education",
    "02": "Arts and humanities",
    "021": "Arts",
    "022": "Humanities (except languages)",
    "0222": "History and archaeology",
    "0223": "Philosophy and ethics",
    "023": "Languages",
    "0232": "Literature and linguistics",
    "03": "Social sciences, journalism and information",
    "031": "Social and behavioural sciences",
    "0311": "Economics",
    "04": "Business, administration and law",
    "041": "Business and administration",
    "042": "Law",
    "05": "Natural sciences, mathematics and statistics",
    "051": "Biological and related sciences",
    "0512": "Biochemistry",
    "052": "Environment",
    "053": "Physical sciences",
    "0531": "Chemistry",
    "0533": "Physics",
    "054": "Mathematics and statistics",
    "06": "Information and Communication Technologies",
    "061": "Information and Communication Technologies",
    "0611": "Computer use",
    "0612": "Database and network design and administration",
    "0613": "Software and applications development and analysis",
    "07": "Engineering, manufacturing and construction",
    "071": "Engineering and engineering trades",
    "0711": "Chemical engineering and processes",
    "0713": "Electricity and energy",
    "0714": "Electronics and automation",
    "0715": "Mechanics and metal trades",
    "0719": "Engineering and engineering trades not elsewhere classified",
    "072": "Manufacturing and processing",
    "073": "Architecture and construction",
    "08": "Agriculture, forestry, fisheries and veterinary",
    "081": "Agriculture",
    "0811": "Crop and livestock production",
    "09": "Health and welfare",
    "091": "Health",
    "0912": "Medicine",
    "0914": "Medical diagnostic and treatment technology",
    "0916": "Pharmacy",
    "10": "Services",
}

EQF_LEVELS: tuple[str, ...] = ("6", "7", "8")


def country_name(code: str | None) -> str:
    return COUNTRIES.get(code or "", code or "")


def language_name(code: str | None) -> str:
    return LANGUAGES.get(code or "", code or "")


def isced_label(code: str) -> str:
    return f"{code} {ISCED_FIELDS.get(code, '')}".strip()


def country_choices() -> list[tuple[str, str]]:
    return sorted(COUNTRIES.items(), key=lambda item: item[1])


def language_choices() -> list[tuple[str, str]]:
    return sorted(LANGUAGES.items(), key=lambda item: item[1])


def isced_choices() -> list[tuple[str, str]]:
    return [(code, isced_label(code)) for code in ISCED_FIELDS]


def academic_year_label(start_year: int | None) -> str:
    """2026 -> '2026/2027', the form agreements and EWP use."""
    if start_year is None:
        return ""
    return f"{start_year}/{start_year + 1}"


def parse_academic_year(text: str) -> int | None:
    """'2026/2027' or '2026' -> 2026; None when it is not a well-formed academic year."""
    text = (text or "").strip()
    if "/" in text:
        first, _, second = text.partition("/")
        if first.isdigit() and second.isdigit() and int(second) == int(first) + 1:
            return int(first)
        return None
    if text.isdigit() and len(text) == 4:
        return int(text)
    return None


def cefr_at_least(actual: str | None, required: str | None) -> bool:
    if not required:
        return True
    if not actual or actual not in CEFR_LEVELS:
        return False
    return CEFR_LEVELS.index(actual) >= CEFR_LEVELS.index(required)
